"""The review workflow: which status may follow which, for whom, and the services that move a paper.

One table, TRANSITIONS, says it all. Each entry names the states a paper may leave, the
state it reaches, who may move it and the service that does it. ``change_status`` makes
the plain moves (start, resume, reopen a review); the others happen as part of a richer
action (asking a question, announcing a decision, publishing) and are refused by
``change_status`` with a message that says which action to use instead.

Moves made elsewhere, and listed here for the whole picture only: a delegation submits
(draft → submitted), revises (questions sent → revised, ``submissions.services.add_version``)
and withdraws (any state before publication → withdrawn); see ``submissions.permissions``.

Decide now, announce later: a decision is recorded as pending (the status does not move and
only the team sees it); ``announce_decisions`` applies many at once, in one transaction, so
that every delegation concerned hears at the same moment.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit
from notifications.services import notify
from submissions import permissions
from submissions.models import Submission, Version
from submissions.services import SubmissionError, next_number, record_event

from .models import Decision, Publication

Status = Submission.Status


class ReviewError(SubmissionError):
    """A rule of the review refused the action; the message is for the person."""


class TransitionNotAllowed(ReviewError):
    """This person may not move this paper from its status to the one asked for."""


def _reviewer(user, submission) -> bool:
    return user.is_authenticated and user.is_reviewer


def _secretariat(user, submission) -> bool:
    return user.is_authenticated and user.is_secretariat


def _submitting_delegation(user, submission) -> bool:
    return permissions.is_own(user, submission)


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    allowed: Callable
    via: str
    label: str | Promise = ""
    # Who may do it, in words, for the refusal message.
    who: str | Promise = ""


# Statuses in which a paper is being studied: questions may be asked and a decision taken.
IN_REVIEW = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.QUESTIONS_SENT, Status.REVISED})
REVIEWERS = gettext_lazy("the Chair's team and the Secretariat")
SECRETARIAT = gettext_lazy("the Secretariat")
DELEGATION = gettext_lazy("the submitting delegation")

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        frozenset({Status.SUBMITTED}), Status.UNDER_REVIEW, _reviewer, "change_status",
        gettext_lazy("Start the review"), REVIEWERS,
    ),
    Transition(
        frozenset({Status.QUESTIONS_SENT, Status.REVISED}), Status.UNDER_REVIEW, _reviewer, "change_status",
        gettext_lazy("Resume the review"), REVIEWERS,
    ),
    Transition(
        frozenset({Status.ACCEPTED, Status.NOT_ACCEPTED}), Status.UNDER_REVIEW, _secretariat, "change_status",
        gettext_lazy("Reopen the review"), SECRETARIAT,
    ),
    Transition(IN_REVIEW, Status.QUESTIONS_SENT, _reviewer, "ask_question", who=REVIEWERS),
    # The delegation answers without a revision and nothing else is open: back to the team.
    Transition(
        frozenset({Status.QUESTIONS_SENT}), Status.UNDER_REVIEW, _submitting_delegation, "answer_question",
        who=DELEGATION,
    ),
    Transition(IN_REVIEW, Status.ACCEPTED, _secretariat, "announce_decisions", who=SECRETARIAT),
    Transition(IN_REVIEW, Status.NOT_ACCEPTED, _secretariat, "announce_decisions", who=SECRETARIAT),
    Transition(frozenset({Status.ACCEPTED}), Status.PUBLISHED, _secretariat, "publish", who=SECRETARIAT),
    Transition(frozenset({Status.PUBLISHED}), Status.ACCEPTED, _secretariat, "unpublish", who=SECRETARIAT),
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
        % {"who": own[0].who, "current": _status_label(submission.status), "target": _status_label(to)}
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
    if not _reviewer(by, submission):
        raise TransitionNotAllowed(_("Only the Chair's team and the Secretariat take decisions on papers."))
    if announce and not _secretariat(by, submission):
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
    if not (by.is_authenticated and by.is_secretariat):
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


# --- Publication -----------------------------------------------------------------------

UN_SYMBOL = re.compile(r"^[A-Z]{1,10}(?:/[A-Za-z0-9.\-]{1,20}){1,8}$")


def clean_un_symbol(value: str) -> str:
    value = (value or "").strip()
    if value and not UN_SYMBOL.match(value):
        raise ReviewError(
            _("“%(symbol)s” does not look like a UN document symbol, such as A/AC.292/2025/1.") % {"symbol": value}
        )
    return value


def format_reference(session, number: int) -> str:
    """The portal reference of publication `number` of a session's series.

    The body's pattern may use {year} (the year the session begins, so a paper keeps the
    year of its session even when published after New Year), {n} and {session} (the
    session's number, empty for intersessional meetings).
    """
    try:
        return session.body.reference_pattern.format(
            year=session.start_date.year, n=number, session=session.number or ""
        )
    except (KeyError, IndexError, ValueError) as error:
        raise ReviewError(
            _("The portal reference pattern “%(pattern)s” is not valid; an administrator must correct it.")
            % {"pattern": session.body.reference_pattern}
        ) from error


def allocate_reference(session) -> tuple[int, str]:
    """The next number of the session's series and its reference; never one used before.

    Numbers come from a locked counter, so two publications at the same instant get two
    numbers. A pattern that does not name the session (the default, OEWG/{year}/WP.{n})
    makes the series of sessions of one year share their references: a reference another
    session has taken is skipped, so references stay unique.
    """
    while True:
        number = next_number(f"publication:{session.pk}")
        reference = format_reference(session, number)
        if not Publication.objects.filter(reference=reference).exists():
            return number, reference


def clean_publication_versions(submission: Submission, versions: Iterable[Version]) -> list[Version]:
    versions = list(versions)
    if not versions:
        raise ReviewError(_("Choose at least one version to publish."))
    if any(v.submission_id != submission.pk for v in versions):
        raise ReviewError(_("Only versions of this paper can be published with it."))
    languages = [v.language for v in versions]
    if len(set(languages)) != len(languages):
        raise ReviewError(_("Choose one version per language."))
    return versions


@transaction.atomic
def publish(*, submission: Submission, by, versions: Iterable[Version], un_symbol: str = "") -> Publication:
    """Publish an accepted paper with its portal reference; a paper published before keeps its reference."""
    submission = _locked(submission)
    check_transition(by, submission, Status.PUBLISHED, via="publish")
    versions = clean_publication_versions(submission, versions)
    un_symbol = clean_un_symbol(un_symbol)
    now = timezone.now()
    publication = Publication.objects.select_for_update().filter(submission=submission).first()
    republished = publication is not None
    if publication is None:
        publication = _new_publication(submission, by=by, now=now, un_symbol=un_symbol)
    else:
        publication.published_at = now
        publication.published_by = by
        publication.unpublished_at = None
        publication.unpublished_by = None
        publication.unpublish_reason = ""
        publication.un_symbol = un_symbol or publication.un_symbol
        publication.save()
    publication.versions.set(versions)
    _set_status(submission, Status.PUBLISHED)
    version_labels = [f"{v.number} ({v.language})" for v in sorted(versions, key=lambda v: v.number)]
    record_event(submission, "published", actor=by, reference=publication.reference, versions=version_labels)
    audit(
        by,
        "submission.published",
        submission,
        reference=publication.reference,
        versions=[v.number for v in versions],
        un_symbol=publication.un_symbol,
        republished=republished,
    )
    notify("submission.published", submission=submission, publication=publication, actor=by)
    return publication


def _new_publication(submission: Submission, *, by, now, un_symbol: str) -> Publication:
    # Two sessions sharing references (see allocate_reference) may race for the same one:
    # the unique index refuses the second, which takes the next number.
    for _attempt in range(5):
        number, reference = allocate_reference(submission.session)
        try:
            with transaction.atomic():
                return Publication.objects.create(
                    submission=submission,
                    session=submission.session,
                    number=number,
                    reference=reference,
                    un_symbol=un_symbol,
                    published_at=now,
                    published_by=by,
                )
        except IntegrityError:
            continue
    raise ReviewError(_("No portal reference could be allocated; please try again."))


@transaction.atomic
def unpublish(*, submission: Submission, by, reason: str) -> Publication:
    """Take a paper off publication; its reference stays with it for a later republication."""
    submission = _locked(submission)
    check_transition(by, submission, Status.ACCEPTED, via="unpublish")
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Give the reason for unpublishing the paper."))
    publication = Publication.objects.select_for_update().get(submission=submission)
    publication.unpublished_at = timezone.now()
    publication.unpublished_by = by
    publication.unpublish_reason = reason[:500]
    publication.save(update_fields=["unpublished_at", "unpublished_by", "unpublish_reason"])
    _set_status(submission, Status.ACCEPTED)
    record_event(submission, "unpublished", actor=by, comment=reason, reference=publication.reference)
    audit(by, "submission.unpublished", submission, reference=publication.reference, reason=reason)
    notify("submission.unpublished", submission=submission, publication=publication, actor=by)
    return publication


@transaction.atomic
def set_un_symbol(*, submission: Submission, by, un_symbol: str) -> Publication:
    """Record (or correct, or clear) the official UN symbol of a paper issued as an official document."""
    if not (by.is_authenticated and by.is_secretariat):
        raise TransitionNotAllowed(_("Only the Secretariat records UN symbols."))
    submission = _locked(submission)
    publication = Publication.objects.select_for_update().filter(submission=submission).first()
    if publication is None:
        raise ReviewError(_("A UN symbol is recorded for a published paper; publish it first."))
    un_symbol = clean_un_symbol(un_symbol)
    if un_symbol == publication.un_symbol:
        return publication
    old = publication.un_symbol
    publication.un_symbol = un_symbol
    publication.save(update_fields=["un_symbol"])
    record_event(submission, "un_symbol_set", actor=by, un_symbol=un_symbol or "—")
    audit(by, "publication.un_symbol_set", submission, old=old, new=un_symbol, reference=publication.reference)
    return publication
