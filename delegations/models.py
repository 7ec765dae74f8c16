from django.db import models
from django.utils.translation import gettext_lazy as _


class Delegation(models.Model):
    """Who speaks and submits: a State, the EU, an organisation, or a stakeholder."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        OBSERVER_STATE = "observer_state", _("Observer State")
        IGO = "igo", _("Intergovernmental organisation")
        STAKEHOLDER = "stakeholder", _("Accredited stakeholder")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, blank=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name
