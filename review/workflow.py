"""The review workflow: which status may follow which, for whom, and the services that move a paper.

One table, TRANSITIONS, says it all. Each entry names the states a paper may leave, the
state it reaches, who may move it and the service that does it. ``change_status`` makes
the plain moves (start, resume, reopen a review); the others happen as part of a richer
action (asking a question, announcing a decision, publishing) and are refused by
``change_status`` with a message that says which action to use instead.

Moves made elsewhere, and listed here for the whole picture only: a delegation submits
(draft → submitted), revises (questions sent → revised, ``submissions.services.add_version``)
and withdraws (any state before publication → withdrawn); see ``submissions/rules.py``.

Decide now, announce later: a decision is recorded as pending (the status does not move and
only the team sees it); ``announce_decisions`` applies many at once, in one transaction, so
that every delegation concerned hears at the same moment.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit
from common.errors import Conflict
from notifications.services import notify
from submissions.models import Submission
from submissions.services import SubmissionError, record_event

from .models import Decision

Status = Submission.Status


class ReviewError(SubmissionError):
    """A rule of the review refused the action; the message is for the person."""


class TransitionNotAllowed(ReviewError, Conflict):
    """This person may not move this paper from its status to the one asked for (409; 403 when
    the status allows the move but not for this person)."""


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    # The permission (review/rules.py, publication's rules) that allows it.
    permission: str
    via: str
    label: str | Promise = ""
    # Who may do it, in words, for the refusal message.
    who: str | Promise = ""

    def allowed(self, user, submission) -> bool:
        return rules.has_perm(self.permission, user, submission)


# Statuses in which a paper is being studied: questions may be asked and a decision taken.
IN_REVIEW = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.QUESTIONS_SENT, Status.REVISED})
REVIEWERS = gettext_lazy("the Chair's team and the Secretariat")
SECRETARIAT = gettext_lazy("the Secretariat")
DELEGATION = gettext_lazy("the submitting delegation")

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        frozenset({Status.SUBMITTED}), Status.UNDER_REVIEW, "review.change_status", "change_status",
        gettext_lazy("Start the review"), REVIEWERS,
    ),
    Transition(
        frozenset({Status.QUESTIONS_SENT, Status.REVISED}), Status.UNDER_REVIEW, "review.change_status", "change_status",
        gettext_lazy("Resume the review"), REVIEWERS,
    ),
    Transition(
        frozenset({Status.ACCEPTED, Status.NOT_ACCEPTED}), Status.UNDER_REVIEW, "review.reopen_review", "change_status",
        gettext_lazy("Reopen the review"), SECRETARIAT,
    ),
    Transition(IN_REVIEW, Status.QUESTIONS_SENT, "review.ask_question", "ask_question", who=REVIEWERS),
    # The delegation answers without a revision and nothing else is open: back to the team.
    Transition(
        frozenset({Status.QUESTIONS_SENT}), Status.UNDER_REVIEW, "review.answer_question", "answer_question",
        who=DELEGATION,
    ),
    Transition(IN_REVIEW, Status.ACCEPTED, "review.announce_decisions", "announce_decisions", who=SECRETARIAT),
    Transition(IN_REVIEW, Status.NOT_ACCEPTED, "review.announce_decisions", "announce_decisions", who=SECRETARIAT),
    Transition(frozenset({Status.ACCEPTED}), Status.PUBLISHED, "publication.publish_submission", "publish", who=SECRETARIAT),
    Transition(frozenset({Status.PUBLISHED}), Status.ACCEPTED, "publication.unpublish_submission", "unpublish", who=SECRETARIAT),
)  # fmt: skip

# What to do instead, when change_status is asked for a move that belongs to another action.
INSTEAD = {
    "ask_question": gettext_lazy("Send a question instead: the status changes when it is sent."),
    "answer_question": gettext_lazy("The status changes when the delegation answers."),
    "announce_decisions": gettext_lazy(
        "Record a decision instead: the status changes when the Secretariat announces it."
    ),
    "publish": gettext_lazy("Use the publication form: a paper is published with its reference and versions."),
    "unpublish": gettext_lazy("Unpublish the paper instead, giving a reason."),
}


def _status_label(status: str) -> str:
    return str(Status(status).label).lower() if status in Status.values else status


def check_transition(user, submission: Submission, to: str, *, via: str) -> Transition:
    """The transition `via` may make for this person now, or TransitionNotAllowed saying why not."""
    if to not in Status.values:
        raise TransitionNotAllowed(_("“%(status)s” is not a status of a paper.") % {"status": to})
    candidates = [t for t in TRANSITIONS if t.target == to and submission.status in t.sources]
    if not candidates:
        raise TransitionNotAllowed(
            _("A paper that is %(current)s cannot become %(target)s.")
            % {"current": _status_label(submission.status), "target": _status_label(to)}
        )
    own = [t for t in candidates if t.via == via]
    if not own:
        raise TransitionNotAllowed(str(INSTEAD.get(candidates[0].via, "")) or _("This change is not possible here."))
    for transition in own:
        if transition.allowed(user, submission):
            return transition
    raise TransitionNotAllowed(
        _("Only %(who)s may make a paper that is %(current)s %(target)s.")
        % {"who": own[0].who, "current": _status_label(submission.status), "target": _status_label(to)},
        status=403,
    )


def is_allowed(user, submission: Submission, to: str, *, via: str) -> bool:
    try:
        check_transition(user, submission, to, via=via)
    except TransitionNotAllowed:
        return False
    return True


def status_actions(user, submission: Submission) -> list[Transition]:
    """The plain status changes this person may make now: one button each on the detail page."""
    return [
        t
        for t in TRANSITIONS
        if t.via == "change_status" and submission.status in t.sources and t.allowed(user, submission)
    ]


def _locked(submission: Submission) -> Submission:
    # Only the paper's row: its session and delegation are shared with other papers.
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("session__body", "delegation")
        .get(pk=submission.pk)
    )


def _set_status(submission: Submission, to: str) -> None:
    submission.status = to
    submission.save(update_fields=["status", "updated_at"])


# --- Plain status changes ------------------------------------------------------------


@transaction.atomic
def change_status(*, submission: Submission, to: str, by, comment: str = "") -> Submission:
    submission = _locked(submission)
    check_transition(by, submission, to, via="change_status")
    old = submission.status
    _set_status(submission, to)
    comment = comment.strip()
    record_event(
        submission,
        "status_changed",
        actor=by,
        comment=comment,
        old=str(Status(old).label),
        new=str(Status(to).label),
    )
    audit(by, "submission.status_changed", submission, old=old, new=to, comment=comment)
    notify("status.changed", submission=submission, actor=by, old=old, new=to, comment=comment)
    return submission


# --- Decisions -----------------------------------------------------------------------

OUTCOME_STATUS = {Decision.Outcome.ACCEPT: Status.ACCEPTED, Decision.Outcome.NOT_ACCEPT: Status.NOT_ACCEPTED}


@transaction.atomic
def record_decision(*, submission: Submission, outcome: str, by, comment: str = "", announce: bool = False) -> Decision:
    """Record a decision, pending unless `announce`; a second pending decision replaces the first."""
    submission = _locked(submission)
    if outcome not in OUTCOME_STATUS:
        raise ReviewError(_("Choose whether to accept the paper or not."))
    if not rules.has_perm("review.decide", by, submission):
        raise TransitionNotAllowed(_("Only the Chair's team and the Secretariat take decisions on papers."))
    if announce and not rules.has_perm("review.announce_decisions", by, submission):
        raise TransitionNotAllowed(_("Only the Secretariat announces decisions to delegations."))
    if submission.status not in IN_REVIEW:
        raise TransitionNotAllowed(
            _("A decision cannot be taken on a paper that is %(status)s.")
            % {"status": _status_label(submission.status)}
        )
    comment = comment.strip()
    decision = Decision.objects.select_for_update().filter(submission=submission, announced_at__isnull=True).first()
    if decision is None:
        decision = Decision(submission=submission)
    decision.outcome = outcome
    decision.comment = comment
    decision.decided_by = by
    decision.decided_at = timezone.now()
    decision.save()
    outcome_label = str(decision.outcome_label)
    record_event(submission, "decision_recorded", actor=by, comment=comment, internal=True, outcome=outcome_label)
    audit(by, "decision.recorded", submission, outcome=outcome, comment=comment, pending=not announce)
    if announce:
        _announce(decision, submission=submission, by=by, now=decision.decided_at)
    return decision


@transaction.atomic
def announce_decisions(*, submissions: Iterable[Submission], by) -> list[Decision]:
    """Announce the pending decisions of these papers together: all of them, or none.

    Papers among them without a pending decision are left alone.
    """
    if not rules.has_perm("review.announce_decisions", by):
        raise TransitionNotAllowed(_("Only the Secretariat announces decisions to delegations."))
    ids = sorted({getattr(s, "pk", s) for s in submissions})
    locked = {
        s.pk: s
        for s in Submission.objects.select_for_update(of=("self",))
        .select_related("session__body", "delegation")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    decisions = list(
        Decision.objects.filter(submission_id__in=locked, announced_at__isnull=True).order_by("submission_id")
    )
    if not decisions:
        raise TransitionNotAllowed(_("None of the chosen papers has a decision waiting to be announced."))
    refused = [locked[d.submission_id] for d in decisions if locked[d.submission_id].status not in IN_REVIEW]
    if refused:
        raise TransitionNotAllowed(
            _("Nothing was announced: these papers are no longer under review (%(papers)s).")
            % {"papers": "; ".join(f"{s.reference or s.title} ({_status_label(s.status)})" for s in refused)}
        )
    now = timezone.now()
    for decision in decisions:
        _announce(decision, submission=locked[decision.submission_id], by=by, now=now)
    return decisions


def _announce(decision: Decision, *, submission: Submission, by, now) -> None:
    target = OUTCOME_STATUS[decision.outcome]
    check_transition(by, submission, target, via="announce_decisions")
    old = submission.status
    _set_status(submission, target)
    decision.submission = submission
    decision.announced_at = now
    decision.announced_by = by
    decision.save(update_fields=["announced_at", "announced_by"])
    record_event(
        submission, "decision_announced", actor=by, comment=decision.comment, outcome=str(Status(target).label)
    )
    audit(by, "decision.announced", submission, outcome=decision.outcome, old=old, decision=decision.pk)
    notify("decision.announced", submission=submission, decision=decision, actor=by)
