"""Each person chooses per kind: immediately, in a daily digest, or not at all; and follows sub-items."""

import pytest
from django.core import mail

from notifications import services as notifications
from notifications.events import kinds_for
from notifications.models import Delivery, Follow, Message, Preference
from notifications.services import notify
from notifications.tasks import send_daily_digests
from submissions import services
from tests.factories import DelegateFactory, UserFactory

from .conftest import addresses, html_of, mail_to

pytestmark = pytest.mark.django_db


def submit(submission, by, capture):
    with capture(execute=True):
        return services.submit_submission(submission=submission, by=by)


def test_turning_a_kind_off_stops_it_for_that_person_only(
    cosponsored, delegate, chair_team, secretariat, django_capture_on_commit_callbacks
):
    notifications.update_preferences(user=chair_team, deliveries={"submission_received": Delivery.OFF})
    submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    assert "chair@un.example" not in addresses(mail.outbox)
    assert "secretariat@un.example" in addresses(mail.outbox)
    assert not Message.objects.filter(recipient=chair_team).exists()


def test_receipts_cannot_be_turned_off(cosponsored, delegate, django_capture_on_commit_callbacks):
    notifications.update_preferences(user=delegate, deliveries={"submission_receipt": Delivery.OFF})
    assert not Preference.objects.filter(user=delegate).exists()
    # Even a preference written behind the service's back does not silence a receipt.
    Preference.objects.create(user=delegate, kind="submission_receipt", delivery=Delivery.OFF)
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    assert submission.reference in mail_to(mail.outbox, "delegate@singapore.example").subject


def test_a_digest_gathers_held_notices_into_one_mail_sent_once(
    cosponsored, delegate, secretariat, django_capture_on_commit_callbacks
):
    notifications.update_preferences(
        user=secretariat,
        deliveries={"submission_received": Delivery.DIGEST, "version_uploaded": Delivery.DIGEST},
    )
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_version(submission=submission, by=delegate, file=cosponsored.versions.get().file, language="en")
    assert "secretariat@un.example" not in addresses(mail.outbox)
    held = Message.objects.filter(recipient=secretariat)
    assert [m.state for m in held] == [Message.State.HELD, Message.State.HELD]

    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 1
    digest = mail_to(mail.outbox, "secretariat@un.example")
    assert "2 notices" in digest.subject
    for text in (digest.body, html_of(digest)):
        assert f"New paper {submission.reference}" in text
        assert f"Revision: {submission.reference} version 2" in text
        assert f"https://portal.example.org/submissions/{submission.public_id}/" in text
    assert set(held.exclude(event="digest").values_list("state", flat=True)) == {Message.State.DIGESTED}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 0
    assert mail.outbox == []


def test_kinds_offered_follow_the_persons_role(delegate, chair_team, secretariat, admin_user):
    def keys(user):
        return {notice.key: notice.locked for notice in kinds_for(user)}

    delegates = keys(delegate)
    assert delegates["submission_receipt"] is True  # locked
    for kind in ("followed_new_paper", "cosponsor_invited", "cosponsor_answer", "submission_withdrawn"):
        assert delegates[kind] is False
    assert not {"submission_received", "version_uploaded", "indexing_failed"} & delegates.keys()

    chairs = keys(chair_team)
    for kind in ("submission_received", "version_uploaded", "submission_withdrawn", "followed_new_paper"):
        assert chairs[kind] is False
    assert not {"submission_receipt", "cosponsor_invited", "indexing_failed"} & chairs.keys()
    assert "indexing_failed" in keys(secretariat)
    assert keys(admin_user) == {"followed_new_paper": False}


def test_a_person_cannot_set_a_kind_that_does_not_concern_them(delegate):
    notifications.update_preferences(
        user=delegate, deliveries={"indexing_failed": Delivery.OFF, "cosponsor_invited": "sometimes"}
    )
    assert not Preference.objects.filter(user=delegate).exists()


def test_followers_of_a_sub_item_get_new_papers_in_their_digest(
    cosponsored, delegate, chair_team, capacity_building, threats, django_capture_on_commit_callbacks
):
    # The Chair's team member does not want each new paper at once, but follows capacity-building.
    notifications.update_preferences(
        user=chair_team, deliveries={"submission_received": Delivery.OFF}, followed_items=[capacity_building]
    )
    observer = UserFactory(email="observer@un.example")  # no role: may not read unpublished papers
    notifications.update_preferences(user=observer, deliveries={}, followed_items=[capacity_building])
    threat_watcher = DelegateFactory(email="someone@france.example", delegation__name="France")
    notifications.update_preferences(user=threat_watcher, deliveries={}, followed_items=[threats])

    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)

    followed = Message.objects.get(recipient=chair_team)
    assert followed.state == Message.State.HELD
    assert followed.kind == "followed_new_paper"
    assert not Message.objects.filter(recipient=observer).exists()
    assert not Message.objects.filter(recipient=threat_watcher).exists()
    with django_capture_on_commit_callbacks(execute=True):
        send_daily_digests()
    assert submission.title in mail_to(mail.outbox, "chair@un.example").body


def test_a_follower_may_choose_to_hear_at_once(
    cosponsored, delegate, chair_team, capacity_building, django_capture_on_commit_callbacks
):
    notifications.update_preferences(
        user=chair_team,
        deliveries={"submission_received": Delivery.OFF, "followed_new_paper": Delivery.IMMEDIATE},
        followed_items=[capacity_building],
    )
    submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    assert "sub-item you follow" in mail_to(mail.outbox, "chair@un.example").subject


def test_a_follower_who_already_gets_the_notice_gets_it_once(
    cosponsored, delegate, chair_team, capacity_building, django_capture_on_commit_callbacks
):
    notifications.update_preferences(user=chair_team, deliveries={}, followed_items=[capacity_building])
    submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    assert Message.objects.filter(recipient=chair_team).count() == 1


def test_following_keeps_sub_items_only_and_can_be_undone(delegate, capacity_building, agenda_item_5, threats):
    notifications.update_preferences(user=delegate, deliveries={}, followed_items=[capacity_building, agenda_item_5])
    assert set(Follow.objects.filter(user=delegate).values_list("agenda_item__code", flat=True)) == {"5(e)"}
    notifications.update_preferences(user=delegate, deliveries={}, followed_items=[threats])
    assert set(Follow.objects.filter(user=delegate).values_list("agenda_item__code", flat=True)) == {"5(a)"}


def test_a_published_paper_reaches_everyone_following_its_sub_item(
    cosponsored, delegate, capacity_building, django_capture_on_commit_callbacks
):
    observer = UserFactory(email="observer@un.example")
    notifications.update_preferences(
        user=observer, deliveries={"followed_new_paper": Delivery.IMMEDIATE}, followed_items=[capacity_building]
    )
    submission = submit(cosponsored, delegate, django_capture_on_commit_callbacks)
    assert not Message.objects.filter(recipient=observer).exists()  # not public yet

    submission.status = submission.Status.PUBLISHED
    submission.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        notify("submission.published", submission=submission, actor=None)
    assert "Published on a sub-item you follow" in mail_to(mail.outbox, "observer@un.example").subject
    # The observer cannot open the paper's page (public pages come later): no link to a refusal.
    message = Message.objects.get(recipient=observer)
    assert message.url == ""
    assert "/submissions/" not in message.body_text
    # Its own delegation's notice keeps the link.
    assert Message.objects.filter(recipient=delegate, event="submission.published").exclude(url="").exists()
