"""The model backend reads the signed-in person with their delegation: one query, not two, on every page."""

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.backends import ModelBackend

BACKENDS = ["axes.backends.AxesBackend", "accounts.backends.ModelBackend", "rules.permissions.ObjectPermissionBackend"]


def test_the_person_comes_with_their_delegation(delegate, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(delegate.pk)
        assert user.delegation.name == delegate.delegation.name


def test_an_inactive_or_unknown_person_is_nobody(delegate):
    delegate.is_active = False
    delegate.save()
    assert ModelBackend().get_user(delegate.pk) is None
    assert ModelBackend().get_user(delegate.pk + 1000) is None


@pytest.mark.django_db
def test_a_page_reads_the_delegation_once_with_the_person(client, delegate, session, sub_item):
    with override_settings(AUTHENTICATION_BACKENDS=BACKENDS):
        client.force_login(delegate, backend="accounts.backends.ModelBackend")
        response = client.get(reverse("submissions:create"))
    assert response.status_code == 200
    assert response.context["user"]._state.fields_cache["delegation"] == delegate.delegation


# --- The person kept in the cache between changes ---------------------------------------------
def signed_in(client, user):
    client.force_login(user, backend="accounts.backends.ModelBackend")
    return client


def test_a_second_page_does_not_read_the_person_again(client, delegate, django_assert_num_queries):
    signed_in(client, delegate).get(reverse("submissions:list"))
    backend = ModelBackend()
    with django_assert_num_queries(0):
        user = backend.get_user(delegate.pk)
    assert user == delegate and user.delegation == delegate.delegation


def test_a_person_made_inactive_is_signed_out_on_their_next_page(client, delegate):
    signed_in(client, delegate)
    assert client.get(reverse("submissions:list")).status_code == 200
    delegate.is_active = False
    delegate.save()
    response = client.get(reverse("submissions:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_person_moved_to_another_delegation_sees_that_delegation_at_once(client, delegate, kenya):
    signed_in(client, delegate)
    assert "Singapore" in client.get(reverse("submissions:list")).content.decode()
    delegate.delegation = kenya
    delegate.save()
    content = client.get(reverse("submissions:list")).content.decode()
    assert "Kenya" in content and "Singapore" not in content


def test_a_delegation_renamed_is_shown_renamed_to_its_members_at_once(client, delegate):
    signed_in(client, delegate)
    client.get(reverse("submissions:list"))
    delegate.delegation.short_name = "Lion City"
    delegate.delegation.save()
    assert "Lion City" in client.get(reverse("submissions:list")).content.decode()


def test_a_new_password_signs_out_the_other_sessions_at_once(client, delegate):
    from django.test import Client

    other = signed_in(Client(), delegate)
    assert other.get(reverse("submissions:list")).status_code == 200
    delegate.set_password("a-new-and-long-passphrase")
    delegate.save()
    assert other.get(reverse("submissions:list")).status_code == 302


def test_a_person_kept_before_the_commit_is_read_again_after_it(delegate, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from accounts.backends import person_key

    with django_capture_on_commit_callbacks(execute=True):
        delegate.full_name = "Renamed Delegate"
        delegate.save()
        cache.set(person_key(delegate.pk), "kept by another request before the commit", 60)
    assert ModelBackend().get_user(delegate.pk).full_name == "Renamed Delegate"
