"""Login is rate-limited: after five wrong passwords the login is locked for a while."""

import pytest
from django.test import override_settings


@pytest.fixture
def axes_on():
    with override_settings(AXES_ENABLED=True):
        yield


def attempt(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


@pytest.mark.usefixtures("axes_on")
def test_the_sixth_wrong_password_is_locked_out(client, delegate):
    for _ in range(4):
        response = attempt(client, delegate.email, "wrong-password")
        assert response.status_code == 200
        assert "login-errors" in response.content.decode()
    # The fifth failure reaches the limit; from then on the login is locked.
    attempt(client, delegate.email, "wrong-password")
    locked = attempt(client, delegate.email, "wrong-password")
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    # Even the right password is refused while locked.
    right = attempt(client, delegate.email, "correct-horse-battery")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("axes_on")
def test_other_logins_are_not_locked(client, delegate, other_delegate):
    for _ in range(6):
        attempt(client, delegate.email, "wrong-password")
    response = attempt(client, other_delegate.email, "correct-horse-battery")
    assert response.status_code == 302


@pytest.mark.usefixtures("axes_on")
def test_a_success_before_the_limit_resets_the_count(client, delegate):
    for _ in range(4):
        attempt(client, delegate.email, "wrong-password")
    assert attempt(client, delegate.email, "correct-horse-battery").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, delegate.email, "wrong-password").status_code == 200
