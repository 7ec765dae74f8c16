"""The queue's kept pages (review.queue_cache): read again the moment anything they show changes."""

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indexing.models import Extraction
from review import queue_cache
from review.assignment import assign
from review.questions import ask_question
from review.workflow import change_status
from submissions.models import Submission
from tests.factories import AgendaItemFactory

from .queue_data import make_submissions

QUEUE = "/review/"


def page(client, user, **params):
    client.force_login(user)
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return response


def kept(client, user, **params):
    """The page, asserting that it came from the cache (the person's row is the only query)."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, params)
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    return response


def without_tokens(response) -> str:
    """The page less its CSRF tokens, which are masked anew on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_page_is_kept_then_read_again_when_a_status_changes(client, secretariat, submitted):
    first = page(client, secretariat)
    assert first.context["board"].status_counts == {"submitted": 1}
    assert without_tokens(kept(client, secretariat)) == without_tokens(first)

    change_status(submission=submitted, to=Submission.Status.UNDER_REVIEW, by=secretariat)
    board = page(client, secretariat).context["board"]
    assert board.status_counts == {"under_review": 1}


def test_an_assignment_made_with_update_is_shown(client, secretariat, chair_team, submitted):
    page(client, secretariat)
    assign(submissions=[submitted], to=chair_team, by=secretariat)
    assert "Chair Member" in page(client, secretariat).content.decode()
    # "me" is the reader's own: the chair's team member sees the same row as theirs.
    assert "<strong>me</strong>" in page(client, chair_team).content.decode()


def test_an_extraction_that_failed_is_shown(client, secretariat, submitted):
    assert "Text extraction failed" not in page(client, secretariat).content.decode()
    extraction = Extraction.objects.get(version__submission=submitted)
    extraction.state = Extraction.State.FAILED
    extraction.save(update_fields=["state"])
    assert "Text extraction failed" in page(client, secretariat).content.decode()


def test_an_open_question_and_a_new_sub_item_are_shown(client, secretariat, submitted):
    page(client, secretariat)
    ask_question(submission=submitted, by=secretariat, text="Which partners?")
    response = page(client, secretariat, questions="open")
    assert [row.pk for row in response.context["page"].object_list] == [submitted.pk]

    item = AgendaItemFactory(code="5(z)", title="A new sub-item")
    submitted.sub_items.add(item)
    counts = {i.code: n for i, n in page(client, secretariat).context["board"].sub_item_counts}
    assert counts["5(z)"] == 1


def test_a_renamed_delegation_is_shown_in_the_rows_and_the_filter(client, secretariat, submitted, singapore):
    page(client, secretariat)
    singapore.name = "Republic of Singapore"
    singapore.save()
    html = page(client, secretariat).content.decode()
    assert html.count("Republic of Singapore") >= 3  # the row, and the two delegation filters


def test_bulk_inserts_say_so_themselves(client, secretariat, delegate, session):
    assert page(client, secretariat).context["board"].total == 0
    make_submissions(2, delegation=delegate.delegation, session=session, created_by=delegate)
    assert page(client, secretariat).context["board"].total == 2


def test_the_token_changes_again_once_the_transaction_commits(
    secretariat, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change_status(submission=submitted, to=Submission.Status.UNDER_REVIEW, by=secretariat)
        during = queue_cache.versions(queue_cache.ROWS)
    assert callbacks, "a bump waits for the commit"
    assert queue_cache.versions(queue_cache.ROWS) != during


def test_a_page_read_between_two_changes_of_one_transaction_is_not_read_after_the_second(
    client, secretariat, submitted, django_capture_on_commit_callbacks
):
    """An upload changes the paper, its version, sub-items and extraction in one transaction: the
    token is renewed once for them all, and again after a page was kept under it."""
    with django_capture_on_commit_callbacks(execute=True):
        queue_cache.changed(queue_cache.ROWS)
        renewed = cache.get(queue_cache.ROWS)
        queue_cache.changed(queue_cache.ROWS)
        assert cache.get(queue_cache.ROWS) == renewed, "nothing was kept under it since: one round trip spared"
        assert page(client, secretariat).context["board"].total == 1  # kept under the renewed token
        change_status(submission=submitted, to=Submission.Status.UNDER_REVIEW, by=secretariat)
        assert cache.get(queue_cache.ROWS) != renewed
        assert page(client, secretariat, status="under_review").context["board"].total == 1
        during = cache.get(queue_cache.ROWS)
    assert cache.get(queue_cache.ROWS) != during, "renewed once more at the commit"


def test_a_login_keeps_the_pages(client, secretariat, submitted):
    before = queue_cache.versions(queue_cache.ROWS, queue_cache.CHOICES)
    client.force_login(secretariat)  # saves last_login alone
    assert queue_cache.versions(queue_cache.ROWS, queue_cache.CHOICES) == before


def test_a_delegate_never_gets_a_kept_page(client, secretariat, delegate, submitted):
    page(client, secretariat)
    client.force_login(delegate)
    assert client.get(QUEUE).status_code == 403


def test_a_lost_token_is_made_anew(client, secretariat, submitted):
    page(client, secretariat)
    cache.delete(queue_cache.ROWS)
    assert page(client, secretariat).context["board"].total == 1


def test_an_extraction_or_an_assignment_keeps_the_counts_a_status_renews_them(
    secretariat, chair_team, submitted, django_capture_on_commit_callbacks
):
    counts = queue_cache.versions(queue_cache.COUNTS)
    extraction = Extraction.objects.get(version__submission=submitted)
    extraction.state = Extraction.State.FAILED
    extraction.save(update_fields=["state"])
    assign(submissions=[submitted], to=chair_team, by=secretariat)
    assert queue_cache.versions(queue_cache.COUNTS) == counts

    with django_capture_on_commit_callbacks(execute=True):
        change_status(submission=submitted, to=Submission.Status.UNDER_REVIEW, by=secretariat)
        during = queue_cache.versions(queue_cache.COUNTS)
    assert during != counts
    assert queue_cache.versions(queue_cache.COUNTS) != during, "renewed again once committed"


def test_the_counts_kept_serve_every_reviewer(client, secretariat, chair_team, submitted):
    page(client, secretariat)
    queue_cache.bump(queue_cache.ROWS)
    client.force_login(chair_team)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.context["board"].status_counts == {"submitted": 1}
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]
