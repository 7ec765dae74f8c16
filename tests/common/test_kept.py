"""The short lists every new-paper form, submit and paper page read (common.kept): kept in the cache,
and shown anew the moment one of their rows changes, wherever the change is made."""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from agenda.models import DeadlineExtension
from agenda.selectors import current_sessions, current_sub_items
from common import kept
from delegations.models import Delegation
from tests.factories import AgendaItemFactory, DelegationFactory, SessionFactory


def form(client, delegate) -> str:
    client.force_login(delegate)
    response = client.get(reverse("submissions:create"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_shows_a_new_sub_item_a_new_session_and_a_new_delegation_at_once(client, delegate, session, sub_item):
    page = form(client, delegate)  # the lists are kept now
    assert "Cyber diplomacy" not in page and "Fourth substantive session" not in page

    AgendaItemFactory(title="Cyber diplomacy")
    SessionFactory(title="Fourth substantive session")
    DelegationFactory(name="Republic of Newland")

    page = form(client, delegate)
    assert "Cyber diplomacy" in page
    assert "Fourth substantive session" in page
    assert "Republic of Newland" in page


def test_a_deadline_extended_for_one_delegation_opens_the_session_to_it_alone(
    client, delegate, other_delegate, secretariat, session, sub_item
):
    closed = SessionFactory(title="Closed session", submission_deadline=timezone.now() - datetime.timedelta(days=1))
    assert "Closed session" not in form(client, delegate)

    DeadlineExtension.objects.create(
        session=closed,
        delegation=delegate.delegation,
        deadline=timezone.now() + datetime.timedelta(days=2),
        granted_by=secretariat,
    )
    assert "Closed session" in form(client, delegate)
    assert "Closed session" not in form(client, other_delegate)


def test_a_delegation_made_inactive_is_no_longer_offered_as_co_sponsor(client, delegate, kenya, sub_item, session):
    assert "Kenya" in form(client, delegate)
    Delegation.objects.get(pk=kenya.pk).save()  # a save that changes nothing keeps the list right too
    kenya.is_active = False
    kenya.save()
    assert "Kenya" not in form(client, delegate)


def test_a_list_rebuilt_before_the_commit_is_given_up_at_the_commit(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SessionFactory(title="Added in this transaction")
        # Another request reads the list in the meantime; it cannot see the new session yet.
        cache.set(kept.PREFIX + "agenda.sessions", [session], kept.TIMEOUT)
    assert {s.title for s in current_sessions()} == {session.title, "Added in this transaction"}


def test_migrate_gives_up_every_list(sub_item):
    assert current_sub_items() == [sub_item]
    cache.set(kept.PREFIX + "agenda.sub-items", [], kept.TIMEOUT)  # a change made by hand, unseen
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    assert current_sub_items() == [sub_item]
