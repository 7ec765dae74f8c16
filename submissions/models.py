import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import SubmissionQuerySet, VersionQuerySet

UN_LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]


class Counter(models.Model):
    """A named sequence. Rows are locked while a number is taken, so none is reused."""

    key = models.CharField(max_length=80, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.last}"


class Submission(models.Model):
    class Kind(models.TextChoices):
        CONCEPT_PAPER = "concept_paper", _("Concept paper")
        PROPOSAL = "proposal", _("Proposal")
        WORKING_PAPER = "working_paper", _("Working paper")
        WRITTEN_INPUT = "written_input", _("Written input")
        NATIONAL_STATEMENT = "national_statement", _("National statement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        QUESTIONS_SENT = "questions_sent", _("Questions sent")
        REVISED = "revised", _("Revised")
        ACCEPTED = "accepted", _("Accepted")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    # Opaque id in URLs, so that ids cannot be walked.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=40, unique=True, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.CONCEPT_PAPER)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="submissions"
    )
    session = models.ForeignKey(
        "agenda.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="submissions"
    )
    sub_items = models.ManyToManyField(
        "agenda.AgendaItem", verbose_name=_("agenda sub-items"), related_name="submissions"
    )
    original_language = models.CharField(_("original language"), max_length=2, choices=UN_LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_submissions",
        help_text=_("The member of the Chair's team or the Secretariat who studies it."),
    )
    # Set from a hidden field of the form that created it: a second post of the same form finds it.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    version_count = models.PositiveIntegerField(default=0, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [
            models.Index(fields=["delegation", "status"]),
            models.Index(fields=["session", "status"]),
            # The review queue sorts by these; without them a page sorts every submission (review.selectors).
            models.Index(fields=["title", "id"], name="submission_title_sort"),
            models.Index(fields=["updated_at", "id"], name="submission_updated_sort"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('Draft')}: {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def audit_private(self) -> bool:
        """What is done to a draft is audited privately (audit.AuditEntry.private)."""
        return self.is_draft


class CoSponsorship(models.Model):
    """An invitation to co-sponsor; the delegation appears as co-sponsor once accepted."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="cosponsorships")
    delegation = models.ForeignKey("delegations.Delegation", on_delete=models.PROTECT, related_name="cosponsorships")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED, db_index=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "delegation"], name="one_invitation_per_delegation")
        ]

    def __str__(self) -> str:
        return f"{self.delegation} ({self.get_status_display()})"

    @property
    def audit_private(self) -> bool:
        return self.submission.is_draft


def version_upload_path(instance: "Version", filename: str) -> str:
    # A random path: the name a delegate chose is kept in original_name, never in the URL.
    return f"versions/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class Version(models.Model):
    """One uploaded file. Versions are never changed or deleted.

    `number` counts the files of a paper in upload order. A paper's text evolves in
    revisions (1, 2, …); each revision exists in one or more of the six languages, so
    the French text of revision 2 is a translation of revision 2, not revision 3.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    revision = models.PositiveIntegerField(_("revision"), default=1)
    file = models.FileField(upload_to=version_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(_("content type"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=UN_LANGUAGES)
    note = models.CharField(_("note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # From the upload form: a second post of the same form finds the version the first made.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="unique_version_number"),
            models.UniqueConstraint(
                fields=["submission", "revision", "language"], name="one_file_per_revision_and_language"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.original_name}"

    @property
    def audit_private(self) -> bool:
        return self.submission.is_draft

    @property
    def extension(self) -> str:
        from .files import EXTENSIONS

        return EXTENSIONS.get(self.content_type, "")

    @property
    def download_name(self) -> str:
        return self.original_name


class Event(models.Model):
    """The history of one submission, as its delegation and the reviewers see it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    # Internal events (notes, pending decisions) are shown to reviewers only.
    internal = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        from .events import describe

        return describe(self)
