from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from common.translations import localized, translations_field


class Body(models.Model):
    """The working group the portal serves; data, so a successor body needs no code."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    name_i18n = translations_field()
    short_name_i18n = translations_field()
    symbol_prefix = models.CharField(_("UN symbol prefix"), max_length=40, help_text="e.g. A/AC.292/")
    # {year} and {n} are filled at publication; numbers run per session and are never reused.
    reference_pattern = models.CharField(_("portal reference pattern"), max_length=80, default="OEWG/{year}/WP.{n}")
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.localized_short_name

    @property
    def localized_name(self) -> str:
        return localized(self, "name")

    @property
    def localized_short_name(self) -> str:
        return localized(self, "short_name")


class Session(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Empty for intersessional meetings.")
    )
    title = models.CharField(_("title"), max_length=200)
    title_i18n = translations_field()
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    submission_deadline = models.DateTimeField(_("submission deadline"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    notes_i18n = translations_field()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [models.UniqueConstraint(fields=["body", "title"], name="unique_session_title")]

    def __str__(self) -> str:
        return f"{self.localized_title} ({self.start_date:%Y})"

    @property
    def localized_title(self) -> str:
        return localized(self, "title")

    @property
    def localized_notes(self) -> str:
        return localized(self, "notes")

    def deadline_for(self, delegation) -> "timezone.datetime":
        """The deadline that applies to one delegation, extensions included."""
        extension = self.extensions.filter(delegation=delegation).order_by("-deadline").first() if delegation else None
        return max(self.submission_deadline, extension.deadline) if extension else self.submission_deadline

    def is_open_for(self, delegation, *, now=None) -> bool:
        return (now or timezone.now()) <= self.deadline_for(delegation)


class DeadlineExtension(models.Model):
    """The Secretariat's extension of one session's deadline for one delegation."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="extensions")
    delegation = models.ForeignKey("delegations.Delegation", on_delete=models.CASCADE, related_name="+")
    deadline = models.DateTimeField(_("extended deadline"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    granted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "delegation"], name="one_extension_per_delegation")]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.session} until {self.deadline:%Y-%m-%d %H:%M}"


class AgendaItem(models.Model):
    """An agenda item ("5") or one of its sub-items ("5(e)")."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="agenda_items")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_items")
    code = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    title_i18n = translations_field()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="unique_agenda_code")]

    def __str__(self) -> str:
        # Isolated left to right in Arabic (U+2066…U+2069), where a bare "5(e)" would read "(e)5".
        code = f"\u2066{self.code}\u2069" if translation.get_language_bidi() else self.code
        return f"{code} {self.localized_title}"

    @property
    def localized_title(self) -> str:
        return localized(self, "title")
