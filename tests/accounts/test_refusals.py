"""A refused person reads who may do the thing, not only that they may not."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django.utils.html import escape

from accounts.refusals import REASONS


def _declared_permissions(patterns=None):
    """Every permission a view declares with accounts.decorators.permission_required."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _declared_permissions(entry.url_patterns)
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "permission_required", None):
            yield entry.callback.permission_required


def test_every_permission_a_view_declares_has_a_reason():
    declared = set(_declared_permissions())
    assert declared, "no view declares a permission: the walk is broken"
    assert declared - set(REASONS) == set()


@pytest.mark.django_db
def test_a_delegate_opening_the_review_queue_is_told_who_reviews(client, delegate):
    client.force_login(delegate)
    response = client.get("/review/")
    assert response.status_code == 403
    assert "Only the Chair&#x27;s team and the Secretariat review the papers submitted." in response.content.decode()


@pytest.mark.django_db
def test_the_reason_is_in_the_readers_language(client, delegate):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(delegate)
    response = client.get("/review/")
    assert response.status_code == 403
    with translation.override("fr"):
        french = str(REASONS["review.view_queue"])
    with translation.override("en"):
        assert french != str(REASONS["review.view_queue"]), "the reason is not translated into French"
    assert escape(french) in response.content.decode()


@pytest.mark.django_db
def test_a_delegate_who_is_not_the_focal_point_is_told_who_manages_members(client, delegate):
    client.force_login(delegate)
    response = client.get("/accounts/delegation/")
    assert response.status_code == 403
    assert "Only the focal point of a delegation manages its members." in response.content.decode()
