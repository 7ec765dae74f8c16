"""Questions of the Chair's team to a delegation, and the delegation's answers."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import require
from audit.services import audit
from notifications.rendering import absolute
from notifications.services import notify
from submissions.models import Submission
from submissions.services import add_version, record_event

from .models import Question
from .workflow import IN_REVIEW, ReviewError, _locked, _set_status, check_transition, is_allowed

Status = Submission.Status


@transaction.atomic
def ask_question(*, submission: Submission, by, text: str, include_cosponsors: bool = False) -> Question:
    """Send a question to the submitting delegation (and its co-sponsors, if chosen)."""
    submission = _locked(submission)
    check_transition(by, submission, Status.QUESTIONS_SENT, via="ask_question")
    text = (text or "").strip()
    if not text:
        raise ReviewError(_("Write the question."))
    question = Question.objects.create(
        submission=submission, asked_by=by, text=text, include_cosponsors=include_cosponsors
    )
    old = submission.status
    if old != Status.QUESTIONS_SENT:
        _set_status(submission, Status.QUESTIONS_SENT)
    # The history shows that a question was sent, never its text: co-sponsors read the
    # history too, and a question may not be addressed to them.
    record_event(submission, "question_asked", actor=by, question=question.pk)
    audit(by, "question.asked", submission, question=question.pk, include_cosponsors=include_cosponsors, old=old)
    notify("question.asked", submission=submission, question=question, include_cosponsors=include_cosponsors, actor=by)
    return question


@transaction.atomic
def answer_question(
    *, question: Question, by, text: str, file=None, language: str | None = None, note: str = ""
) -> Question:
    """The submitting delegation answers, and may upload a revision with its answer."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    submission = _locked(question.submission)
    require(by, "review.answer_question", submission)
    if not question.is_open:
        raise ReviewError(_("This question has already been answered."))
    if submission.status not in IN_REVIEW:
        raise ReviewError(
            _("Questions on a paper that is %(status)s can no longer be answered.")
            % {"status": submission.get_status_display().lower()}
        )
    text = (text or "").strip()
    if not text:
        raise ReviewError(_("Write your answer."))
    version = None
    if file is not None:
        version = add_version(
            submission=submission,
            by=by,
            file=file,
            language=language or submission.original_language,
            note=note.strip() or _("Revised in answer to the Chair's question"),
        )
        submission.refresh_from_db(fields=["status", "version_count", "updated_at"])
    question.answer_text = text
    question.answered_by = by
    question.answered_at = timezone.now()
    question.answer_version = version
    question.save(update_fields=["answer_text", "answered_by", "answered_at", "answer_version"])
    nothing_open = not submission.questions.filter(answered_at__isnull=True).exists()
    if version is None and nothing_open and is_allowed(by, submission, Status.UNDER_REVIEW, via="answer_question"):
        _set_status(submission, Status.UNDER_REVIEW)
    record_event(
        submission,
        "question_answered",
        actor=by,
        question=question.pk,
        version=version.number if version else None,
    )
    audit(by, "question.answered", submission, question=question.pk, version=version.number if version else None)
    notify(
        "question.answered",
        submission=submission,
        question=question,
        version=version,
        actor=by,
        # The team reads answers on its dashboard.
        submission_url=absolute(reverse("review:detail", args=[submission.public_id])),
    )
    return question
