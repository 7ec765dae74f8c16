"""The review's part of the delegate's "what to do next" panel (submissions.next_steps)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission
from submissions.next_steps import DECISION_SHOWN_FOR, Button, NextStep, detail_url

from .models import Decision, Question


def questions_to_answer(user) -> list[NextStep]:
    questions = (
        Question.objects.filter(
            submission__delegation_id=user.delegation_id,
            answered_at__isnull=True,
        )
        .exclude(submission__status__in=[Submission.Status.WITHDRAWN, Submission.Status.DRAFT])
        .select_related("submission__delegation", "submission__session")
        .order_by("asked_at")
    )
    return [
        NextStep(
            kind="question",
            heading=_("Answer requested"),
            text=_("The Chair's team asked: “%(question)s”") % {"question": _shorten(question.text)},
            submission=question.submission,
            buttons=[Button(_("Answer the question"), detail_url(question.submission, f"question-{question.pk}"))],
            sort_key=(0, question.asked_at.timestamp()),
        )
        for question in questions
    ]


def decisions_announced(user) -> list[NextStep]:
    since = timezone.now() - DECISION_SHOWN_FOR
    decisions = (
        Decision.objects.filter(
            submission__delegation_id=user.delegation_id,
            announced_at__gte=since,
            submission__status__in=[Submission.Status.ACCEPTED, Submission.Status.NOT_ACCEPTED],
        )
        .select_related("submission__delegation", "submission__session")
        .order_by("-announced_at")
    )
    steps = []
    for decision in decisions:
        if decision.outcome == Decision.Outcome.ACCEPT:
            text = _("The Chair's team accepted this paper. The Secretariat will publish it.")
        else:
            text = _("The Chair's team did not accept this paper. Read the decision and its message.")
        steps.append(
            NextStep(
                kind="decision",
                heading=_("Decision announced"),
                text=text,
                submission=decision.submission,
                buttons=[
                    Button(
                        _("Read the decision"),
                        detail_url(decision.submission, "decision"),
                        style="outline-primary",
                    )
                ],
                sort_key=(2, -decision.announced_at.timestamp()),
            )
        )
    return steps


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
