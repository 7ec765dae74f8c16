"""A paper's publication: its portal reference, the versions published (and when each was), and when it was taken off."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    """A paper's publication: its portal reference, kept for good, even while unpublished.

    The reference is allocated once, from the series of the paper's session (see
    publication.services.allocate_reference); republishing uses it again.
    """

    submission = models.OneToOneField("submissions.Submission", on_delete=models.PROTECT, related_name="publication")
    session = models.ForeignKey("agenda.Session", on_delete=models.PROTECT, related_name="publications")
    number = models.PositiveIntegerField(_("number in the series"))
    reference = models.CharField(_("portal reference"), max_length=80, unique=True)
    un_symbol = models.CharField(
        _("UN symbol"), max_length=80, blank=True, help_text=_("Only when issued as an official document.")
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    versions = models.ManyToManyField(
        "submissions.Version", verbose_name=_("published versions"), related_name="publications"
    )
    unpublished_at = models.DateTimeField(_("unpublished"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unpublish_reason = models.CharField(_("reason for unpublishing"), max_length=500, blank=True)

    class Meta:
        # The table of the review app, where the model was born: moving it lost no row.
        db_table = "review_publication"
        ordering = ["-published_at"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="unique_publication_number")]
        indexes = [
            # The public lists walk this in order, newest first (the paper's id breaks ties),
            # and stop at the page shown; the newest publication is its first entry.
            models.Index(fields=["-published_at", "-submission"], name="publication_newest"),
            # The latest unpublication: with the newest publication, the public pages' version.
            models.Index(
                fields=["-unpublished_at"],
                condition=models.Q(unpublished_at__isnull=False),
                name="publication_taken_off",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_published(self) -> bool:
        return self.unpublished_at is None


class PublishedVersion(models.Model):
    """One stretch of time in which a version was published with its paper.

    It begins when a publication includes the version and ends when a republication leaves
    it out or the paper is taken off; republishing it later begins a new one. The public page
    lists a paper's earlier published versions from these rows, never from the paper's history,
    whose wording is for people and may change.
    """

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="version_periods")
    version = models.ForeignKey("submissions.Version", on_delete=models.PROTECT, related_name="publication_periods")
    published_at = models.DateTimeField(_("published"))
    ended_at = models.DateTimeField(_("replaced or taken off"), null=True, blank=True)

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [
            # A version is published with its paper once at a time: the open row is the current one.
            models.UniqueConstraint(
                fields=["publication", "version"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_published_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.published_at:%Y-%m-%d})"
