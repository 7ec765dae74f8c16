"""A compendium of proposals: one draft of the papers and proposals behind the annual progress report.

Each compendium is kept with who started it, when and with which choices, so that the Chair's team
can compare drafts over time; its documents are files, its proposals rows the team ticks.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def result_path(instance: "Compendium", filename: str) -> str:
    return f"compendia/{instance.pk}/{filename}"


class Compendium(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for a worker")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # What the team chose: sessions, sub-items, kinds, statuses (ids and codes), language, full texts.
    # See compendium.forms.CompendiumForm.choices() for the keys.
    choices = models.JSONField(_("choices"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    # Steps are the chosen sub-items, then the annex and the files; progress is steps_done / steps_total.
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("steps"), default=1)
    current_step = models.CharField(_("current step"), max_length=300, blank=True)
    # Asked by the team; the task looks at it between steps and stops there.
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    failure_reason = models.CharField(_("reason"), max_length=1000, blank=True)
    # The proposals are found once, by the first build; later builds only write the documents again.
    proposals_found = models.BooleanField(_("proposals found"), default=False)
    # The team changed ticks since the documents were last written: the page offers to write them again.
    ticks_pending = models.BooleanField(_("ticks not yet in the documents"), default=False)
    paper_count = models.PositiveIntegerField(_("papers"), default=0)
    started_at = models.DateTimeField(_("build started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    docx = models.FileField(_("Word document"), upload_to=result_path, max_length=200, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=result_path, max_length=200, blank=True)
    csv = models.FileField(_("CSV"), upload_to=result_path, max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("compendium")
        verbose_name_plural = _("compendia")

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def progress(self) -> int:
        """Per cent done, for the progress bar."""
        if self.state == self.State.READY:
            return 100
        return min(100, round(100 * self.steps_done / max(self.steps_total, 1)))

    @property
    def choices_display(self) -> dict:
        """The choices in the reader's words, as they were when the compendium was started."""
        from submissions.models import UN_LANGUAGES, Submission

        choices = self.choices or {}
        kinds, statuses, languages = dict(Submission.Kind.choices), dict(Submission.Status.choices), dict(UN_LANGUAGES)
        return {
            "sessions": ", ".join(choices.get("session_titles", [])),
            "sub_item_codes": choices.get("sub_item_codes", []),
            "statuses": ", ".join(str(statuses.get(s, s)) for s in choices.get("statuses", [])),
            "kinds": ", ".join(str(kinds.get(k, k)) for k in choices.get("kinds", [])),
            "language": str(languages.get(choices.get("language"), "")),
            "full_text": bool(choices.get("full_text")),
        }

    @property
    def state_badge(self) -> str:
        return {
            self.State.READY: "text-bg-success",
            self.State.FAILED: "text-bg-danger",
            self.State.BUILDING: "text-bg-primary",
        }.get(self.state, "text-bg-secondary")

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.WAITING, self.State.BUILDING)


class Proposal(models.Model):
    """A sentence of a paper that proposes, recommends or calls for an action (compendium.proposals)."""

    compendium = models.ForeignKey(Compendium, on_delete=models.CASCADE, related_name="proposals")
    submission = models.ForeignKey(
        "submissions.Submission", verbose_name=_("paper"), on_delete=models.CASCADE, related_name="+"
    )
    sub_item = models.ForeignKey(
        "agenda.AgendaItem", verbose_name=_("sub-item"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(_("position in the text"), default=0)
    text = models.TextField(_("sentence"))
    cue = models.CharField(_("wording found"), max_length=80)
    language = models.CharField(_("language"), max_length=2)
    included = models.BooleanField(_("in the compendium"), default=True)

    class Meta:
        ordering = ["sub_item__order", "submission_id", "position"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["compendium", "sub_item", "submission"], name="compendium_proposal_place")]

    def __str__(self) -> str:
        return self.text[:80]
