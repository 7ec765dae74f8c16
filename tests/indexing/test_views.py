"""The search page, the indexing status page and the state shown for each version."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from indexing import search
from indexing.models import Extraction
from submissions import selectors
from submissions import services as submission_services
from tests.factories import make_pdf

from .corpus import encrypted_pdf


@pytest.fixture
def indexed_paper(delegate, session, sub_item, upload):
    paper = submission_services.create_submission(
        by=delegate, title="Threat repository", session=session, sub_items=[sub_item]
    )
    upload(paper, make_pdf("A repository of threats for the points of contact network."))
    return submission_services.submit_submission(submission=paper, by=delegate)


def test_search_is_for_reviewers_only(client, delegate):
    url = reverse("indexing:search")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(delegate)
    assert client.get(url).status_code == 403


def test_chair_team_finds_a_paper_with_the_words_highlighted(client, chair_team, indexed_paper):
    client.force_login(chair_team)
    response = client.get(reverse("indexing:search"), {"q": "points of contact"})
    assert response.status_code == 200
    assert response.context["nav"] == "search"
    page = response.content.decode()
    assert "Threat repository" in page
    assert "<mark>points of contact</mark>" in page
    assert "1 version found" in page


def test_a_query_with_a_null_character_is_searched_without_it(client, chair_team, indexed_paper):
    # PostgreSQL refuses text holding NUL: the query must never reach it with one.
    assert all("\x00" not in term.text for term in search.parse_query("poi\x00nts of contact"))
    client.force_login(chair_team)
    response = client.get(reverse("indexing:search"), {"q": "poi\x00nts of contact"})
    assert response.status_code == 200
    assert response.context["results"].total == 1


def test_reviewers_do_not_find_drafts(client, chair_team, delegate, session, sub_item, upload):
    draft = submission_services.create_submission(
        by=delegate, title="Secret draft", session=session, sub_items=[sub_item]
    )
    upload(draft, make_pdf("Unpublished zeppelin strategy."))
    client.force_login(chair_team)
    response = client.get(reverse("indexing:search"), {"q": "zeppelin"})
    assert "Secret draft" not in response.content.decode()
    assert response.context["results"].total == 0


def test_status_page_and_reindexing_are_for_the_secretariat(client, chair_team, secretariat, indexed_paper):
    version = indexed_paper.versions.get()
    client.force_login(chair_team)
    assert client.get(reverse("indexing:status")).status_code == 403
    assert client.post(reverse("indexing:reindex_failed")).status_code == 403
    assert client.post(reverse("indexing:reindex_version", args=[version.public_id])).status_code == 403
    client.force_login(secretariat)
    response = client.get(reverse("indexing:status"))
    assert response.status_code == 200
    assert response.context["counts"]["indexed"] == 1
    assert client.get(reverse("indexing:status_json")).json()["indexed"] == 1


def test_secretariat_reruns_the_failed_versions(
    client, secretariat, delegate, session, sub_item, upload, django_capture_on_commit_callbacks
):
    paper = submission_services.create_submission(by=delegate, title="Locked", session=session, sub_items=[sub_item])
    version = upload(paper, encrypted_pdf())
    submission_services.submit_submission(submission=paper, by=delegate)
    client.force_login(secretariat)
    page = client.get(reverse("indexing:status")).content.decode()
    assert "password-protected" in page and "Locked" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indexing:reindex_failed"), follow=True)
    assert "1 failed version is queued" in response.content.decode()
    # Read again by the (in-process) worker: still password-protected, failed again, with the reason.
    assert Extraction.objects.get(version=version).state == "failed"
    assert Extraction.objects.get(version=version).attempts == 1


def test_secretariat_reruns_one_version_and_returns_to_the_page(client, secretariat, indexed_paper):
    version = indexed_paper.versions.get()
    client.force_login(secretariat)
    detail = reverse("submissions:detail", args=[indexed_paper.public_id])
    response = client.post(reverse("indexing:reindex_version", args=[version.public_id]), {"next": detail})
    assert response.status_code == 302 and response.url == detail
    assert Extraction.objects.get(version=version).state == "waiting"
    response = client.post(
        reverse("indexing:reindex_version", args=[version.public_id]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("indexing:status")


def render_state(version, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("indexing/_version_state.html", {"version": version, "user": user}, request=request)


def test_state_partial_shows_each_state(delegate, secretariat, indexed_paper, paper_factory, upload):
    version = indexed_paper.versions.select_related("extraction").get()
    html = render_state(version, delegate)
    assert "Indexed" in html and "1 page" in html and "English" in html
    assert "Index again" not in html
    assert "Index again" in render_state(version, secretariat)

    Extraction.objects.filter(version=version).update(state="waiting")
    version.refresh_from_db()
    assert "Waiting to be indexed" in render_state(version, delegate)
    Extraction.objects.filter(version=version).update(state="indexing")
    version.refresh_from_db()
    assert "Indexing" in render_state(version, delegate)

    failed = upload(paper_factory(), encrypted_pdf())
    html = render_state(failed, delegate)
    assert "Indexing failed" in html and "password-protected" in html


def test_state_partial_handles_a_version_without_extraction(delegate, indexed_paper):
    version = indexed_paper.versions.get()
    Extraction.objects.filter(version=version).delete()
    version = type(version).objects.get(pk=version.pk)
    assert "Waiting to be indexed" in render_state(version, delegate)


def test_duplicate_link_is_shown_to_reviewers_only(delegate, chair_team, paper_factory, upload):
    data = make_pdf("Same file twice.")
    original = paper_factory("Original paper")
    upload(original, data)
    submission_services.submit_submission(submission=original, by=original.created_by)
    copy = upload(paper_factory("Copy paper"), data)
    assert "Original paper" in render_state(copy, chair_team)
    assert "Original paper" not in render_state(copy, delegate)


def test_the_duplicate_notice_never_names_another_delegations_draft(chair_team, secretariat, paper_factory, upload):
    data = make_pdf("Same file twice.")
    draft = paper_factory("Kenya's unsent draft")
    upload(draft, data)
    copy = upload(paper_factory("Submitted copy"), data)
    assert copy.extraction.duplicate_of is not None  # found, but not for the reviewers' eyes
    for reviewer in (chair_team, secretariat):
        html = render_state(copy, reviewer)
        assert "Kenya's unsent draft" not in html and "Identical to a file" not in html
    submission_services.submit_submission(submission=draft, by=draft.created_by)
    copy.extraction.duplicate_of.submission.refresh_from_db()
    assert "Identical to a file" in render_state(copy, chair_team)


@pytest.mark.parametrize("count", [1, 6])
def test_listing_data_shows_states_in_constant_queries(
    count, paper_factory, upload, chair_team, django_assert_num_queries
):
    data = make_pdf("Shared text.")
    for number in range(count):
        paper = paper_factory(f"Paper {number}")
        upload(paper, data)  # the same file: duplicates from the second on
        upload(paper, make_pdf(f"Other text {number}."))
    from submissions.models import Submission

    with django_assert_num_queries(4):
        papers = list(selectors.with_listing_data(Submission.objects.all()))
        html = "".join(render_state(v, chair_team) for p in papers for v in p.versions.all())
    assert html.count("Indexed") == 2 * count


def test_the_status_page_shows_stalled_work_with_its_age(client, secretariat, indexed_paper, paper_factory, upload):
    draft = paper_factory(title="Private draft title")
    upload(draft, make_pdf("A draft."))
    an_hour_ago = timezone.now() - datetime.timedelta(minutes=62)
    Extraction.objects.update(state="indexing", started_at=an_hour_ago, heartbeat_at=an_hour_ago, task_id="gone")
    client.force_login(secretariat)
    page = client.get(reverse("indexing:status")).content.decode()
    assert "2 versions have stalled" in page
    assert "1 of them is a draft, not named here." in page
    assert "Private draft title" not in page
    assert indexed_paper.title in page
    assert "Reading stopped" in page
    assert "1\xa0hour" in page


def test_work_that_moves_is_not_shown_as_stalled(client, secretariat, indexed_paper):
    Extraction.objects.update(state="indexing", started_at=timezone.now(), heartbeat_at=timezone.now())
    client.force_login(secretariat)
    page = client.get(reverse("indexing:status")).content.decode()
    assert "stalled" not in page


def test_versions_waiting_behind_a_backlog_are_not_shown_as_stalled(client, secretariat, indexed_paper):
    from unittest import mock

    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    Extraction.objects.update(state="waiting", queued_at=long_ago)
    client.force_login(secretariat)
    with mock.patch("indexing.services.extraction_queue_length", return_value=40):
        assert "stalled" not in client.get(reverse("indexing:status")).content.decode()
    with mock.patch("indexing.services.extraction_queue_length", return_value=0):
        page = client.get(reverse("indexing:status")).content.decode()
    assert "1 version has stalled" in page and "Not picked up" in page
