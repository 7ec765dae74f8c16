"""Stakeholder organisations: their accreditation by non-objection, and the Chair's informal consultations.

An accredited organisation becomes a ``delegations.Delegation`` of kind *stakeholder*, and its people
are members of it like a delegation's (``accounts.User.delegation``): a focal point manages them on
the same page, and they submit written inputs through the same submission flow. What makes them
stakeholders is the kind of their delegation (``accounts.rules.is_stakeholder``), not a new mechanism.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Round(models.Model):
    """A list of applicants circulated to States, who may object until the period ends."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for objections")
        CLOSED = "closed", _("Closed")

    class Visibility(models.TextChoices):
        # The modalities leave it to States: the Secretariat sets it per round.
        SECRETARIAT = "secretariat", _("Objections seen only by the Chair's team and the Secretariat")
        DELEGATIONS = "delegations", _("Objections and their bases shown to all delegations")
        PUBLIC = "public", _("Objections and their bases published with the objecting State's name")

    title = models.CharField(_("title"), max_length=200)
    period_days = models.PositiveSmallIntegerField(_("non-objection period (days)"), default=14)
    visibility = models.CharField(
        _("who sees objections"), max_length=20, choices=Visibility.choices, default=Visibility.SECRETARIAT
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("circulated"), default=timezone.now)
    closes_at = models.DateTimeField(_("objections until"), db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("non-objection round")
        verbose_name_plural = _("non-objection rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and timezone.now() < self.closes_at


class Application(models.Model):
    """An organisation's request to be accredited, from the public form to the outcome."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        ACADEMIA = "academia", _("Academia")
        INDUSTRY = "industry", _("Private sector")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Email address not yet confirmed")
        RECEIVED = "received", _("Received")
        CIRCULATED = "circulated", _("Circulated to States")
        ACCREDITED = "accredited", _("Accredited")
        NOT_ACCREDITED = "not_accredited", _("Not accredited")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    FINAL = (Status.ACCREDITED, Status.NOT_ACCREDITED, Status.WITHDRAWN)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name of the organisation"), max_length=200)
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the organisation has its headquarters."),
    )
    website = models.URLField(_("website"), blank=True)
    has_ecosoc_status = models.BooleanField(_("consultative status with ECOSOC"), default=False)
    ecosoc_reference = models.CharField(_("ECOSOC status reference"), max_length=100, blank=True)
    statement = models.TextField(_("the organisation's work on ICT security"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email address"))

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    # The delegation the organisation's people belong to, once accredited.
    organisation = models.OneToOneField(
        "delegations.Delegation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accreditation",
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("accreditation application")
        verbose_name_plural = _("accreditation applications")

    def __str__(self) -> str:
        return self.name

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL


class Objection(models.Model):
    """A State's objection to an applicant in a round; its basis is optional (the modalities say so)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="objections")
    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("objecting State"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.TextField(_("general basis of the objection"), blank=True)
    objected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    objected_at = models.DateTimeField(_("objected"), auto_now_add=True)

    class Meta:
        ordering = ["objected_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.UniqueConstraint(fields=["application", "delegation"], name="one_objection_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.delegation} → {self.application}"


class Consultation(models.Model):
    """An informal consultation of the Chair with stakeholders, with guiding questions answered in writing."""

    class Format(models.TextChoices):
        VIRTUAL = "virtual", _("Virtual")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    held_at = models.DateTimeField(_("date and time"))
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.VIRTUAL)
    sub_item = models.ForeignKey(
        "agenda.AgendaItem", verbose_name=_("theme (sub-item)"), on_delete=models.PROTECT, related_name="+"
    )
    introduction = models.TextField(_("introduction"))
    deadline = models.DateTimeField(_("registration and written-input deadline"))
    open_to_all = models.BooleanField(
        _("open to any organisation registered in the portal"),
        default=False,
        help_text=_("Otherwise only accredited stakeholders take part."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    inputs_published_at = models.DateTimeField(_("written inputs published"), null=True, blank=True)

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("informal consultation")
        verbose_name_plural = _("informal consultations")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return timezone.now() <= self.deadline


class GuidingQuestion(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("guiding question"))

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="one_question_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Participation(models.Model):
    """An organisation registered to take part in a consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("delegations.Delegation", on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "organisation"], name="one_registration_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.consultation}"


def input_upload_path(instance, filename: str) -> str:
    # A random path, as for papers: the name the organisation chose is kept in file_name only.
    return f"stakeholder-inputs/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class WrittenInput(models.Model):
    """An organisation's written input to a consultation: an answer per guiding question, and a file."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="inputs")
    organisation = models.ForeignKey("delegations.Delegation", on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    file = models.FileField(upload_to=input_upload_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # The answers and the file's text, lower-cased: what the search reads.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "organisation"], name="one_input_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.consultation}"


class Answer(models.Model):
    written_input = models.ForeignKey(WrittenInput, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(GuidingQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["question__number"]
        constraints = [models.UniqueConstraint(fields=["written_input", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.written_input} · {self.question.number}"
