"""The review workflow: one table of transitions, refused moves leave nothing behind, decide now announce later."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from notifications.models import Message
from review import workflow
from review.models import Decision
from review.workflow import TRANSITIONS, TransitionNotAllowed
from submissions import services
from submissions.models import Event, Submission
from tests.factories import pdf_upload

from .workflow_helpers import add_cosponsor, recipients, snapshot, with_status

S = Submission.Status
ROLES = ("delegate", "other_delegate", "chair_team", "secretariat", "admin_user")

# What change_status itself may do, by role: the plain moves of the table.
PLAIN = {
    (S.SUBMITTED, S.UNDER_REVIEW): {"chair_team", "secretariat", "admin_user"},
    (S.QUESTIONS_SENT, S.UNDER_REVIEW): {"chair_team", "secretariat", "admin_user"},
    (S.REVISED, S.UNDER_REVIEW): {"chair_team", "secretariat", "admin_user"},
    (S.ACCEPTED, S.UNDER_REVIEW): {"secretariat", "admin_user"},
    (S.NOT_ACCEPTED, S.UNDER_REVIEW): {"secretariat", "admin_user"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("source", [s for s in S.values if s != S.DRAFT])
def test_every_plain_move_is_allowed_only_from_the_right_state_for_the_right_role(request, submitted, source, role):
    person = request.getfixturevalue(role)
    paper = with_status(submitted, source)
    for target in S.values:
        if target == source:
            continue
        allowed = role in PLAIN.get((source, target), set())
        before = snapshot(paper)
        if allowed:
            workflow.change_status(submission=paper, to=target, by=person, comment="Checked")
            paper.refresh_from_db()
            assert paper.status == target
            event = Event.objects.filter(submission=paper).last()
            assert (event.kind, event.actor, event.comment) == ("status_changed", person, "Checked")
            assert AuditEntry.objects.filter(action="submission.status_changed", actor=person).exists()
            with_status(paper, source)
        else:
            with pytest.raises(TransitionNotAllowed) as refused:
                workflow.change_status(submission=paper, to=target, by=person)
            assert str(refused.value)  # a message for the person
            assert snapshot(paper) == before


def test_the_table_is_the_single_source_of_the_buttons(submitted, chair_team, secretariat, delegate):
    assert [t.target for t in workflow.status_actions(chair_team, submitted)] == [S.UNDER_REVIEW]
    assert workflow.status_actions(delegate, submitted) == []
    accepted = with_status(submitted, S.ACCEPTED)
    assert workflow.status_actions(chair_team, accepted) == []
    assert [t.label for t in workflow.status_actions(secretariat, accepted)] == ["Reopen the review"]
    assert all(t.target in S.values and t.sources <= set(S.values) for t in TRANSITIONS)


def test_change_status_says_which_action_to_use_instead(submitted, secretariat):
    with pytest.raises(TransitionNotAllowed, match="Record a decision instead"):
        workflow.change_status(submission=submitted, to=S.ACCEPTED, by=secretariat)
    with pytest.raises(TransitionNotAllowed, match="cannot become"):
        workflow.change_status(submission=submitted, to=S.PUBLISHED, by=secretariat)
    with pytest.raises(TransitionNotAllowed, match="not a status"):
        workflow.change_status(submission=submitted, to="lost", by=secretariat)


def test_starting_the_review_tells_the_delegation(submitted, chair_team, delegate):
    workflow.change_status(submission=submitted, to=S.UNDER_REVIEW, by=chair_team)
    assert recipients("status.changed") == {delegate.email}


# --- Decide now, announce later ------------------------------------------------------------


@pytest.fixture
def three_papers(submitted, delegate, other_delegate, session, sub_item):
    kenyan = services.create_submission(
        by=other_delegate, title="Threat repository", session=session, sub_items=[sub_item], file=pdf_upload()
    )
    kenyan = services.submit_submission(submission=kenyan, by=other_delegate)
    third = services.create_submission(
        by=delegate, title="Points of contact", session=session, sub_items=[sub_item], file=pdf_upload()
    )
    third = services.submit_submission(submission=third, by=delegate)
    return [submitted, kenyan, third]


def test_a_pending_decision_is_seen_by_the_team_only_until_announced(three_papers, chair_team, secretariat):
    first, kenyan, third = three_papers
    Message.objects.all().delete()
    workflow.record_decision(submission=first, outcome="accept", by=chair_team, comment="Well argued.")
    workflow.record_decision(submission=kenyan, outcome="not_accept", by=chair_team)
    workflow.record_decision(submission=third, outcome="accept", by=secretariat)

    for paper in three_papers:
        paper.refresh_from_db()
    # Nothing moved, nothing sent: no delegation can learn of the decisions yet.
    assert {p.status for p in three_papers} == {S.SUBMITTED}
    assert Message.objects.count() == 0
    assert Event.objects.filter(kind="decision_recorded", internal=False).count() == 0
    assert Decision.objects.filter(announced_at__isnull=True).count() == 3

    announced = workflow.announce_decisions(submissions=three_papers, by=secretariat)

    assert len(announced) == 3
    assert {d.announced_at for d in Decision.objects.all()} == {announced[0].announced_at}  # one instant
    for paper in three_papers:
        paper.refresh_from_db()
    assert [p.status for p in three_papers] == [S.ACCEPTED, S.NOT_ACCEPTED, S.ACCEPTED]
    assert recipients("decision.announced") == {"delegate@singapore.example", "delegate@kenya.example"}
    assert Message.objects.filter(event="decision.announced").count() == 3
    assert Event.objects.filter(kind="decision_announced", internal=False).count() == 3
    assert AuditEntry.objects.filter(action="decision.announced").count() == 3


def test_a_second_pending_decision_replaces_the_first(submitted, chair_team):
    workflow.record_decision(submission=submitted, outcome="accept", by=chair_team)
    workflow.record_decision(submission=submitted, outcome="not_accept", by=chair_team, comment="On reflection")
    assert list(Decision.objects.values_list("outcome", "comment")) == [("not_accept", "On reflection")]


def test_announce_is_all_or_nothing(three_papers, chair_team, secretariat, delegate):
    third = three_papers[2]
    for paper in three_papers:
        workflow.record_decision(submission=paper, outcome="accept", by=chair_team)
    services.withdraw_submission(submission=third, by=delegate, reason="Merged")
    Message.objects.all().delete()

    with pytest.raises(TransitionNotAllowed, match="Nothing was announced"):
        workflow.announce_decisions(submissions=three_papers, by=secretariat)

    assert Decision.objects.filter(announced_at__isnull=True).count() == 3
    assert set(Submission.objects.values_list("status", flat=True)) == {S.SUBMITTED, S.WITHDRAWN}
    assert Message.objects.count() == 0


def test_a_withdrawn_papers_decision_no_longer_blocks_the_announcement_page(
    client, three_papers, chair_team, secretariat, delegate
):
    for paper in three_papers:
        workflow.record_decision(submission=paper, outcome="accept", by=chair_team)
    services.withdraw_submission(submission=three_papers[2], by=delegate, reason="Merged")
    client.force_login(secretariat)

    page = client.get(reverse("review:decisions"))
    listed = [d.submission for d in page.context["decisions"]]
    # The page ticks every listed decision: posting it as it is announces them.
    client.post(reverse("review:announce_decisions"), {"submission": [str(s.public_id) for s in listed]})

    assert three_papers[2] not in listed
    assert list(Submission.objects.order_by("pk").values_list("status", flat=True)) == [
        S.ACCEPTED,
        S.ACCEPTED,
        S.WITHDRAWN,
    ]


def test_only_the_secretariat_announces(submitted, chair_team, secretariat):
    workflow.record_decision(submission=submitted, outcome="accept", by=chair_team)
    with pytest.raises(TransitionNotAllowed):
        workflow.announce_decisions(submissions=[submitted], by=chair_team)
    with pytest.raises(TransitionNotAllowed):
        workflow.record_decision(submission=submitted, outcome="accept", by=chair_team, announce=True)
    with pytest.raises(TransitionNotAllowed, match="None of the chosen papers"):
        workflow.announce_decisions(submissions=[], by=secretariat)


def test_delegates_take_no_decision(submitted, delegate):
    before = snapshot(submitted)
    with pytest.raises(TransitionNotAllowed):
        workflow.record_decision(submission=submitted, outcome="accept", by=delegate)
    assert snapshot(submitted) == before


def test_decide_and_announce_at_once_tells_cosponsors_too(submitted, secretariat, delegate, kenya):
    cosponsor = add_cosponsor(submitted, delegation=kenya, invited_by=delegate)
    Message.objects.all().delete()
    decision = workflow.record_decision(
        submission=submitted, outcome="accept", by=secretariat, comment="Accepted.", announce=True
    )
    assert not decision.is_pending
    submitted.refresh_from_db()
    assert submitted.status == S.ACCEPTED
    assert recipients("decision.announced") == {delegate.email, cosponsor.email}
    mail = Message.objects.get(event="decision.announced", to_email=delegate.email)
    assert "Accepted" in mail.subject and "Accepted." in mail.body_text


def test_no_decision_on_a_withdrawn_paper(submitted, delegate, chair_team):
    services.withdraw_submission(submission=submitted, by=delegate)
    with pytest.raises(TransitionNotAllowed):
        workflow.record_decision(submission=submitted, outcome="accept", by=chair_team)
    assert not Decision.objects.exists()


def test_a_reopened_paper_can_be_decided_again(submitted, secretariat):
    workflow.record_decision(submission=submitted, outcome="not_accept", by=secretariat, announce=True)
    workflow.change_status(submission=submitted, to=S.UNDER_REVIEW, by=secretariat, comment="New facts")
    workflow.record_decision(submission=submitted, outcome="accept", by=secretariat, announce=True)
    submitted.refresh_from_db()
    assert submitted.status == S.ACCEPTED
    assert Decision.objects.count() == 2
