"""The French and Spanish catalogues: the language switcher reaches them, and no translation breaks a placeholder."""

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "es")
NBSP = "\u00a0"

# Python %-format placeholders (%(name)s, %s, %d, %%), Django template variables and HTML tags.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeExXrac%]|\{\{.*?\}\}|<[^>]+>")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def read_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr or msgstr[n], flags.

    A small reader on purpose: the project does not depend on polib. Obsolete (#~) entries are skipped.
    """
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if key is not None and key.startswith("msgstr") and not line.startswith(('"', "msgstr")):
            finish()
            entry, key = None, None
        entry = entry or {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        elif not line.startswith("#"):
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    finish()
    return entries


def catalogue(language):
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def translations(entry):
    """(source, translation) pairs of an entry; a plural form is compared with the English plural."""
    if "msgid_plural" not in entry:
        return [(entry["msgid"], entry.get("msgstr", ""))]
    forms = sorted(key for key in entry if key.startswith("msgstr["))
    return [(entry["msgid"] if key == "msgstr[0]" else entry["msgid_plural"], entry[key]) for key in forms]


def switch_language(client, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/accounts/login/"})
    assert response.status_code == 302
    return client.get("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Connexion au portail du GTCNL",
                'type="submit">Se connecter</button>',
                "Adresse électronique",
                f"Mot de passe oublié{NBSP}?",
                "l'équipe du Président et le Secrétariat",
            ],
        ),
        (
            "es",
            [
                "Iniciar sesión en el portal del GTCA",
                'type="submit">Iniciar sesión</button>',
                "Dirección de correo electrónico",
                "¿Ha olvidado su contraseña?",
                "el equipo del Presidente y la Secretaría",
            ],
        ),
    ],
)
def test_language_switcher_shows_the_translated_login_page(client, language, expected):
    response = switch_language(client, language)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    for text in expected:
        assert text in html
    assert "Log in to the OEWG portal" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "L'adresse électronique ou le mot de passe est incorrect."),
        ("es", "La dirección de correo electrónico o la contraseña no son correctas."),
    ],
)
def test_messages_from_python_code_are_translated_too(client, language, expected):
    switch_language(client, language)

    response = client.post("/accounts/login/", {"username": "nobody@example.org", "password": "wrong"})

    assert response.status_code == 200
    assert expected in response.content.decode().replace("&#x27;", "'")


def test_the_english_page_stays_english(client, db):
    response = client.get("/accounts/login/")

    assert "Log in to the OEWG portal" in response.content.decode()


def test_the_po_reader_reads_plurals_flags_and_continuation_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        "#: a.py:1\n#, python-format\n"
        'msgid "%(n)s page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] "%(n)s page"\nmsgstr[1] ""\n"%(n)s pages"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Vieux"\n\n'
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "Ouvrir \\"ici\\""\n',
        encoding="utf-8",
    )

    header, plural, with_context = read_po(po)

    assert header["msgstr"] == "Language: fr\n"
    assert plural["flags"] == {"python-format"}
    assert plural["msgstr[1]"] == "%(n)s pages"
    assert with_context == {"flags": set(), "msgctxt": "menu", "msgid": "Open", "msgstr": 'Ouvrir "ici"'}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_msgid(language):
    entries = [entry for entry in read_po(catalogue(language)) if entry["msgid"]]
    assert len(entries) > 600

    broken = [
        (source, translation)
        for entry in entries
        for source, translation in translations(entry)
        if translation and placeholders(source) != placeholders(translation)
    ]

    assert broken == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_nothing_is_fuzzy(language):
    entries = [entry for entry in read_po(catalogue(language)) if entry["msgid"]]

    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [
        entry["msgid"] for entry in entries if not all(translation for _, translation in translations(entry))
    ]

    assert fuzzy == []
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    po = catalogue(language)
    with open(po.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for entry in read_po(po):
        if not entry["msgid"] or "msgid_plural" in entry or not entry.get("msgstr"):
            continue
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if compiled._catalog.get(key) != entry["msgstr"]:
            stale.append(entry["msgid"])

    assert stale == [], "run: python manage.py compilemessages --ignore=.venv --ignore=notifications"
