"""What the Chair's team and the Secretariat add to a submission: questions, notes, decisions.

(A paper's publication is the publication app's.)
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Question(models.Model):
    """A question of the Chair's team to the submitting delegation, and the delegation's answer."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    text = models.TextField(_("question"))
    include_cosponsors = models.BooleanField(_("also addressed to the co-sponsors"), default=False)
    answer_text = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Empty while the question waits for its answer.
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_version = models.ForeignKey(
        "submissions.Version",
        verbose_name=_("revision uploaded with the answer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.submission.reference or self.submission_id}: {self.text[:60]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class Note(models.Model):
    """An internal note: the Chair's team and the Secretariat only, never delegations."""

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("written"), default=timezone.now)
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return self.text[:60]


class Decision(models.Model):
    """A decision on a paper; pending (seen by the team only) until the Secretariat announces it."""

    class Outcome(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        NOT_ACCEPT = "not_accept", _("Not accept")

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=12, choices=Outcome.choices)
    comment = models.TextField(_("message to the delegation"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    # Empty while pending: the delegation learns of it only once announced.
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True, db_index=True)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["submission"], condition=Q(announced_at__isnull=True), name="one_pending_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({_('pending') if self.is_pending else _('announced')})"

    @property
    def is_pending(self) -> bool:
        return self.announced_at is None

    @property
    def outcome_label(self) -> str:
        """The decision as the paper's status will read: "Accepted", "Not accepted"."""
        return _("Accepted") if self.outcome == self.Outcome.ACCEPT else _("Not accepted")
