"""A paper's publication: its portal reference, the versions published, and when it was taken off."""

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
