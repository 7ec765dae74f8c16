"""Every error page has the site's layout, says why in plain words and offers a way onwards."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings

pytestmark = pytest.mark.urls("tests.portal.urls_errors")

LAYOUT = "OEWG concept papers"  # the brand in the site's header


def assert_site_page(response, status, *phrases):
    assert response.status_code == status
    body = response.content.decode()
    assert LAYOUT in body, "the error page lacks the site's header"
    assert 'href="/"' in body, "the error page offers no way back to the start"
    for phrase in phrases:
        assert phrase in body, phrase


@pytest.fixture
def no_database():
    """Any attempt to reach the database fails as it does when the server is down."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


@pytest.mark.django_db
def test_unknown_address_is_a_404_in_the_site_layout(client):
    assert_site_page(client.get("/no-such-page/"), 404, "Page not found", "There is no page at this address")


@pytest.mark.django_db
def test_our_own_not_found_message_is_shown(client, delegate):
    client.force_login(delegate)
    response = client.get("/submissions/00000000-0000-0000-0000-000000000000/")
    assert_site_page(response, 404, "No such submission, or it is not yours to see.")


@pytest.mark.django_db
def test_permission_denied_with_a_message_shows_that_message(client, chair_team):
    client.force_login(chair_team)
    response = client.get("/test-errors/refused/")
    assert_site_page(response, 403, "Only the Secretariat announces decisions.")
    # The person's own navigation is there: they are still logged in.
    assert "Log out" in response.content.decode()


@pytest.mark.django_db
def test_permission_denied_without_a_message_explains_in_general_words(client, delegate):
    client.force_login(delegate)
    assert_site_page(client.get("/test-errors/refused-silently/"), 403, "does not give you access")


@pytest.mark.django_db
def test_a_bad_request_is_a_400_in_the_site_layout(client):
    assert_site_page(client.get("/test-errors/suspicious/"), 400, "could not be understood")


@pytest.mark.django_db
def test_an_expired_form_explains_and_nothing_is_saved(delegate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate)
    response = client.post("/accounts/logout/")
    assert_site_page(response, 403, "The form had expired", "Nothing was saved")


def test_a_bug_is_a_500_page_that_needs_no_database(no_database):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/boom/")
    assert_site_page(response, 500, "Something went wrong on our side")
    # It cannot know who is logged in, so it does not offer to log in either.
    assert "Log in" not in response.content.decode()


def test_a_logged_in_person_gets_the_500_page_even_with_the_database_down(no_database):
    # The session cookie makes the session middleware read the database, which is down.
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abcdefghijklmnopqrstuvwxyz012345"
    response = client.get("/test-errors/boom/")
    assert response.status_code in (500, 503)
    assert LAYOUT in response.content.decode()


def test_database_down_in_a_view_is_a_503_page(no_database):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/database-gone/")
    assert_site_page(response, 503, "cannot reach its database", "Try again in a few minutes")
    assert response["Retry-After"]


def test_database_down_for_an_ordinary_page_is_a_503_not_a_500(no_database):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abcdefghijklmnopqrstuvwxyz012345"
    response = client.get("/submissions/")
    assert_site_page(response, 503, "briefly unavailable")


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_login_lockout_is_a_429_in_the_site_layout(client, delegate):
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": delegate.email, "password": "wrong"})
    assert_site_page(response, 429, "Too many failed attempts", "Reset your password")
