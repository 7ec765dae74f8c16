from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.translations import localized, translations_field


class Delegation(models.Model):
    """Who speaks and submits: a State, the EU, an organisation, or a stakeholder."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        OBSERVER_STATE = "observer_state", _("Observer State")
        IGO = "igo", _("Intergovernmental organisation")
        STAKEHOLDER = "stakeholder", _("Accredited stakeholder")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    # The UN's names in the other five languages (CLDR's, corrected where the UN differs).
    name_i18n = translations_field()
    short_name_i18n = translations_field()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, blank=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The delegation's name in the reader's language (English where none is recorded)."""
        return localized(self, "name")

    @property
    def display_name(self) -> str:
        """The short name where there is one, in the reader's language."""
        if not self.short_name:
            return self.localized_name
        language = get_language() or settings.LANGUAGE_CODE
        if language == settings.LANGUAGE_CODE:
            return self.short_name
        # A translated full name reads better than the English short one.
        return self.short_name_i18n.get(language) or self.name_i18n.get(language) or self.short_name
