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
