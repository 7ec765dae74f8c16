"""Counts are kept per version of the published set: a publication or an unpublication shows at once;
a broad search ranks the newest matching files only and stops counting past the cap (PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from indexing import search as index
from indexing.models import Extraction
from publication import services as publishing
from publicsite import search, selectors
from submissions.models import Version

from .conftest import bulk_published


def shown_counts(client, world) -> tuple:
    listed = client.get(reverse("publicsite:papers")).context["page"].paginator.count
    in_english = client.get(reverse("publicsite:papers"), {"language": "en"}).context["page"].paginator.count
    items = client.get(reverse("publicsite:api:agenda_items")).json()["results"]
    sessions = client.get(reverse("publicsite:api:sessions")).json()["results"]
    home = client.get("/").context["agenda"][0].sub_items[0].count
    return (
        listed,
        in_english,
        {i["code"]: i["paper_count"] for i in items}["5(e)"],
        {s["title"]: s["paper_count"] for s in sessions}[world.session.title],
        home,
    )


def test_counts_follow_each_publication_and_unpublication(client, world):
    assert shown_counts(client, world) == (1, 1, 1, 1, 1)
    assert shown_counts(client, world) == (1, 1, 1, 1, 1)  # read again, kept

    publishing.publish(submission=world.unpublished, by=world.secretariat, versions=world.unpublished.versions.all())
    assert shown_counts(client, world) == (2, 2, 2, 2, 2)

    publishing.unpublish(submission=world.published, by=world.secretariat, reason="A wrong file")
    assert shown_counts(client, world) == (1, 1, 1, 1, 1)
    delegations = client.get(reverse("publicsite:api:delegations")).json()["results"]
    assert {d["name"]: (d["submitted"], d["cosponsored"]) for d in delegations} == {"Singapore": (1, 0)}


def test_a_delegation_page_counts_the_papers_it_submitted_and_co_sponsors(client, world):
    for delegation in (world.singapore, world.kenya):
        page = client.get(reverse("publicsite:delegation", args=[delegation.pk])).context["page"]
        assert page.paginator.count == 1 and [p.pk for p in page.object_list] == [world.published.pk]
    assert client.get(reverse("publicsite:delegation", args=[world.india.pk])).context["page"].paginator.count == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bounds are PostgreSQL's")
@pytest.mark.django_db
def test_a_broad_search_ranks_the_newest_files_and_caps_its_count(monkeypatch):
    papers = bulk_published(4)  # two files each (en, fr), the newest paper last
    now = timezone.now()
    for version in Version.objects.filter(submission__in=papers).order_by("pk"):
        extraction = Extraction.objects.create(
            version=version, state="indexed", text="Ransomware and the points of contact.", queued_at=now
        )
        index.index_extraction(extraction, title=version.submission.title, summary="", language=version.language)
    published = selectors.published_papers()

    results = search.search_papers("ransomware", published)
    assert (len(results.hits), results.total, results.ranked) == (4, 4, 4)

    monkeypatch.setattr(index, "RANK_CANDIDATES", 4)  # the files of the two newest papers
    results = search.search_papers("ransomware", published)
    assert {hit.paper.pk for hit in results.hits} == {p.pk for p in papers[2:]}
    assert (results.total, results.ranked) == (4, 2)  # the count still says how many match

    monkeypatch.setattr(index, "COUNT_CAP", 3)
    results = search.search_papers("ransomware", published)
    assert results.total == 4 and not results.total_is_exact


def test_kept_answers_and_items_change_with_the_next_publication(client, world):
    def seen():
        feed = client.get(reverse("publicsite:feed")).content.decode()
        api = client.get(reverse("publicsite:api:papers")).json()
        listed = client.get(reverse("publicsite:papers")).content.decode()
        return world.unpublished.title in feed, api["count"], world.unpublished.title in listed

    assert seen() == (False, 1, False)
    assert seen() == (False, 1, False)  # kept
    publishing.publish(submission=world.unpublished, by=world.secretariat, versions=world.unpublished.versions.all())
    assert seen() == (True, 2, True)
    publishing.unpublish(submission=world.unpublished, by=world.secretariat, reason="Again")
    assert seen() == (False, 1, False)


def test_a_kept_answer_is_still_answered_not_modified(client, world):
    first = client.get(reverse("publicsite:feed"))
    kept = client.get(reverse("publicsite:feed"))
    assert kept.content == first.content and kept["ETag"] == first["ETag"]
    assert kept["Content-Type"] == first["Content-Type"] and "public" in kept["Cache-Control"]
    assert client.get(reverse("publicsite:feed"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
