"""Data in the six UN languages: names and titles kept as {language: text} beside the English column.

The English text stays in its own column (natural keys, ordering and search use it); each translated
field has a JSON companion `<field>_i18n` such as {"fr": "...", "ar": "..."}. Pages read
`localized(obj, "title")`, which falls back to English where a translation is missing, so a
Secretariat that adds a sub-item in English only never shows an empty title.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def other_languages() -> list[tuple[str, str]]:
    """The UN languages besides the portal's default (English), as (code, name)."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def in_language(english: str, translations: dict | None, language: str | None = None) -> str:
    """The text in the active language, from its English and its {language: text}; English if missing.

    For rows read with values_list("title", "title_i18n"), where there is no model instance.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not translations:
        return english
    # "zh-hans" is stored as such; a browser's "fr-ca" reads the French text.
    return translations.get(language) or translations.get(language.split("-")[0]) or english


def localized(obj, field: str, language: str | None = None) -> str:
    """`obj.<field>` in the active language, else in English."""
    return in_language(getattr(obj, field), getattr(obj, f"{field}_i18n", None), language)


def translations_field() -> models.JSONField:
    return models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The text in the other UN languages; English is used where one is missing."),
    )


def translations_form(model, *fields: str) -> type[forms.ModelForm]:
    """An admin form with one text box per UN language for each of `fields`.

    The boxes are read from and written back to the field's `<field>_i18n` JSON, so the Secretariat
    edits translations as plain text and never sees JSON.
    """
    declared = {}
    for field in fields:
        model_field = model._meta.get_field(field)
        for code, name in other_languages():
            declared[f"{field}__{code}"] = forms.CharField(
                label=f"{model_field.verbose_name} ({name})",
                max_length=model_field.max_length,
                required=False,
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto", "size": 60}),
            )

    def __init__(self, *args, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        for field in fields:
            stored = getattr(self.instance, f"{field}_i18n", None) or {}
            for code, _name in other_languages():
                self.initial.setdefault(f"{field}__{code}", stored.get(code, ""))

    def save(self, commit=True):
        for field in fields:
            setattr(
                self.instance,
                f"{field}_i18n",
                {
                    code: self.cleaned_data[f"{field}__{code}"].strip()
                    for code, _name in other_languages()
                    if self.cleaned_data.get(f"{field}__{code}", "").strip()
                },
            )
        return forms.ModelForm.save(self, commit=commit)

    meta = type("Meta", (), {"model": model, "exclude": [f"{field}_i18n" for field in fields]})
    return type(
        f"{model.__name__}TranslationsForm",
        (forms.ModelForm,),
        {**declared, "Meta": meta, "__init__": __init__, "save": save},
    )


def translation_fieldset(*fields: str) -> tuple:
    """An admin fieldset listing the per-language boxes of `fields`."""
    return (
        _("Translations"),
        {
            "description": _("English is shown wherever a translation is left empty."),
            "fields": [f"{field}__{code}" for field in fields for code, _name in other_languages()],
        },
    )
