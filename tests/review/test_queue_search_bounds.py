"""A broad query costs what a narrow one does (PostgreSQL): the queue holds the papers of the newest
matching versions and says so; the search ranks the newest matching versions only."""

import pytest
from django.db import connection

from indexing import search
from indexing.models import Extraction
from review import queue_cache

from .queue_data import make_submissions

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bounds are PostgreSQL's; SQLite (embedded mode) reads every match"
)


@pytest.fixture
def ransomware_papers(delegate, session):
    """Three submitted papers whose text mentions ransomware, the newest first (ids ascending)."""
    papers = make_submissions(3, delegation=delegate.delegation, session=session, created_by=delegate, title="Paper")
    for paper in papers:
        extraction = Extraction.objects.get(version__submission=paper)
        extraction.text = "Ransomware attacks on hospitals and the points of contact that answer them."
        extraction.save()
        search.index_extraction(extraction, title=paper.title, summary="", language="en")
    return papers


def queue_titles(client, user, **params):
    client.force_login(user)
    response = client.get("/review/", params)
    assert response.status_code == 200
    return response, {row.title for row in response.context["page"].object_list}


def test_a_broad_search_holds_the_newest_papers_and_says_so(client, secretariat, ransomware_papers, monkeypatch):
    _oldest, *newer = sorted(ransomware_papers, key=lambda p: p.pk)
    response, titles = queue_titles(client, secretariat, q="ransomware")
    assert titles == {p.title for p in ransomware_papers}
    assert 'id="search-capped"' not in response.content.decode()

    monkeypatch.setattr(search, "MATCH_CAP", 2)
    # A new cap is a new release: migrate gives up the kept pages.
    queue_cache.bump(queue_cache.ROWS, queue_cache.COUNTS)
    response, titles = queue_titles(client, secretariat, q="ransomware")
    assert titles == {p.title for p in newer}
    assert response.context["board"].total == 2
    assert 'id="search-capped"' in response.content.decode()


def test_ranking_reads_the_newest_matching_versions_only(secretariat, ransomware_papers, monkeypatch):
    from submissions.models import Submission

    scope = Submission.objects.visible_to(secretariat)
    assert len(search.search("ransomware", submissions=scope).hits) == 3

    monkeypatch.setattr(search, "RANK_CANDIDATES", 2)
    results = search.search("ransomware", submissions=scope)
    newest = sorted(ransomware_papers, key=lambda p: p.pk)[1:]
    assert {hit.submission.pk for hit in results.hits} == {p.pk for p in newest}
    assert results.total == 3  # the count still says how many match
