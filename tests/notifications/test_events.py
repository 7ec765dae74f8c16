"""Each event reaches the right people, once, in text and HTML, with working links."""

import re

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Message
from notifications.services import UnknownEvent, notify
from submissions import services
from submissions.models import CoSponsorship
from tests.factories import DelegateFactory, pdf_upload

from .conftest import addresses, html_of, mail_to

pytestmark = pytest.mark.django_db


def submit(submission, by, capture):
    with capture(execute=True):
        return services.submit_submission(submission=submission, by=by)


def test_submitting_a_cosponsored_paper_sends_receipt_notices_and_invitation_once_each(
    cosponsored, delegate, focal_point, chair_team, secretariat, other_delegate, mailboxes,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)

    assert addresses(mail.outbox) == sorted(
        [
            "delegate@singapore.example",  # receipt
            "focal@singapore.example",  # receipt
            "chair@un.example",
            "chair-team@un.example",
            "secretariat@un.example",
            "oewg-secretariat@un.example",
            "delegate@kenya.example",  # invitation
        ]
    )
    receipt = mail_to(mail.outbox, "delegate@singapore.example")
    assert submission.reference in receipt.subject
    # Codes are isolated for right-to-left readers (<bdi dir="ltr">5(e)</bdi>); the text reads the same.
    for text in (receipt.body, re.sub(r"</?bdi[^>]*>", "", html_of(receipt))):
        assert submission.reference in text
        assert "Global cooperation portal" in text
        assert "5(e) Capacity-building" in text
        assert "Kenya (invited)" in text
        assert f"https://portal.example.org/submissions/{submission.public_id}/" in text
        assert "https://portal.example.org/notifications/preferences/" in text
    assert receipt.from_email == "OEWG portal <no-reply@portal.example.org>"
    assert receipt.reply_to == ["oewg-secretariat@un.example"]
    assert receipt.extra_headers["Message-ID"].endswith("@portal.example.org>")

    notice = mail_to(mail.outbox, "chair@un.example")
    assert "New paper" in notice.subject and "Singapore" in notice.subject
    assert "A portal for cooperation & capacity-building." in notice.body  # plain text is not HTML-escaped
    assert "A portal for cooperation &amp; capacity-building." in html_of(notice)

    invitation = mail_to(mail.outbox, "delegate@kenya.example")
    assert "Invitation to co-sponsor" in invitation.subject
    assert "invites Kenya to co-sponsor" in invitation.body

    assert Message.objects.count() == 7
    assert set(Message.objects.values_list("state", flat=True)) == {Message.State.SENT}


def test_shared_mailbox_mail_has_no_personal_preferences_line(
    cosponsored, delegate, mailboxes, django_capture_on_commit_callbacks
):
    submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    shared = mail_to(mail.outbox, "chair-team@un.example")
    assert "Dear colleagues" in shared.body
    assert "shared mailbox" in shared.body
    assert Message.objects.get(to_email="chair-team@un.example").recipient is None


def test_inactive_people_and_other_delegations_get_nothing(
    cosponsored, delegate, inactive_chair, other_delegate, django_capture_on_commit_callbacks
):
    other_singaporean = DelegateFactory(email="old@singapore.example", delegation=delegate.delegation, is_active=False)
    submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    sent_to = addresses(mail.outbox)
    assert inactive_chair.email not in sent_to
    assert other_singaporean.email not in sent_to
    # Kenya is invited, so it hears of the invitation, but it gets no receipt.
    assert mail_to(mail.outbox, "delegate@kenya.example").subject.startswith("Invitation")


def test_a_draft_sends_nothing_until_it_is_submitted(
    delegate, session, capacity_building, kenya, chair_team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_submission(
            by=delegate, title="Draft", session=session, sub_items=[capacity_building], cosponsors=[kenya],
            file=pdf_upload(),
        )  # fmt: skip
    assert mail.outbox == []
    assert not Message.objects.exists()


def test_a_mailbox_that_is_also_a_person_gets_one_mail(
    cosponsored, delegate, secretariat, settings, django_capture_on_commit_callbacks
):
    settings.SECRETARIAT_EMAIL = "Secretariat@un.example"
    submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    assert len([m for m in mail.outbox if m.to[0].lower() == "secretariat@un.example"]) == 1


def test_a_revision_tells_both_teams_what_changed(
    cosponsored, delegate, chair_team, secretariat, django_capture_on_commit_callbacks
):
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_version(
            submission=submission, by=delegate, file=pdf_upload("rev1.pdf"), language="fr", note="Answers the questions"
        )
    assert addresses(mail.outbox) == ["chair@un.example", "secretariat@un.example"]
    notice = mail_to(mail.outbox, "chair@un.example")
    assert "version 2" in notice.subject
    for text in (notice.body, html_of(notice)):
        assert "Answers the questions" in text
        assert "French" in text
        assert submission.reference in text


def test_cosponsor_answers_reach_the_submitting_delegation(
    cosponsored, delegate, focal_point, other_delegate, chair_team, django_capture_on_commit_callbacks
):
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    invitation = submission.cosponsorships.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_invitation(invitation=invitation, by=other_delegate, accept=True)
    assert addresses(mail.outbox) == ["delegate@singapore.example", "focal@singapore.example"]
    assert "Kenya co-sponsors" in mail.outbox[0].subject
    assert "Kenya (accepted)" in mail.outbox[0].body


def test_a_declined_invitation_reaches_the_submitting_delegation(
    cosponsored, delegate, other_delegate, django_capture_on_commit_callbacks
):
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_invitation(invitation=submission.cosponsorships.get(), by=other_delegate, accept=False)
    assert addresses(mail.outbox) == ["delegate@singapore.example"]
    assert "declined" in mail.outbox[0].subject


def test_an_invitation_after_submission_goes_to_the_invited_delegation(
    cosponsored, delegate, chair_team, django_capture_on_commit_callbacks
):
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    france = DelegateFactory(email="delegate@france.example", delegation__name="France").delegation
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_cosponsor(submission=submission, delegation=france, by=delegate)
    assert addresses(mail.outbox) == ["delegate@france.example"]


def test_a_withdrawal_reaches_both_teams_and_accepted_cosponsors_only(
    cosponsored, delegate, other_delegate, chair_team, secretariat, django_capture_on_commit_callbacks
):
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_to_invitation(invitation=submission.cosponsorships.get(), by=other_delegate, accept=True)
    invited_only = DelegateFactory(email="delegate@france.example", delegation__name="France")
    CoSponsorship.objects.create(submission=submission, delegation=invited_only.delegation, invited_by=delegate)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_submission(submission=submission, by=delegate, reason="Merged into a joint paper")
    assert addresses(mail.outbox) == ["chair@un.example", "delegate@kenya.example", "secretariat@un.example"]
    assert "Merged into a joint paper" in mail_to(mail.outbox, "chair@un.example").body


def test_indexing_failure_reaches_the_secretariat_with_the_reason(
    cosponsored, delegate, chair_team, secretariat, mailboxes, django_capture_on_commit_callbacks
):
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            "indexing.failed",
            submission=submission,
            version=submission.versions.get(),
            reason="The PDF is password-protected.",
            actor=None,
        )
    assert addresses(mail.outbox) == ["oewg-secretariat@un.example", "secretariat@un.example"]
    notice = mail_to(mail.outbox, "secretariat@un.example")
    assert "Indexing failed" in notice.subject
    assert "The PDF is password-protected." in notice.body
    assert "The PDF is password-protected." in html_of(notice)


def test_messages_are_written_in_the_events_transaction(cosponsored, delegate, chair_team):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_submission(submission=cosponsored, by=delegate)
        assert Message.objects.filter(to_email="chair@un.example").exists()
        raise RuntimeError("the event's transaction fails")
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_nothing_is_sent_before_the_transaction_commits(
    cosponsored, delegate, chair_team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_submission(submission=cosponsored, by=delegate)
    assert mail.outbox == []
    assert set(Message.objects.values_list("state", flat=True)) == {Message.State.QUEUED}
    for callback in callbacks:
        callback()
    assert mail_to(mail.outbox, "chair@un.example")


def test_an_unknown_event_is_a_programming_error(submitted, delegate):
    with pytest.raises(UnknownEvent):
        notify("no.such.event", submission=submitted, actor=delegate)


@pytest.mark.parametrize(
    ("language", "subject_start", "greeting", "preferences_line"),
    [
        ("fr", "Reçu : ", "Bonjour Sing Delegate,", "modifiez vos préférences de notification"),
        ("es", "Recibido: ", "Estimado/a Sing Delegate:", "cambie sus preferencias de notificación"),
        ("en", "Received: ", "Dear Sing Delegate,", "change your notification preferences"),
    ],
)
def test_each_person_gets_mail_in_their_preferred_language(
    cosponsored, delegate, django_capture_on_commit_callbacks, language, subject_start, greeting, preferences_line
):
    delegate.preferred_language = language
    delegate.save()
    submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    receipt = mail_to(mail.outbox, delegate.email)
    assert receipt.subject.startswith(subject_start)
    assert greeting in receipt.body
    assert preferences_line in receipt.body
    assert f'lang="{language}"' in html_of(receipt)
    assert receipt.extra_headers["Content-Language"] == language


def test_a_language_without_translated_mail_gets_english_not_a_mixture(
    cosponsored, delegate, django_capture_on_commit_callbacks, settings
):
    # All six UN languages have their mail; a seventh offered one day must not get a mixture.
    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "German")]
    delegate.preferred_language = "de"
    delegate.save()
    submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    receipt = mail_to(mail.outbox, delegate.email)
    assert receipt.subject.startswith("Received: ")
    assert 'lang="en" dir="ltr"' in html_of(receipt)
