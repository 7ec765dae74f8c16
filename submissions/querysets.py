"""The scoped querysets: every list, search, export, digest, feed and count starts here.

``visible_to`` mirrors the rule ``submissions.view_submission`` (submissions/rules.py) and
``published`` mirrors ``submissions.view_public_submission``; a test proves each pair agrees.
No other module writes "not a draft" by hand.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.rules import is_delegate, is_reviewer


def visible_submissions_q(user, prefix: str = "") -> Q | None:
    """The condition of view_submission on a query of papers (``prefix`` reaches the paper from a related
    model: ``"submission__"``). None means nothing is visible."""
    # Looked up by name: models.py imports this module.
    CoSponsorship = apps.get_model("submissions", "CoSponsorship")
    draft = Q(**{f"{prefix}status": "draft"})
    if is_reviewer(user):
        return ~draft
    if not is_delegate(user):
        return None
    own = Q(**{f"{prefix}delegation_id": user.delegation_id})
    invited = Exists(
        CoSponsorship.objects.filter(
            submission_id=OuterRef(f"{prefix}pk" if prefix else "pk"),
            delegation_id=user.delegation_id,
            status__in=[CoSponsorship.Status.INVITED, CoSponsorship.Status.ACCEPTED],
        )
    )
    return own | (~draft & invited)


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        condition = visible_submissions_q(user)
        return self.none() if condition is None else self.filter(condition)

    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def submitted(self):
        """Everything past the draft: what the review queue, counts and exports work on."""
        return self.exclude(status=self.model.Status.DRAFT)

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)


class VersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        condition = visible_submissions_q(user, "submission__")
        return self.none() if condition is None else self.filter(condition)

    def published(self):
        """The files chosen for publication (``publications``: the publication's versions) of published papers."""
        return self.filter(submission__status="published", publications__unpublished_at__isnull=True)

    def submitted(self):
        return self.exclude(submission__status="draft")
