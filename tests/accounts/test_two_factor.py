"""Staff pass a TOTP code after their password when STAFF_REQUIRE_2FA is on; delegates never do."""

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry

pytestmark = pytest.mark.usefixtures("two_factor_on")


@pytest.fixture
def two_factor_on():
    with override_settings(STAFF_REQUIRE_2FA=True):
        yield


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def test_staff_without_a_device_are_sent_to_enrol(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/review/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/setup/?next=/review/"


def test_enrolment_shows_a_qr_code_and_the_key_then_a_correct_code_lets_them_in(client, secretariat):
    client.force_login(secretariat)
    page = client.get("/accounts/two-factor/setup/?next=/review/")
    html = page.content.decode()
    assert "<svg" in html and 'role="img"' in html
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")

    wrong = client.post("/accounts/two-factor/setup/", {"token": "000000", "next": "/review/"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    response = client.post("/accounts/two-factor/setup/", {"token": current_code(device), "next": "/review/"})
    assert response.status_code == 302 and response["Location"] == "/review/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/review/").status_code == 200
    assert AuditEntry.objects.filter(action="two_factor.enrolled").exists()


@pytest.fixture
def enrolled(secretariat):
    return TOTPDevice.objects.create(user=secretariat, name="phone", confirmed=True)


def test_an_enrolled_person_types_a_code_at_each_login(client, secretariat, enrolled):
    client.force_login(secretariat)
    response = client.get("/review/")
    assert response["Location"] == "/accounts/two-factor/?next=/review/"
    # Enrolling a second device is refused: it goes to the code page instead.
    assert client.get("/accounts/two-factor/setup/")["Location"].startswith("/accounts/two-factor/?next=")

    refused = client.post("/accounts/two-factor/", {"token": "123456", "next": "/review/"})
    assert refused.status_code == 200
    assert client.get("/review/").status_code == 302
    enrolled.refresh_from_db()
    enrolled.throttling_failure_count = 0
    enrolled.throttling_failure_timestamp = None
    enrolled.save()

    code = current_code(enrolled)
    response = client.post("/accounts/two-factor/", {"token": code, "next": "/review/"})
    assert response["Location"] == "/review/"
    assert client.get("/review/").status_code == 200

    # A new login needs a new code; the one just used cannot be replayed.
    client.logout()
    client.force_login(secretariat)
    assert client.get("/review/").status_code == 302
    assert client.post("/accounts/two-factor/", {"token": code}).status_code == 200


def test_the_admin_is_covered_too(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/setup/")


def test_an_outside_next_url_is_ignored(client, secretariat, enrolled):
    client.force_login(secretariat)
    response = client.post("/accounts/two-factor/", {"token": current_code(enrolled), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_logout_and_language_stay_open(client, chair_team):
    client.force_login(chair_team)
    assert client.post("/i18n/setlang/", {"language": "fr", "next": "/"}).status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/review/")["Location"].startswith("/accounts/login/")


def test_delegates_are_never_asked(client, delegate):
    client.force_login(delegate)
    assert client.get("/submissions/").status_code == 200


@override_settings(STAFF_REQUIRE_2FA=False)
def test_off_when_the_operator_turns_it_off(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/review/").status_code == 200


def test_real_login_flow_with_password_then_code(client, secretariat, enrolled):
    response = client.post(
        "/accounts/login/", {"username": secretariat.email, "password": "correct-horse-battery", "next": "/review/"}
    )
    assert response["Location"] == "/review/"
    second = client.get("/review/")
    assert second["Location"] == "/accounts/two-factor/?next=/review/"
    assert (
        client.post("/accounts/two-factor/", {"token": current_code(enrolled), "next": "/review/"})["Location"]
        == "/review/"
    )
    assert client.get("/review/").status_code == 200
