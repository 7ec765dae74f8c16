import socket

import pytest
from django.urls import reverse

from accounts.models import User


@pytest.fixture
def focal_point(delegate):
    delegate.role = User.Role.FOCAL_POINT
    delegate.save()
    return delegate


@pytest.fixture
def mail_server_down(settings):
    """A real SMTP backend pointed at a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2


def test_focal_point_adds_a_member_who_gets_a_link(client, focal_point, mailoutbox):
    client.force_login(focal_point)
    response = client.post(
        reverse("accounts:members"), {"full_name": "New Person", "email": "New@Singapore.example", "role": "delegate"}
    )
    assert response.status_code == 302
    member = User.objects.get(email="new@singapore.example")
    assert member.delegation == focal_point.delegation
    assert mailoutbox[0].to == ["new@singapore.example"]
    assert "/accounts/password/reset/" in mailoutbox[0].body


def test_adding_a_member_twice_at_the_same_instant_is_a_message_not_an_error(
    client, focal_point, mailoutbox, monkeypatch
):
    create_user = User.objects.create_user

    def the_other_post_wins(email, **fields):
        # The double-clicked form's first post creates the member between our check and our insert.
        create_user(email=email, full_name="New Person", delegation=focal_point.delegation, role="delegate")
        return create_user(email=email, **fields)

    monkeypatch.setattr(User.objects, "create_user", the_other_post_wins)
    client.force_login(focal_point)
    response = client.post(
        reverse("accounts:members"), {"full_name": "New Person", "email": "new@singapore.example", "role": "delegate"}
    )

    assert response.status_code == 200
    assert "already a member of your delegation" in response.content.decode()


def test_the_link_lets_the_member_choose_a_password_and_log_in(client, focal_point, mailoutbox):
    client.force_login(focal_point)
    client.post(
        reverse("accounts:members"), {"full_name": "New Person", "email": "new@singapore.example", "role": "delegate"}
    )
    client.logout()
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "a-Strong-passphrase-2026", "new_password2": "a-Strong-passphrase-2026"})
    assert client.login(username="new@singapore.example", password="a-Strong-passphrase-2026")


def test_with_the_mail_server_down_the_member_is_added_and_told_to_resend(client, focal_point, mail_server_down):
    client.force_login(focal_point)
    response = client.post(
        reverse("accounts:members"),
        {"full_name": "New Person", "email": "new@singapore.example", "role": "delegate"},
        follow=True,
    )
    assert response.status_code == 200
    assert "could not be sent just now" in response.content.decode()
    assert User.objects.filter(email="new@singapore.example").exists()
    assert "Send the link again" in response.content.decode()


def test_password_reset_with_the_mail_server_down_is_no_error_and_reveals_nothing(
    client, delegate, mail_server_down, caplog
):
    known = client.post(reverse("accounts:password_reset"), {"email": delegate.email})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    # The same answer whether or not the account exists; the failure is logged for operators.
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("accounts:password_reset_done")
    assert "Failed to send password reset email" in caplog.text


def test_password_reset_sends_a_link(client, delegate, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": delegate.email})
    assert response.status_code == 302
    assert mailoutbox[0].to == [delegate.email]


def test_a_member_of_another_delegation_cannot_be_added_or_removed(client, focal_point, other_delegate):
    client.force_login(focal_point)
    response = client.post(
        reverse("accounts:members"), {"full_name": "X", "email": other_delegate.email, "role": "delegate"}
    )
    page = response.content.decode()
    assert "cannot be added from this page" in page
    # Nothing says that the address has an account, nor where.
    assert "account" not in page.split("cannot be added")[1].split("</")[0]
    assert other_delegate.delegation.name not in page
    assert client.post(reverse("accounts:deactivate_member", args=[other_delegate.pk])).status_code == 404
    other_delegate.refresh_from_db()
    assert other_delegate.is_active


def test_focal_point_removes_a_member_who_can_no_longer_log_in(client, focal_point, singapore):
    member = User.objects.create_user(
        email="m@singapore.example", full_name="M", role="delegate", delegation=singapore, password="pw-123456789"
    )
    client.force_login(focal_point)
    client.post(reverse("accounts:deactivate_member", args=[member.pk]))
    client.logout()
    assert not client.login(username="m@singapore.example", password="pw-123456789")


@pytest.mark.parametrize("role", ["anonymous", "delegate", "chair_team", "secretariat"])
def test_only_focal_points_manage_members(client, role, delegate, chair_team, secretariat):
    person = {"anonymous": None, "delegate": delegate, "chair_team": chair_team, "secretariat": secretariat}[role]
    if person:
        client.force_login(person)
    response = client.get(reverse("accounts:members"))
    assert response.status_code == (302 if person is None else 403)


def test_profile_changes_the_preferred_language(client, delegate):
    client.force_login(delegate)
    client.post(reverse("accounts:profile"), {"full_name": "Sing Delegate", "preferred_language": "fr"})
    delegate.refresh_from_db()
    assert delegate.preferred_language == "fr"


def test_the_members_page_costs_the_same_whatever_the_size_of_the_delegation(client, focal_point, singapore):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(focal_point)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:members"))
    for n in range(15):
        User.objects.create_user(
            email=f"m{n}@singapore.example", full_name=f"M {n}", role="delegate", delegation=singapore
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("accounts:members")).content.decode()
    assert "m14@singapore.example" in page
    assert len(many) == len(few)


def test_the_refusal_is_the_same_whoever_holds_the_address(client, focal_point, other_delegate, secretariat):
    client.force_login(focal_point)

    def refusal(email):
        response = client.post(reverse("accounts:members"), {"full_name": "X", "email": email, "role": "delegate"})
        page = response.content.decode().replace(email, "ADDRESS").replace(email.lower(), "ADDRESS")
        return page.split('id="id_email"')[1][:600]

    assert refusal(other_delegate.email) == refusal(secretariat.email.upper())


def test_names_keep_to_one_line(client, focal_point, delegate):
    client.force_login(focal_point)
    client.post(
        reverse("accounts:members"),
        {"full_name": "New\r\nPerson\x07", "email": "new@singapore.example", "role": "delegate"},
    )
    assert User.objects.get(email="new@singapore.example").full_name == "New Person"
    client.force_login(delegate)
    client.post(reverse("accounts:profile"), {"full_name": "Sing\nDelegate\r", "preferred_language": "en"})
    delegate.refresh_from_db()
    assert delegate.full_name == "Sing Delegate"
