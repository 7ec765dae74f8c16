"""The notices of the review's events, registered in ReviewConfig.ready."""

from django.utils.translation import gettext_lazy as _

from notifications.events import REVIEWERS, Notice, register
from submissions.notices import ADDRESSED_COSPONSORS, COSPONSORS, PAPER, SUBMITTING_DELEGATION


def register_notices() -> None:
    register(
        "question.asked",
        Notice(
            SUBMITTING_DELEGATION | ADDRESSED_COSPONSORS,
            "review/email/question_asked",
            _("Questions from the Chair's team"),
            locked=True,
        ),
        about=PAPER,
    )
    register(
        "question.answered",
        Notice(REVIEWERS, "review/email/question_answered", _("Answers of delegations to the Chair's questions")),
        about=PAPER,
    )
    register(
        "decision.announced",
        Notice(
            SUBMITTING_DELEGATION | COSPONSORS,
            "review/email/decision_announced",
            _("Decisions on papers my delegation submits or co-sponsors"),
        ),
        about=PAPER,
    )
    register(
        "status.changed",
        Notice(
            SUBMITTING_DELEGATION,
            "review/email/status_changed",
            _("Changes in the review status of my delegation's papers"),
        ),
        about=PAPER,
    )
