"""Helpers of the workflow tests (test_workflow, test_questions, test_publication, test_detail_views…).

Plain functions, so that the workflow tests need no conftest of their own.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from notifications.models import Message
from submissions import services
from submissions.models import CoSponsorship, Event, Submission
from tests.factories import DelegateFactory


def add_cosponsor(submission: Submission, *, delegation, invited_by, email="cosponsor@kenya.example"):
    """A delegate of `delegation`, which accepts to co-sponsor the paper; returns that delegate."""
    person = DelegateFactory(email=email, full_name="Kenya Cosponsor", delegation=delegation)
    invitation = services.invite_cosponsor(submission=submission, delegation=delegation, by=invited_by)
    services.respond_to_invitation(invitation=invitation, by=person, accept=True)
    assert invitation.submission.cosponsorships.get().status == CoSponsorship.Status.ACCEPTED
    return person


def with_status(submission: Submission, status: str) -> Submission:
    """Put a paper in a state directly (test setup only; the portal moves it through services)."""
    Submission.objects.filter(pk=submission.pk).update(status=status)
    submission.refresh_from_db()
    return submission


def snapshot(submission: Submission) -> tuple:
    """What a refused action must leave untouched."""
    submission.refresh_from_db()
    return (
        submission.status,
        Event.objects.filter(submission=submission).count(),
        AuditEntry.objects.count(),
        Message.objects.count(),
    )


def messages_for(event: str) -> list[Message]:
    return list(Message.objects.filter(event=event).order_by("to_email"))


def recipients(event: str) -> set[str]:
    return {m.to_email for m in Message.objects.filter(event=event)}


def text_file(text: str, name: str = "paper.txt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")
