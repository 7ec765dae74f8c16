from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models import UN_LANGUAGES

from .querysets import ExtractionQuerySet


class Extraction(models.Model):
    """What a worker read from one version's file: its text, its figures, its indexing state.

    The search index is derived from these rows (see indexing.search): on PostgreSQL a
    `search_vector` tsvector column with a GIN index, on SQLite an FTS5 table. Neither is a
    model field, because each exists on one backend only; migration 0002 creates them.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        INDEXING = "indexing", _("Indexing")
        INDEXED = "indexed", _("Indexed")
        FAILED = "failed", _("Failed")

    version = models.OneToOneField("submissions.Version", on_delete=models.CASCADE, related_name="extraction")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    failure_reason = models.CharField(_("reason"), max_length=500, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    words = models.PositiveIntegerField(_("words"), null=True, blank=True)
    detected_language = models.CharField(_("detected language"), max_length=2, choices=UN_LANGUAGES, blank=True)
    language_mismatch = models.BooleanField(_("language differs from the declared one"), default=False)
    sha256 = models.CharField(max_length=64, blank=True)
    duplicate_of = models.ForeignKey(
        "submissions.Version",
        verbose_name=_("identical to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The task message that holds the row while it is "indexing"; a redelivery of the same
    # message (its worker died) takes it over, any other message leaves it alone.
    task_id = models.CharField(max_length=64, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    queued_at = models.DateTimeField(_("queued"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Touched every few seconds by the run reading the file: a row "indexing" whose heartbeat
    # stopped belongs to a worker that died, and is handed to another run within seconds.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExtractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("text extraction")
        verbose_name_plural = _("text extractions")
        indexes = [models.Index(fields=["state", "queued_at"], name="extraction_state_queued")]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.state}"

    @property
    def is_done(self) -> bool:
        return self.state in (self.State.INDEXED, self.State.FAILED)
