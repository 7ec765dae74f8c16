import datetime
import uuid

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from agenda.models import DeadlineExtension
from audit.models import AuditEntry
from notifications.models import Message
from submissions import services
from submissions.models import CoSponsorship, Submission
from tests.factories import DelegateFactory, pdf_upload


def test_a_draft_keeps_its_file_as_version_one(draft):
    version = draft.versions.get()
    assert version.number == 1
    assert version.content_type == "application/pdf"
    assert len(version.sha256) == 64
    assert version.file.read().startswith(b"%PDF-")
    assert draft.status == Submission.Status.DRAFT
    assert draft.reference is None


def test_submitting_gives_a_reference_and_records_history(submitted, delegate):
    assert submitted.status == Submission.Status.SUBMITTED
    assert submitted.reference.startswith("OEWG-")
    assert submitted.submitted_by == delegate
    assert [e.kind for e in submitted.events.all()] == ["created", "version_uploaded", "submitted"]
    assert AuditEntry.objects.filter(action="submission.submitted", object_id=str(submitted.pk)).exists()


def test_references_are_unique_and_sequential(delegate, session, sub_item):
    refs = []
    for n in range(3):
        sub = services.create_submission(
            by=delegate, title=f"P{n}", session=session, sub_items=[sub_item], file=pdf_upload()
        )
        refs.append(services.submit_submission(submission=sub, by=delegate).reference)
    numbers = [int(r.rsplit("-", 1)[1]) for r in refs]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_submitting_twice_changes_nothing(submitted, delegate):
    again = services.submit_submission(submission=submitted, by=delegate)
    assert again.reference == submitted.reference
    assert submitted.events.filter(kind="submitted").count() == 1


def test_a_submission_needs_a_file(delegate, session, sub_item):
    sub = services.create_submission(by=delegate, title="No file", session=session, sub_items=[sub_item])
    with pytest.raises(services.SubmissionError, match="Upload the file"):
        services.submit_submission(submission=sub, by=delegate)


def test_deadline_passed_refuses_submission_and_keeps_draft(draft, delegate):
    draft.session.submission_deadline = timezone.now() - datetime.timedelta(minutes=1)
    draft.session.save()
    with pytest.raises(services.SubmissionClosed, match="closed on"):
        services.submit_submission(submission=draft, by=delegate)
    draft.refresh_from_db()
    assert draft.status == Submission.Status.DRAFT
    assert draft.reference is None


def test_an_extension_for_one_delegation_reopens_it(draft, delegate, secretariat):
    draft.session.submission_deadline = timezone.now() - datetime.timedelta(minutes=1)
    draft.session.save()
    DeadlineExtension.objects.create(
        session=draft.session,
        delegation=delegate.delegation,
        deadline=timezone.now() + datetime.timedelta(days=1),
        granted_by=secretariat,
    )
    assert services.submit_submission(submission=draft, by=delegate).status == Submission.Status.SUBMITTED


def test_the_same_form_posted_twice_creates_one_submission(delegate, session, sub_item):
    token = uuid.uuid4()
    first = services.create_submission(
        by=delegate, title="Once", session=session, sub_items=[sub_item], form_token=token
    )
    second = services.create_submission(
        by=delegate, title="Once", session=session, sub_items=[sub_item], form_token=token
    )
    assert first.pk == second.pk
    assert Submission.objects.count() == 1


def test_another_persons_form_token_neither_finds_their_paper_nor_blocks_mine(
    delegate, other_delegate, session, sub_item
):
    token = uuid.uuid4()
    theirs = services.create_submission(
        by=other_delegate, title="Theirs", session=session, sub_items=[sub_item], form_token=token
    )
    mine = services.create_submission(
        by=delegate, title="Mine", session=session, sub_items=[sub_item], form_token=token
    )
    assert mine.pk != theirs.pk
    assert (mine.title, mine.delegation, mine.form_token) == ("Mine", delegate.delegation, None)


def test_a_paper_submitted_in_the_transaction_that_made_it_tells_its_invited_cosponsors(
    delegate, kenya, session, sub_item
):
    kenyan = DelegateFactory(delegation=kenya)
    with transaction.atomic():
        paper = services.create_submission(
            by=delegate,
            title="Made and sent",
            session=session,
            sub_items=[sub_item],
            cosponsors=[kenya],
            file=pdf_upload(),
        )
        services.submit_submission(submission=paper, by=delegate)
    assert Message.objects.get(event="cosponsor.invited").recipient == kenyan
    receipt = Message.objects.get(event="submission.received", recipient=delegate)
    assert "Kenya" in receipt.body_text and sub_item.localized_title in receipt.body_text
    assert paper.versions.get().number == 1 and Submission.objects.get().version_count == 1


def test_an_invitation_made_between_creating_and_submitting_is_told_too(delegate, kenya, session, sub_item):
    """As the demo loader does: create, invite, submit, in one transaction."""
    kenyan = DelegateFactory(delegation=kenya)
    with transaction.atomic():
        paper = services.create_submission(
            by=delegate, title="Invited later", session=session, sub_items=[sub_item], file=pdf_upload()
        )
        services.invite_cosponsor(submission=paper, delegation=kenya, by=delegate)
        services.submit_submission(submission=paper, by=delegate)
    assert Message.objects.get(event="cosponsor.invited").recipient == kenyan
    assert "Kenya" in Message.objects.get(event="submission.received", recipient=delegate).body_text


def test_the_secretariat_records_a_paper_with_its_cosponsors_and_they_are_told(
    secretariat, singapore, kenya, session, sub_item
):
    kenyan = DelegateFactory(delegation=kenya)
    services.record_emailed_paper(
        by=secretariat,
        delegation=singapore,
        received_at=timezone.now(),
        file=pdf_upload(),
        title="Sent by email with a co-sponsor",
        session=session,
        sub_items=[sub_item],
        cosponsors=[kenya],
    )
    assert Message.objects.get(event="cosponsor.invited").recipient == kenyan


def test_a_revision_is_version_two_and_keeps_version_one(submitted, delegate):
    version = services.add_version(
        submission=submitted,
        by=delegate,
        file=pdf_upload("rev1.pdf"),
        language="fr",
        note="After the Chair's questions",
    )
    assert version.number == 2
    assert list(submitted.versions.values_list("number", "language")) == [(1, "en"), (2, "fr")]


def test_another_delegation_cannot_revise_or_withdraw(submitted, other_delegate):
    with pytest.raises(PermissionDenied):
        services.add_version(submission=submitted, by=other_delegate, file=pdf_upload(), language="en")
    with pytest.raises(PermissionDenied):
        services.withdraw_submission(submission=submitted, by=other_delegate)


def test_cosponsor_appears_only_once_accepted(submitted, delegate, other_delegate):
    invitation = services.invite_cosponsor(submission=submitted, delegation=other_delegate.delegation, by=delegate)
    assert invitation.status == CoSponsorship.Status.INVITED
    services.respond_to_invitation(invitation=invitation, by=other_delegate, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == CoSponsorship.Status.ACCEPTED
    with pytest.raises(PermissionDenied):
        services.add_version(submission=submitted, by=other_delegate, file=pdf_upload(), language="en")


def test_only_the_invited_delegation_answers(submitted, delegate, other_delegate, kenya):
    invitation = services.invite_cosponsor(submission=submitted, delegation=kenya, by=delegate)
    with pytest.raises(PermissionDenied):
        services.respond_to_invitation(invitation=invitation, by=delegate, accept=True)


def test_withdrawal_keeps_the_submission_with_who_and_when(submitted, delegate):
    services.withdraw_submission(submission=submitted, by=delegate, reason="Merged into a joint paper")
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.WITHDRAWN
    assert submitted.withdrawn_by == delegate
    assert submitted.withdrawn_at is not None
    assert submitted.versions.count() == 1


def test_a_draft_cannot_be_withdrawn_into_sight_of_reviewers_or_invitees(
    draft, delegate, other_delegate, kenya, chair_team
):
    # A withdrawn paper is shown to the Chair's team and to invited delegations; a draft never is.
    services.invite_cosponsor(submission=draft, delegation=kenya, by=delegate)
    with pytest.raises(PermissionDenied):
        services.withdraw_submission(submission=draft, by=delegate)
    draft.refresh_from_db()
    assert draft.status == Submission.Status.DRAFT
    assert not rules.has_perm("submissions.view_submission", chair_team, draft)
    assert not rules.has_perm("submissions.view_submission", other_delegate, draft)


def test_audit_entries_cannot_be_changed(submitted):
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_the_secretariat_records_a_paper_received_by_email(secretariat, singapore, session, sub_item, delegate):
    received = timezone.now() - datetime.timedelta(days=1)
    submission = services.record_emailed_paper(
        by=secretariat,
        delegation=singapore,
        received_at=received,
        file=pdf_upload(),
        title="Sent by email",
        session=session,
        sub_items=[sub_item],
    )
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.delegation == singapore
    assert submission.submitted_at == received
    assert "recorded_from_email" in [e.kind for e in submission.events.all()]
    # Its delegation sees it and can revise it.
    services.add_version(submission=submission, by=delegate, file=pdf_upload("v2.pdf"), language="en")
    assert submission.versions.count() == 2


def test_a_delegate_cannot_record_for_another_delegation(delegate, kenya, session, sub_item):
    with pytest.raises(PermissionDenied):
        services.record_emailed_paper(
            by=delegate,
            delegation=kenya,
            received_at=timezone.now(),
            file=pdf_upload(),
            title="x",
            session=session,
            sub_items=[sub_item],
        )


def test_an_edited_title_is_found_by_search(delegate, session, sub_item, django_capture_on_commit_callbacks):
    from indexing.search import search

    with django_capture_on_commit_callbacks(execute=True):  # indexes the file, in-process
        draft = services.create_submission(
            by=delegate, title="Old title", session=session, sub_items=[sub_item], file=pdf_upload()
        )
    assert search("repository", submissions=Submission.objects.all()).hits == []
    services.update_draft(submission=draft, by=delegate, title="Threat repository within the United Nations")
    hits = search("repository", submissions=Submission.objects.all())
    assert [hit.submission.pk for hit in hits.hits] == [draft.pk]


def test_a_discarded_draft_leaves_nothing_in_the_search_index(
    delegate, session, sub_item, django_capture_on_commit_callbacks
):
    from indexing.search import indexed_count, search

    with django_capture_on_commit_callbacks(execute=True):  # indexes the file, in-process
        draft = services.create_submission(
            by=delegate, title="Threat repository draft", session=session, sub_items=[sub_item], file=pdf_upload()
        )
    before = indexed_count()
    services.discard_draft(submission=draft, by=delegate)
    assert indexed_count() == before - 1
    assert search("repository", submissions=Submission.objects.all()).hits == []


def test_a_paper_received_by_email_after_the_deadline_is_refused_and_stores_nothing(
    secretariat, singapore, session, sub_item, settings
):
    from pathlib import Path

    media = Path(settings.MEDIA_ROOT)
    before = {p for p in media.rglob("*") if p.is_file()} if media.exists() else set()
    late = session.submission_deadline + datetime.timedelta(days=1)
    with pytest.raises(services.SubmissionClosed):
        services.record_emailed_paper(
            by=secretariat,
            delegation=singapore,
            received_at=late,
            file=pdf_upload(),
            title="Late",
            session=session,
            sub_items=[sub_item],
        )
    after = {p for p in media.rglob("*") if p.is_file()} if media.exists() else set()
    assert after == before
    assert not Submission.objects.filter(title="Late").exists()


def test_another_persons_upload_token_neither_finds_their_version_nor_blocks_mine(
    draft, delegate, other_delegate, session, sub_item
):
    token = uuid.uuid4()
    theirs = services.create_submission(by=other_delegate, title="Theirs", session=session, sub_items=[sub_item])
    their_version = services.add_version(
        submission=theirs, by=other_delegate, file=pdf_upload(), language="en", form_token=token
    )
    mine = services.add_version(submission=draft, by=delegate, file=pdf_upload(), language="en", form_token=token)
    assert mine.pk != their_version.pk and mine.submission == draft
    # My own token still finds my own upload (a double post).
    own = uuid.uuid4()
    first = services.add_version(submission=draft, by=delegate, file=pdf_upload(), language="en", form_token=own)
    again = services.add_version(submission=draft, by=delegate, file=pdf_upload(), language="en", form_token=own)
    assert again.pk == first.pk
