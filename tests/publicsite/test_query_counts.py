"""Every public page, feed and API list runs the same number of queries with 10 papers as with 500."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publicsite.references import slug_for
from tests.factories import AgendaItemFactory, DelegationFactory, SessionFactory

from .conftest import bulk_published


def addresses(setup):
    return [
        "/",
        reverse("publicsite:agenda"),
        reverse("publicsite:papers"),
        reverse("publicsite:papers") + f"?sub_item={setup['sub_item'].pk}&language=fr&sort=title&page=2",
        reverse("publicsite:delegations"),
        reverse("publicsite:delegation", args=[setup["delegation"].pk]),
        reverse("publicsite:delegation", args=[setup["cosponsor"].pk]),
        reverse("publicsite:paper", args=[slug_for(setup["reference"])]),
        reverse("publicsite:paper_text", args=[slug_for(setup["reference"]), "fr"]),
        reverse("publicsite:api:paper", args=[slug_for(setup["reference"])]),
        reverse("publicsite:search") + "?q=anything",
        reverse("publicsite:feed"),
        reverse("publicsite:feed_sub_item", args=[setup["sub_item"].pk]),
        reverse("publicsite:feed_session", args=[setup["session"].pk]),
        reverse("publicsite:feed_delegation", args=[setup["delegation"].pk]),
        reverse("publicsite:api:papers"),
        reverse("publicsite:api:papers") + "?language=en&page=2&page_size=5",
        reverse("publicsite:api:sessions"),
        reverse("publicsite:api:agenda_items"),
        reverse("publicsite:api:delegations"),
    ]


def counts(client, urls, *, cold: bool = False) -> dict:
    found = {}
    for url in urls:
        if cold:
            cache.clear()  # nothing kept: the counts, items and filter choices are read afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        found[url] = len(queries)
    return found


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_number_of_papers(client):
    session = SessionFactory()
    parent = AgendaItemFactory(code="5")
    sub_item = AgendaItemFactory(code="5(c)", parent=parent, body=parent.body)
    delegation, cosponsor = DelegationFactory(), DelegationFactory()
    papers = bulk_published(10, session=session, sub_item=sub_item, delegation=delegation, cosponsor=cosponsor)
    setup = {
        "session": session,
        "sub_item": sub_item,
        "delegation": delegation,
        "cosponsor": cosponsor,
        "reference": papers[0].publication.reference,
    }
    urls = addresses(setup)
    # The first reading after a publication counts the published papers and draws their items
    # once (selectors.derived, items.paper_items); later readings use what was kept.
    cold_small, _first, small = counts(client, urls, cold=True), counts(client, urls), counts(client, urls)
    bulk_published(490, session=session, sub_item=sub_item, delegation=delegation, cosponsor=cosponsor)
    cold_large, _first, large = counts(client, urls, cold=True), counts(client, urls), counts(client, urls)
    assert cold_large == cold_small
    assert large == small
    assert max(cold_small.values()) < 20, cold_small
    assert max(small.values()) <= 6, small  # up to 15 before the counts and items were kept
