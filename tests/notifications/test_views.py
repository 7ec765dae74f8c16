"""The pages: each person's messages, preferences, and the Secretariat's outbox."""

import smtplib

import pytest
from django.urls import reverse

from notifications import sending
from notifications.models import Delivery, Follow, Message, Preference
from submissions import services
from tests.factories import ChairTeamFactory, DelegateFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "delegate", "chair_team", "secretariat", "admin_user"]


@pytest.fixture
def person(request):
    return None if request.param == "anonymous" else request.getfixturevalue(request.param)


@pytest.fixture
def sent(cosponsored, delegate, other_delegate, chair_team, secretariat, admin_user):
    """A submitted paper whose receipt, notices and invitation were all sent."""
    submission = services.submit_submission(submission=cosponsored, by=delegate)
    sending.send_due()
    return submission


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("person", "expected"),
    [("anonymous", 302), ("delegate", 200), ("chair_team", 200), ("secretariat", 200), ("admin_user", 200)],
    indirect=["person"],
)
@pytest.mark.parametrize("name", ["notifications:messages", "notifications:preferences"])
def test_personal_pages_need_a_login(client, person, expected, name):
    response = login(client, person).get(reverse(name))
    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("person", "expected"),
    [("anonymous", 302), ("delegate", 403), ("chair_team", 403), ("secretariat", 200), ("admin_user", 200)],
    indirect=["person"],
)
def test_only_the_secretariat_sees_the_outbox(client, person, expected):
    assert login(client, person).get(reverse("notifications:outbox")).status_code == expected


@pytest.mark.parametrize(
    ("person", "expected"),
    [("anonymous", 302), ("delegate", 403), ("chair_team", 403), ("secretariat", 302), ("admin_user", 302)],
    indirect=["person"],
)
def test_only_the_secretariat_resends(client, person, expected, sent):
    message = Message.objects.get(to_email="chair@un.example")
    client = login(client, person)
    assert client.post(reverse("notifications:resend", args=[message.public_id])).status_code == expected
    assert client.post(reverse("notifications:resend_failed")).status_code == expected
    copies = Message.objects.filter(resend_of=message).count()
    assert copies == (1 if expected == 302 and person is not None else 0)


def test_resend_is_a_post_only(client, secretariat, sent):
    message = Message.objects.get(to_email="chair@un.example")
    client.force_login(secretariat)
    assert client.get(reverse("notifications:resend", args=[message.public_id])).status_code == 405


def test_a_delegate_sees_the_messages_sent_to_them_and_no_others(client, sent, delegate):
    client.force_login(delegate)
    page = client.get(reverse("notifications:messages")).content.decode()
    assert "Received: " in page
    assert sent.reference in page
    assert "Sent" in page
    assert "New paper" not in page  # the Chair's team's notice
    assert "Invitation to co-sponsor" not in page  # Kenya's

    own = Message.objects.get(recipient=delegate)
    detail = client.get(reverse("notifications:message", args=[own.public_id]))
    assert detail.status_code == 200
    assert sent.title in detail.content.decode()

    kenyas = Message.objects.get(to_email="delegate@kenya.example")
    assert client.get(reverse("notifications:message", args=[kenyas.public_id])).status_code == 404


def test_a_colleague_in_the_same_delegation_does_not_see_my_messages(client, sent, delegate):
    colleague = DelegateFactory(email="colleague@singapore.example", delegation=delegate.delegation)
    client.force_login(colleague)
    own = Message.objects.get(recipient=delegate)
    assert client.get(reverse("notifications:message", args=[own.public_id])).status_code == 404


def test_the_chair_team_cannot_open_other_peoples_messages(client, sent, chair_team, delegate):
    client.force_login(chair_team)
    receipt = Message.objects.get(recipient=delegate)
    assert client.get(reverse("notifications:message", args=[receipt.public_id])).status_code == 404


def test_the_secretariat_opens_any_message_from_the_outbox(client, sent, secretariat, delegate):
    client.force_login(secretariat)
    receipt = Message.objects.get(recipient=delegate)
    assert client.get(reverse("notifications:message", args=[receipt.public_id])).status_code == 200


def test_a_delegate_sees_a_failed_and_a_queued_message_as_such(client, cosponsored, delegate, smtp_errors):
    services.submit_submission(submission=cosponsored, by=delegate)
    receipt = Message.objects.get(recipient=delegate)
    smtp_errors.append(smtplib.SMTPRecipientsRefused({delegate.email: (550, b"mailbox unavailable")}))
    sending.deliver(receipt.pk)
    client.force_login(delegate)
    page = client.get(reverse("notifications:messages")).content.decode()
    assert "Failed" in page
    assert "mailbox unavailable" not in page  # the server's answer is for the Secretariat


def test_the_outbox_shows_failures_with_the_servers_answer_and_filters_by_state(
    client, cosponsored, delegate, secretariat, smtp_errors
):
    services.submit_submission(submission=cosponsored, by=delegate)
    receipt = Message.objects.get(recipient=delegate)
    smtp_errors.append(smtplib.SMTPRecipientsRefused({delegate.email: (550, b"5.1.1 mailbox unavailable")}))
    sending.deliver(receipt.pk)
    client.force_login(secretariat)

    failed = client.get(reverse("notifications:outbox"), {"state": "failed"}).content.decode()
    assert "550 5.1.1 mailbox unavailable" in failed
    assert delegate.email in failed
    assert "Resend 1 failed message" in failed
    assert "secretariat@un.example" not in failed.split("<main", 1)[1].split("</table>")[0]

    queued = client.get(reverse("notifications:outbox"), {"state": "queued"}).content.decode()
    assert "secretariat@un.example" in queued
    assert "550 5.1.1" not in queued


def test_resending_from_the_outbox_sends_the_message(
    client, cosponsored, delegate, secretariat, smtp_errors, django_capture_on_commit_callbacks, mailoutbox
):
    services.submit_submission(submission=cosponsored, by=delegate)
    receipt = Message.objects.get(recipient=delegate)
    smtp_errors.append(smtplib.SMTPRecipientsRefused({delegate.email: (550, b"mailbox unavailable")}))
    sending.deliver(receipt.pk)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:resend", args=[receipt.public_id]),
            {"next": reverse("notifications:outbox") + "?state=failed"},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == reverse("notifications:outbox") + "?state=failed"
    assert "queued again" in response.content.decode()
    receipt.refresh_from_db()
    assert receipt.state == Message.State.SENT
    assert [m.to for m in mailoutbox] == [[delegate.email]]


def test_resend_never_redirects_off_site(client, sent, secretariat):
    client.force_login(secretariat)
    message = Message.objects.get(to_email="chair@un.example")
    response = client.post(reverse("notifications:resend", args=[message.public_id]), {"next": "https://evil.example/"})
    assert response.url == reverse("notifications:outbox")


def test_preferences_page_saves_choices_and_follows(client, delegate, capacity_building, threats):
    client.force_login(delegate)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Receipts for papers my delegation submits" in page
    assert "cannot be turned off" in page
    assert "Files whose text could not be indexed" not in page
    assert "5(e)" in page and "5(a)" in page

    response = client.post(
        reverse("notifications:preferences"),
        {
            "kind_cosponsor_invited": Delivery.DIGEST,
            "kind_submission_withdrawn": Delivery.OFF,
            "kind_submission_receipt": Delivery.OFF,  # locked: ignored
            "followed": [capacity_building.pk],
        },
    )
    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=delegate).values_list("kind", "delivery")) == {
        "cosponsor_invited": Delivery.DIGEST,
        "submission_withdrawn": Delivery.OFF,
    }
    assert list(Follow.objects.filter(user=delegate).values_list("agenda_item", flat=True)) == [capacity_building.pk]
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "saved" in page


def test_preferences_page_shows_the_right_kinds_to_the_secretariat(client, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Files whose text could not be indexed" in page
    assert "Receipts for papers my delegation submits" not in page


def test_message_list_queries_do_not_grow_with_messages(client, delegate, django_assert_max_num_queries, sent):
    client.force_login(delegate)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("notifications:messages"))
    for n in range(30):
        Message.objects.create(
            event="submission.received", kind="submission_receipt", recipient=delegate, to_email=delegate.email,
            language="en", subject=f"Receipt {n}", body_text="x", body_html="x", message_id=f"<{n}@x>",
        )  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("notifications:messages"))


def test_outbox_queries_do_not_grow_with_messages(client, secretariat, django_assert_max_num_queries, sent):
    client.force_login(secretariat)
    with django_assert_max_num_queries(15) as small:
        client.get(reverse("notifications:outbox"))
    for n in range(30):
        ChairTeamFactory(email=f"chair{n}@un.example")
    services.add_version(
        submission=sent, by=sent.created_by, file=sent.versions.get().file, language="en", note="More people"
    )
    assert Message.objects.count() > 30
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("notifications:outbox"))


def test_addresses_that_people_typed_are_not_links_on_the_message_page(client, delegate, cosponsored):
    cosponsored.title = "Portal https://evil.example/login and www.evil.example"
    cosponsored.save()
    services.submit_submission(submission=cosponsored, by=delegate)
    sending.send_due()
    own = Message.objects.get(recipient=delegate)
    assert "https://evil.example/login" in own.body_text
    client.force_login(delegate)
    page = client.get(reverse("notifications:message", args=[own.public_id])).content.decode()
    assert "https://evil.example/login" in page
    assert 'href="https://evil.example' not in page and 'href="http://www.evil.example' not in page
    # The portal's own address in the text is still a link.
    own_link = f"https://portal.example.org/submissions/{cosponsored.public_id}/"
    assert f'<a href="{own_link}">{own_link}</a>' in page


def test_the_message_text_is_escaped_around_the_portals_links():
    from notifications.templatetags.message_text import portal_links

    text = (
        'Title <script>x</script> "https://portal.example.org/a?b=1&c=2". See https://portal.example.org.evil.example/x'
    )
    html = portal_links(text)
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<a href="https://portal.example.org/a?b=1&amp;c=2">https://portal.example.org/a?b=1&amp;c=2</a>' in html
    assert 'href="https://portal.example.org.evil' not in html
