"""The delegations' names in the other UN languages.

CLDR's territory names (through Babel) for most States; the UN's own names where they differ
(data/un-names.csv: "Fédération de Russie" not "Russie", "État de Palestine", "Saint-Siège",
"Türkiye", the European Union, which has no ISO code). Short names, where the English list has
one ("Bolivia" for "Bolivia (Plurinational State of)"), are CLDR's names too.
"""

import csv
import functools
from pathlib import Path

from babel import Locale
from django.conf import settings

DATA = Path(__file__).resolve().parent / "data"
UN_NAMES_FILE = DATA / "un-names.csv"
UN_SHORT_NAMES_FILE = DATA / "un-short-names.csv"


def _babel_locale(code: str) -> Locale:
    return Locale.parse(code.replace("-hans", "_Hans").replace("-", "_"))


@functools.cache
def _overrides(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row.pop("name"): {code: text for code, text in row.items() if text} for row in csv.DictReader(handle)}


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _cldr(iso2: str, language: str) -> str:
    return _babel_locale(language).territories.get(iso2.upper(), "") if iso2 else ""


def translated_names(*, name: str, iso2: str) -> dict[str, str]:
    """{language: the delegation's name} for the languages other than English that have one."""
    un = _overrides(UN_NAMES_FILE).get(name, {})
    names = {language: un.get(language) or _cldr(iso2, language) for language in _languages()}
    return {language: text for language, text in names.items() if text}


def translated_short_names(*, name: str, iso2: str) -> dict[str, str]:
    """{language: short name}, for a delegation whose English list gives a short name."""
    un = _overrides(UN_SHORT_NAMES_FILE).get(name, {})
    names = {language: un.get(language) or _cldr(iso2, language) for language in _languages()}
    return {language: text for language, text in names.items() if text}


# The delegations' translated names by English name, for text that stored the English name (history
# lines): read once per process, forgotten whenever a delegation is saved or deleted.
_by_english_name: dict[str, dict] | None = None


def forget_names(**kwargs) -> None:
    global _by_english_name
    _by_english_name = None


def in_reader_language(english_name: str) -> str:
    """A delegation's name given in English, in the active language; as given when unknown."""
    global _by_english_name
    from django.utils import translation

    from common.translations import in_language

    if (translation.get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return english_name
    if _by_english_name is None:
        from .models import Delegation

        _by_english_name = dict(Delegation.objects.values_list("name", "name_i18n"))
    return in_language(english_name, _by_english_name.get(english_name))
