"""Actions on several selected submissions at once."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.decorators import require
from submissions.models import Submission
from submissions.services import SubmissionError


@dataclass
class BulkOutcome:
    changed: list[Submission] = field(default_factory=list)
    refused: list[tuple[Submission, str]] = field(default_factory=list)


def change_status_of(*, submissions, to: str, by, comment: str = "") -> BulkOutcome:
    """Move each submission to `to` through the workflow, which decides what is allowed.

    Each submission changes in its own transaction: one the workflow refuses is left
    exactly as it was, with the reason, and the others go ahead. None is half-done.
    """
    from review.workflow import change_status

    require(by, "review.change_status")
    outcome = BulkOutcome()
    for submission in submissions:
        try:
            with transaction.atomic():
                change_status(submission=submission, to=to, by=by, comment=comment)
        except (SubmissionError, PermissionDenied) as error:  # TransitionNotAllowed among them
            outcome.refused.append((submission, str(error) or _("This change is not allowed.")))
        else:
            outcome.changed.append(submission)
    return outcome
