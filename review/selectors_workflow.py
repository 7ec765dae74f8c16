"""Reads of the review workflow: the detail page, the delegate's questions, pending decisions, the audit log.

(The queue's reads are in review.selectors.)
"""

from dataclasses import dataclass, field

import rules
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Substr

from audit.models import AuditEntry
from publication.models import Publication
from submissions.models import CoSponsorship, Event, Submission, Version

from .models import Decision, Note, Question
from .workflow import IN_REVIEW

PREVIEW_CHARS = 1500
# A draft, or a paper submitted and not yet touched by the review: no transition leads back to
# "submitted" (review.workflow.TRANSITIONS), and asking a question, announcing a decision and
# publishing each move the paper on, so such a paper has no question, decision or publication.
NOT_YET_REVIEWED = frozenset({Submission.Status.DRAFT, Submission.Status.SUBMITTED})


def submission_for_review(user, public_id) -> Submission | None:
    """One paper with everything the reviewer's detail page shows, in a constant number of queries."""
    if not rules.has_perm("review.view_queue", user):
        return None
    versions = (
        Version.objects.order_by("number")
        .select_related("uploaded_by", "extraction__duplicate_of__submission")
        .defer("extraction__text")
        .annotate(preview=Substr("extraction__text", 1, PREVIEW_CHARS + 1))
    )
    return (
        Submission.objects.submitted()
        .filter(public_id=public_id)
        .select_related(
            "delegation",
            "session__body",
            "created_by",
            "submitted_by",
            "withdrawn_by",
            "assigned_to",
            "publication__published_by",
            "publication__unpublished_by",
        )
        .prefetch_related(
            "sub_items",
            Prefetch("versions", queryset=versions),
            Prefetch(
                "cosponsorships",
                queryset=CoSponsorship.objects.select_related("delegation").order_by("delegation__name"),
            ),
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("at", "id")),
            Prefetch(
                "questions",
                queryset=Question.objects.select_related("asked_by", "answered_by", "answer_version"),
            ),
            Prefetch("notes", queryset=Note.objects.select_related("author")),
            Prefetch("decisions", queryset=Decision.objects.select_related("decided_by", "announced_by")),
            Prefetch("publication__versions", queryset=Version.objects.order_by("language")),
        )
        .first()
    )


def publication_of(submission: Submission) -> Publication | None:
    try:
        return submission.publication
    except Publication.DoesNotExist:
        return None


@dataclass
class DelegateReview:
    """What the delegate page shows of the review: questions, the announced decision, the publication."""

    questions: list = field(default_factory=list)
    can_answer: bool = False
    publication: Publication | None = None
    decision: Decision | None = None

    def __bool__(self) -> bool:
        return bool(self.questions or self.publication or self.decision)


def questions_for_delegate(user, submission: Submission) -> DelegateReview:
    """The questions addressed to this person's delegation on this paper, and its publication.

    The submitting delegation sees every question and answers them; an accepted co-sponsor
    reads those that included the co-sponsors. Notes and pending decisions are never here.
    """
    if not rules.has_perm("review.read_questions", user, submission):
        return DelegateReview()
    if submission.status in NOT_YET_REVIEWED:
        # Nothing to read yet, without three queries (the page a delegate lands on after submitting).
        return DelegateReview()
    own = rules.has_perm("review.answer_question", user, submission)
    questions = Question.objects.filter(submission=submission).select_related(
        "asked_by", "answered_by", "answer_version"
    )
    if not own:
        questions = questions.filter(include_cosponsors=True)
    publication = Publication.objects.filter(submission=submission, unpublished_at__isnull=True).first()
    decision = (
        Decision.objects.filter(submission=submission, announced_at__isnull=False).order_by("-announced_at").first()
    )
    return DelegateReview(
        questions=list(questions),
        can_answer=own and rules.has_perm("submissions.revise_submission", user, submission),
        publication=publication,
        decision=decision,
    )


def open_question_for(user, pk: int) -> Question | None:
    """A question this delegate may answer, or None."""
    question = Question.objects.select_related("submission").filter(pk=pk).first()
    if question is None or not rules.has_perm("review.answer_question", user, question.submission):
        return None
    return question


def pending_decisions() -> QuerySet[Decision]:
    """Decisions recorded and not yet announced, for the Secretariat's announcement page.

    Only those of papers still under review: a paper withdrawn meanwhile can no longer take a
    decision, and its row, ticked on the page with the others, would refuse them all.
    """
    return (
        Decision.objects.filter(announced_at__isnull=True, submission__status__in=IN_REVIEW)
        .select_related("submission__delegation", "submission__session", "decided_by")
        .order_by("submission__session__start_date", "submission__reference")
    )


def audit_entries(
    *, user, actor=None, action: str = "", object_query: str = "", date_from=None, date_to=None
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.visible_to(user).select_related("actor").order_by("-at", "-id")
    if actor is not None:
        entries = entries.filter(actor=actor)
    if action:
        entries = entries.filter(action=action)
    if object_query:
        entries = entries.filter(
            Q(object_repr__icontains=object_query) | Q(object_id=object_query) | Q(object_type=object_query)
        )
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries


def audit_actions(user) -> list[str]:
    return list(AuditEntry.objects.visible_to(user).order_by("action").values_list("action", flat=True).distinct())
