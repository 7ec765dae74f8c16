"""The review queue: filters, search, order, pages, counts, chart, assignment and bulk actions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from indexing import search
from indexing.models import Extraction
from review import queue_cache, selectors
from review.assignment import AssignmentError, assign
from review.models import Question
from submissions.models import Event, Submission
from tests.factories import AgendaItemFactory, DelegateFactory, DelegationFactory, SessionFactory

from .queue_data import make_submissions

QUEUE = "/review/"


@pytest.fixture
def capacity(db):
    return AgendaItemFactory(code="5(e)", title="Capacity-building")


@pytest.fixture
def threats(db):
    return AgendaItemFactory(code="5(a)", title="Existing and potential threats")


@pytest.fixture
def papers(delegate, other_delegate, session, capacity, threats, secretariat):
    """Singapore: 3 on 5(e), submitted; Kenya: 2 on 5(a) under review, in French, co-sponsored by Singapore."""
    singapore = make_submissions(
        3, delegation=delegate.delegation, session=session, created_by=delegate, sub_items=[capacity], title="Portal"
    )
    kenya = make_submissions(
        2,
        delegation=other_delegate.delegation,
        session=session,
        created_by=other_delegate,
        sub_items=[threats],
        status=Submission.Status.UNDER_REVIEW,
        language="fr",
        title="Repository",
        cosponsors=[delegate.delegation],
        assigned_to=secretariat,
        state=Extraction.State.FAILED,
        submitted_at=timezone.now() - datetime.timedelta(days=62),
    )
    return {"singapore": singapore, "kenya": kenya}


def titles(response) -> set[str]:
    return {s.title for s in response.context["page"].object_list}


def get(client, user, **params):
    """The page read in full: these tests are about what the queue reads (test_queue_cache.py about
    keeping it), and some ask for the same page twice."""
    client.force_login(user)
    queue_cache.bump(queue_cache.ROWS, queue_cache.COUNTS)
    return client.get(QUEUE, params)


def test_every_delegations_papers_but_no_draft(client, secretariat, papers, draft):
    response = get(client, secretariat)
    assert response.status_code == 200
    assert len(titles(response)) == 5
    assert draft.title not in titles(response)
    assert response.context["nav"] == "review"


@pytest.mark.parametrize(
    ("param", "expected"),
    [
        ("kind=proposal", 0),
        ("kind=concept_paper", 5),
        ("status=under_review", 2),
        ("status=submitted", 3),
        ("language=fr", 2),
        ("language=en", 3),
        ("indexing=failed", 2),
        ("indexing=indexed", 3),
        ("assigned=none", 3),
        ("assigned=me", 2),
    ],
)
def test_each_simple_filter(client, secretariat, papers, param, expected):
    client.force_login(secretariat)
    response = client.get(f"{QUEUE}?{param}")
    assert len(response.context["page"].object_list) == expected
    assert response.context["board"].total == expected


def test_filter_by_sub_item_session_delegation_cosponsor(client, secretariat, papers, capacity, kenya, singapore):
    other_session = SessionFactory()
    make_submissions(1, delegation=kenya, session=other_session, created_by=papers["kenya"][0].created_by)
    assert titles(get(client, secretariat, sub_item=capacity.pk)) == {s.title for s in papers["singapore"]}
    assert len(titles(get(client, secretariat, session=other_session.pk))) == 1
    assert titles(get(client, secretariat, delegation=kenya.pk)) >= {s.title for s in papers["kenya"]}
    assert titles(get(client, secretariat, cosponsor=singapore.pk)) == {s.title for s in papers["kenya"]}


def test_filter_by_assigned_person(client, secretariat, chair_team, papers):
    assert len(titles(get(client, chair_team, assigned=secretariat.pk))) == 2
    assert len(titles(get(client, chair_team, assigned="me"))) == 0


def test_filter_by_open_questions(client, secretariat, papers):
    open_one, answered = papers["singapore"][:2]
    Question.objects.create(submission=open_one, asked_by=secretariat, text="Which budget?")
    Question.objects.create(
        submission=answered, asked_by=secretariat, text="Which partners?", answered_at=timezone.now()
    )
    assert titles(get(client, secretariat, questions="open")) == {open_one.title}
    assert open_one.title not in titles(get(client, secretariat, questions="none"))
    assert len(titles(get(client, secretariat, questions="none"))) == 4
    row = next(s for s in get(client, secretariat).context["page"].object_list if s.pk == open_one.pk)
    assert row.has_open_questions


def test_a_stale_filter_in_a_bookmark_is_ignored(client, secretariat, papers):
    response = get(client, secretariat, session=999999, status="nonsense", sort="-reference")
    assert response.status_code == 200
    assert len(titles(response)) == 5


def test_full_text_search(client, secretariat, papers):
    target = papers["kenya"][0]
    extraction = Extraction.objects.get(version__submission=target)
    extraction.text = "A repository of threat indicators shared between points of contact."
    extraction.save()
    search.index_extraction(extraction, title=target.title, summary="", language="en")
    other = Extraction.objects.get(version__submission=papers["singapore"][0])
    other.text = "Capacity-building needs of small States."
    other.save()
    search.index_extraction(other, title="Portal", summary="", language="en")

    assert titles(get(client, secretariat, q="indicators")) == {target.title}
    assert titles(get(client, secretariat, q='"points of contact"')) == {target.title}
    assert titles(get(client, secretariat, q="indicators", status="submitted")) == set()
    assert titles(get(client, secretariat, q="zebra")) == set()


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("title", lambda s: s.title, False),
        ("-title", lambda s: s.title, True),
        ("reference", lambda s: s.reference, False),
        ("-submitted", lambda s: s.submitted_at, True),
        ("submitted", lambda s: s.submitted_at, False),
        ("delegation", lambda s: s.delegation.name, False),
        ("status", lambda s: s.status, False),
    ],
)
def test_sorting(client, secretariat, papers, sort, key, reverse):
    rows = list(get(client, secretariat, sort=sort).context["page"].object_list)
    assert [key(s) for s in rows] == sorted((key(s) for s in rows), reverse=reverse)


def test_pagination(client, secretariat, delegate, session):
    make_submissions(30, delegation=delegate.delegation, session=session, created_by=delegate)
    first = get(client, secretariat, per_page=25)
    second = get(client, secretariat, per_page=25, page=2)
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert first.context["board"].total == 30
    assert not titles(first) & titles(second)
    assert get(client, secretariat, per_page=25, page=99).context["page"].number == 2
    assert 'href="?per_page=25&amp;page=2"' in first.content.decode()


def test_counts_by_status_and_sub_item_are_facets(client, secretariat, papers, capacity, threats):
    board = get(client, secretariat, status="submitted").context["board"]
    # The status counts ignore the status filter, so that every status stays one click away.
    assert board.status_counts == {"submitted": 3, "under_review": 2}
    assert board.total == 3
    by_code = {item.code: n for item, n in board.sub_item_counts}
    assert by_code["5(e)"] == 3 and by_code["5(a)"] == 0
    board = get(client, secretariat, sub_item=capacity.pk).context["board"]
    by_code = {item.code: n for item, n in board.sub_item_counts}
    assert by_code == {"5(e)": 3, "5(a)": 2} | {c: n for c, n in by_code.items() if c not in ("5(e)", "5(a)")}
    assert board.status_counts == {"submitted": 3}


def test_chart_data_per_sub_item_and_month(client, secretariat, papers):
    response = get(client, secretariat)
    chart = response.context["chart"]
    by_code = dict(zip(chart["sub_items"]["labels"], chart["sub_items"]["counts"], strict=True))
    assert by_code["5(e)"] == 3 and by_code["5(a)"] == 2
    assert sum(chart["months"]["counts"]) == 5
    # Two months ago and now, with the month between at zero.
    counts = chart["months"]["counts"]
    assert counts[0] == 2 and len(counts) >= 3 and 0 in counts[1:-1]
    assert chart["months"]["labels"][-1] == timezone.localtime().strftime("%B %Y") or counts[-1] == 0
    html = response.content.decode()
    assert 'id="queue-chart-data"' in html
    assert 'id="chart-sub-items" role="img" aria-label=' in html
    assert "chart.umd.min.js" in html


def test_the_page_shows_rows_counts_and_links(client, secretariat, papers):
    html = get(client, secretariat).content.decode()
    kenya_paper = papers["kenya"][0]
    assert kenya_paper.title in html
    assert f"/review/submissions/{kenya_paper.public_id}/" in html or f"{kenya_paper.public_id}" in html
    assert 'data-status-count="submitted">3<' in html
    assert 'data-sub-item-count="5(e)">3<' in html
    assert "FR" in html


def test_assigned_to_me_shortcut(client, secretariat, chair_team, papers):
    assign(submissions=papers["singapore"][:1], to=chair_team, by=secretariat)
    response = get(client, chair_team, assigned="me")
    assert titles(response) == {papers["singapore"][0].title}
    assert 'href="/review/?assigned=me"' in response.content.decode()


# --- Assignment -----------------------------------------------------------------------


def test_assign_records_history_and_audit(secretariat, chair_team, papers):
    paper = papers["singapore"][0]
    changed = assign(submissions=[paper], to=chair_team, by=secretariat)
    assert [s.pk for s in changed] == [paper.pk]
    paper.refresh_from_db()
    assert paper.assigned_to == chair_team
    event = Event.objects.get(submission=paper, kind="assigned")
    assert event.internal and event.message == f"Assigned to {chair_team}"
    assert AuditEntry.objects.filter(action="submission.assigned", object_id=str(paper.pk)).exists()
    # Assigning again changes nothing and records nothing.
    assert assign(submissions=[paper], to=chair_team, by=secretariat) == []
    assert Event.objects.filter(submission=paper, kind="assigned").count() == 1


def test_assign_only_to_reviewers_and_only_by_reviewers(secretariat, delegate, papers):
    with pytest.raises(AssignmentError):
        assign(submissions=papers["singapore"], to=delegate, by=secretariat)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assign(submissions=papers["singapore"], to=secretariat, by=delegate)
    assert not Submission.objects.filter(assigned_to=delegate).exists()


def test_unassign(secretariat, papers):
    kenya = papers["kenya"]
    assign(submissions=kenya, to=None, by=secretariat)
    assert not Submission.objects.filter(pk__in=[s.pk for s in kenya], assigned_to__isnull=False).exists()


# --- Bulk actions ---------------------------------------------------------------------


def bulk(client, user, submissions, **data):
    client.force_login(user)
    data = {"selected": [str(s.public_id) for s in submissions], "next": "/review/?status=submitted", **data}
    return client.post(reverse("review:bulk"), data, follow=True)


def test_bulk_assign(client, secretariat, chair_team, papers):
    response = bulk(client, secretariat, papers["singapore"], action="assign", assign_to=chair_team.pk)
    assert response.redirect_chain[-1][0] == "/review/?status=submitted"
    assert Submission.objects.filter(assigned_to=chair_team).count() == 3
    assert "3 submissions assigned to Chair Member." in [str(m) for m in response.context["messages"]]


def test_bulk_status_change_reports_refusals_and_changes_the_rest(client, secretariat, papers):
    published = make_submissions(
        1,
        delegation=papers["kenya"][0].delegation,
        session=papers["kenya"][0].session,
        created_by=papers["kenya"][0].created_by,
        status=Submission.Status.PUBLISHED,
    )[0]
    selection = [*papers["singapore"], published]
    response = bulk(client, secretariat, selection, action="status", to_status="under_review", comment="Starting")
    shown = [str(m) for m in response.context["messages"]]
    assert "3 submissions changed status." in shown
    assert any(published.reference in m and m.startswith("Left as they were") for m in shown)
    assert Submission.objects.filter(status="under_review").count() == 5
    published.refresh_from_db()
    assert published.status == Submission.Status.PUBLISHED
    assert Event.objects.filter(kind="status_changed", comment="Starting").count() == 3


def test_bulk_needs_a_selection_and_a_target(client, secretariat, papers):
    response = bulk(client, secretariat, [], action="assign", assign_to="none")
    assert "Tick at least one submission first." in [str(m) for m in response.context["messages"]]
    response = bulk(client, secretariat, papers["kenya"], action="assign")
    assert any("Choose the person" in str(m) for m in response.context["messages"])
    assert Submission.objects.filter(assigned_to__isnull=False).count() == 2


def test_bulk_ignores_an_outside_next_url(client, secretariat, papers):
    response = bulk(
        client, secretariat, papers["kenya"], action="assign", assign_to="none", next="https://evil.example/"
    )
    assert response.redirect_chain[-1][0] == "/review/"


def test_bulk_never_touches_drafts(client, secretariat, chair_team, draft):
    bulk(client, secretariat, [draft], action="assign", assign_to=chair_team.pk)
    draft.refresh_from_db()
    assert draft.assigned_to is None


# --- Constant queries -----------------------------------------------------------------


def queue_queries(client, user, **params) -> tuple[int, int, int]:
    """The queries of the page read in full (everything kept given up first), then kept, then
    built again after a change that alters no count (the rows' token alone renewed)."""
    client.force_login(user)
    queue_cache.bump(queue_cache.ROWS, queue_cache.CHOICES, queue_cache.COUNTS)
    counts = []
    for renew in ((), (), (queue_cache.ROWS,)):
        if renew:
            queue_cache.bump(*renew)
        with CaptureQueriesContext(connection) as context:
            response = client.get(QUEUE, params)
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    return tuple(counts)


@pytest.mark.parametrize("params", [{}, {"per_page": 200}, {"status": "submitted", "sort": "delegation"}])
def test_queue_runs_the_same_number_of_queries_for_10_and_500_submissions(client, secretariat, session, params):
    delegations = [DelegationFactory() for _ in range(3)]
    items = [AgendaItemFactory() for _ in range(3)]
    author = DelegateFactory(delegation=delegations[0])

    def add(n):
        for i, delegation in enumerate(delegations):
            make_submissions(
                n // 3 + (1 if i < n % 3 else 0),
                delegation=delegation,
                session=session,
                created_by=author,
                sub_items=items[: i + 1],
                cosponsors=[d for d in delegations if d != delegation][:1],
                assigned_to=secretariat if i == 0 else None,
            )

    add(10)
    small = queue_queries(client, secretariat, **params)
    add(490)
    assert Submission.objects.count() == 500
    large = queue_queries(client, secretariat, **params)
    assert small == large, f"{small} queries with 10 submissions, {large} with 500"
    # In full: the person, the filter lists (4), the counts (3: status and month, sub-items, the
    # sub-items' list), the page's ids, its rows (4); kept: the person alone (the session is read
    # from the cache too); built again with its counts kept: the person, the page's ids, its rows.
    assert large == (13, 1, 6)


@pytest.mark.parametrize("params", [{"assigned": "me"}, {"questions": "open"}, {"q": "portal"}])
def test_under_a_filter_of_rows_the_counts_are_read_with_the_page(client, secretariat, session, params):
    author = DelegateFactory()
    make_submissions(3, delegation=author.delegation, session=session, created_by=author, assigned_to=secretariat)
    full, kept, rebuilt = queue_queries(client, secretariat, **params)
    assert kept == 1
    # The filter lists are kept (CHOICES); the counts are not: assignments and questions change them.
    assert rebuilt == full - 4


def test_selector_scope_is_empty_for_delegates(delegate, papers):
    assert not selectors.reviewable_submissions(delegate).exists()
    assert selectors.dashboard(delegate, {}).total == 0
