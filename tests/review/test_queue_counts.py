"""The queue's counts and chart, kept on their own (review.selectors.counts, queue_cache.COUNTS): after
every workflow operation the page shows what a recount of the papers gives, never a stale count."""

import datetime
import zoneinfo
from collections import Counter

import pytest
from django.utils import timezone

from review import publishing, questions, queue_cache, selectors, workflow
from review.assignment import assign
from submissions import services
from submissions.models import CoSponsorship, Submission
from tests.factories import AgendaItemFactory, SessionFactory, pdf_upload

from .workflow_helpers import add_cosponsor

QUEUE = "/review/"
S = Submission.Status


@pytest.fixture
def world(delegate, other_delegate, secretariat, chair_team, session, sub_item):
    """Two delegations' papers on two sub-items, two sessions, some submitted on a month's first
    hours (their month depends on the reader's time zone), and a reviewer in Kathmandu (UTC+5:45)."""
    threats = AgendaItemFactory(code="5(a)", title="Existing and potential threats")
    later = SessionFactory(title="Second substantive session")
    chair_team.time_zone = "Asia/Kathmandu"
    chair_team.save()
    papers = []
    for n, (by, items, paper_session) in enumerate(
        [
            (delegate, [sub_item], session),
            (delegate, [sub_item, threats], session),
            (other_delegate, [threats], later),
        ]
    ):
        draft = services.create_submission(
            by=by, title=f"Paper {n}", session=paper_session, sub_items=items, file=pdf_upload()
        )
        papers.append(services.submit_submission(submission=draft, by=by))
    # The first paper was sent on 1 March, 02:00 UTC: still February in New York, March in Kathmandu.
    Submission.objects.filter(pk=papers[0].pk).update(
        submitted_at=datetime.datetime(2026, 3, 1, 2, tzinfo=datetime.UTC)
    )
    queue_cache.changed(queue_cache.ROWS, queue_cache.COUNTS)  # update() sends no signal
    return {"papers": papers, "sub_items": [sub_item, threats], "sessions": [session, later]}


def views(world, delegate, other_delegate) -> list[dict]:
    """The unfiltered queue and a view under each filter the counts are kept for, and under one they are not."""
    sub_item, threats = world["sub_items"]
    return [
        {},
        {"status": S.SUBMITTED},
        {"status": S.UNDER_REVIEW},
        {"sub_item": sub_item.pk},
        {"sub_item": threats.pk, "status": S.SUBMITTED},
        {"session": world["sessions"][0].pk},
        {"kind": Submission.Kind.CONCEPT_PAPER},
        {"delegation": delegate.delegation.pk},
        {"cosponsor": other_delegate.delegation.pk},
    ]


def recount(params: dict, zone: str) -> tuple[dict, list, dict]:
    """The counts the page must show, recounted in Python from every paper."""
    zone = zoneinfo.ZoneInfo(zone)

    def passes(paper, skip):
        items = {item.pk for item in paper.sub_items.all()}
        cosponsors = {c.delegation_id for c in paper.cosponsorships.all() if c.status == CoSponsorship.Status.ACCEPTED}
        checks = {
            "status": lambda v: paper.status == v,
            "sub_item": lambda v: v in items,
            "session": lambda v: paper.session_id == v,
            "kind": lambda v: paper.kind == v,
            "delegation": lambda v: paper.delegation_id == v,
            "cosponsor": lambda v: v in cosponsors,
        }
        return all(checks[name](value) for name, value in params.items() if name != skip)

    papers = list(Submission.objects.submitted().prefetch_related("sub_items", "cosponsorships"))
    by_status = Counter(p.status for p in papers if passes(p, "status"))
    by_month = Counter(
        timezone.localtime(p.submitted_at, zone).date().replace(day=1) for p in papers if passes(p, None)
    )
    by_sub_item = Counter(item.pk for p in papers if passes(p, "sub_item") for item in p.sub_items.all())
    return dict(by_status), selectors.every_month(dict(by_month)), dict(by_sub_item)


def shown(client, user, params) -> tuple[dict, list, dict]:
    """The counts of the page as a reader gets it now (it must have been built again, every change
    giving the rows a new token), then once more built after a change that alters no count, from
    the counts kept."""
    client.force_login(user)
    found = []
    for renew in ((), (queue_cache.ROWS,)):
        if renew:
            queue_cache.bump(*renew)
        response = client.get(QUEUE, params)
        assert response.status_code == 200
        assert "board" in response.context, "a page kept from before the change"
        board = response.context["board"]
        found.append(
            (
                board.status_counts,
                board.month_counts,
                {item.pk: n for item, n in board.sub_item_counts if n},
            )
        )
    assert found[0] == found[1]
    return found[0]


def save_in_full(paper: Submission, **fields) -> None:
    """A change made in the admin: every field saved."""
    paper = Submission.objects.get(pk=paper.pk)
    for name, value in fields.items():
        setattr(paper, name, value)
    paper.save()


def test_every_operation_that_changes_a_count_shows_on_the_page_at_once(
    client, world, delegate, other_delegate, secretariat, chair_team, session
):
    readers = [(secretariat, "America/New_York"), (chair_team, "Asia/Kathmandu")]
    every_view = views(world, delegate, other_delegate)
    first, second, third = world["papers"]
    sub_item, threats = world["sub_items"]

    def check(step):
        for reader, zone in readers:
            for params in every_view:
                assert shown(client, reader, params) == recount(params, zone), (step, reader.email, params)

    check("to begin with")
    assert shown(client, secretariat, {})[1] != shown(client, chair_team, {})[1], "months in the reader's zone"

    operations = [
        (
            "a paper submitted",
            lambda: services.submit_submission(
                submission=services.create_submission(
                    by=other_delegate, title="Late paper", session=session, sub_items=[sub_item], file=pdf_upload()
                ),
                by=other_delegate,
            ),
        ),
        (
            "a paper sent by email recorded",
            lambda: services.record_emailed_paper(
                by=secretariat,
                delegation=delegate.delegation,
                received_at=timezone.now() - datetime.timedelta(days=40),
                file=pdf_upload(),
                title="Sent by email",
                session=session,
                sub_items=[threats],
            ),
        ),
        ("a status changed", lambda: workflow.change_status(submission=first, to=S.UNDER_REVIEW, by=secretariat)),
        ("a question asked", lambda: questions.ask_question(submission=second, by=chair_team, text="A budget?")),
        (
            "a question answered with a revision",
            lambda: questions.answer_question(
                question=second.questions.get(), by=delegate, text="Section 4.", file=pdf_upload("r.pdf"), language="en"
            ),
        ),
        ("a decision recorded", lambda: workflow.record_decision(submission=second, outcome="accept", by=chair_team)),
        ("a decision announced", lambda: workflow.announce_decisions(submissions=[second], by=secretariat)),
        (
            "a paper published",
            lambda: publishing.publish(
                submission=second, by=secretariat, versions=[second.versions.order_by("number").last()]
            ),
        ),
        (
            "a paper taken off publication",
            lambda: publishing.unpublish(submission=second, by=secretariat, reason="A wrong file."),
        ),
        (
            "a decision announced at once",
            lambda: workflow.record_decision(submission=third, outcome="not_accept", by=secretariat, announce=True),
        ),
        ("a paper withdrawn", lambda: services.withdraw_submission(submission=first, by=delegate, reason="Merged")),
        (
            "a co-sponsor accepted",
            lambda: add_cosponsor(second, delegation=other_delegate.delegation, invited_by=delegate),
        ),
        ("an assignment", lambda: assign(submissions=[third], to=chair_team, by=secretariat)),
        ("a sub-item added", lambda: third.sub_items.add(sub_item)),
        ("a sub-item taken off", lambda: second.sub_items.remove(threats)),
        ("the sub-items replaced", lambda: first.sub_items.set([threats])),
        ("the session changed (admin)", lambda: save_in_full(third, session=session)),
        ("the kind changed (admin)", lambda: save_in_full(first, kind=Submission.Kind.PROPOSAL)),
        ("a new sub-item on the agenda", lambda: AgendaItemFactory(code="5(z)", title="A new sub-item")),
        ("a paper deleted (admin)", lambda: Submission.objects.get(pk=third.pk).delete()),
    ]
    for step, operation in operations:
        operation()
        for paper in (first, second, third):
            if Submission.objects.filter(pk=paper.pk).exists():
                paper.refresh_from_db()
        check(step)
