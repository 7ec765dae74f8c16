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


@pytest.mark.usefixtures("axes_on")
def test_every_spelling_of_an_address_counts_towards_one_lock(client, delegate):
    local, domain = delegate.email.split("@")
    spellings = [
        delegate.email.upper(),
        f"{local.capitalize()}@{domain}",
        f"{local}@{domain.upper()}",
        f"  {delegate.email}  ",
        delegate.email,
    ]
    for spelling in spellings[:4]:
        assert attempt(client, spelling, "wrong-password").status_code == 200
    assert attempt(client, spellings[4], "wrong-password").status_code == 429  # the fifth reaches the limit
    # Five failures in five spellings: the address is locked, whichever way it is typed next,
    # and the right password typed yet another way neither logs in nor clears the lock.
    assert attempt(client, f"{local.upper()}@{domain}", "correct-horse-battery").status_code == 429
    assert "_auth_user_id" not in client.session
    assert attempt(client, delegate.email, "correct-horse-battery").status_code == 429


@pytest.mark.usefixtures("axes_on")
def test_another_spelling_gets_no_fresh_tries(client, delegate):
    for _ in range(5):
        attempt(client, delegate.email, "wrong-password")
    assert attempt(client, delegate.email.upper(), "wrong-password").status_code == 429
