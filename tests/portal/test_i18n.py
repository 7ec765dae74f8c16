"""The catalogues of the five languages besides English: complete, never fuzzy, compiled, up to date with
the source, and no translation breaks a placeholder. The language switcher reaches them.

When a check here fails because strings were added or changed, regenerate and translate:
`make messages` (makemessages for the five languages), fill in the new entries, then `make messages` again
to compile (see README, "Translations").
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The UN languages other than English, as their folders under locale/ are named.
LANGUAGES = ("fr", "es", "ar", "zh_Hans", "ru")
NBSP = "\u00a0"
# Folders whose files hold no text for the catalogues (the same list as `make messages`).
NOT_SOURCE = {".venv", "var", "tests", "bench", "node_modules", ".git", "static"}

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


def catalogues(language):
    """The project's catalogue and every app's own (notifications keeps the mail texts in its own)."""
    found = [catalogue(language), *sorted(ROOT.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))]
    return [path for path in found if NOT_SOURCE.isdisjoint(path.relative_to(ROOT).parts)]


def all_catalogues():
    return [(language, path) for language in LANGUAGES for path in catalogues(language)]


def catalogue_id(value):
    return str(value.relative_to(ROOT)) if isinstance(value, Path) else value


def plural_function(path):
    header = next(entry for entry in read_po(path) if not entry["msgid"])["msgstr"]
    expression = re.search(r"plural=([^;\n]+)", header).group(1)
    return gettext.c2py(expression), int(re.search(r"nplurals=(\d+)", header).group(1))


def numbers_per_form(path):
    """For each plural form of the catalogue, the numbers 0-1000 that use it."""
    choose, count = plural_function(path)
    numbers = {form: [] for form in range(count)}
    for n in range(1001):
        numbers[choose(n)].append(n)
    return numbers


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


@pytest.mark.parametrize(("language", "path"), all_catalogues(), ids=catalogue_id)
def test_every_translation_keeps_the_placeholders_of_its_msgid(language, path):
    entries = [entry for entry in read_po(path) if entry["msgid"]]
    numbers = numbers_per_form(path)

    broken = []
    for entry in entries:
        if "msgid_plural" not in entry:
            if entry.get("msgstr") and placeholders(entry["msgid"]) != placeholders(entry["msgstr"]):
                broken.append((entry["msgid"], entry["msgstr"]))
            continue
        known = set(placeholders(entry["msgid"])) | set(placeholders(entry["msgid_plural"]))
        for key in sorted(key for key in entry if key.startswith("msgstr[")):
            form = int(key[7:-1])
            used = placeholders(entry[key])
            # A form used for one number only ("one", "two" in Arabic) may say it in words.
            needed = [] if len(numbers.get(form, [])) <= 1 else placeholders(entry["msgid_plural"])
            if not set(used) <= known or not set(needed) <= set(used):
                broken.append((entry["msgid_plural"], entry[key]))

    assert broken == []


def test_every_catalogue_of_the_six_languages_exists():
    for language in LANGUAGES:
        names = {str(path.relative_to(ROOT)).replace(language, "LL") for path in catalogues(language)}
        assert names == {"locale/LL/LC_MESSAGES/django.po", "notifications/locale/LL/LC_MESSAGES/django.po"}


@pytest.mark.parametrize(("language", "path"), all_catalogues(), ids=catalogue_id)
def test_plural_forms_are_those_of_the_language(language, path):
    _choose, count = plural_function(path)
    expected = {"fr": 2, "es": 3, "ar": 6, "zh_Hans": 1, "ru": 3}[language]
    entries = [entry for entry in read_po(path) if "msgid_plural" in entry]

    assert count == expected
    assert all(len([key for key in entry if key.startswith("msgstr[")]) == count for entry in entries)


@pytest.mark.parametrize(("language", "path"), all_catalogues(), ids=catalogue_id)
def test_catalogue_is_complete_and_nothing_is_fuzzy(language, path):
    entries = [entry for entry in read_po(path) if entry["msgid"]]

    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [
        entry["msgid"] for entry in entries if not all(translation for _, translation in translations(entry))
    ]

    assert fuzzy == [], "translate these and remove the fuzzy flag, then: make messages"
    assert untranslated == [], "translate these, then: make messages"


@pytest.mark.parametrize(("language", "path"), all_catalogues(), ids=catalogue_id)
def test_compiled_catalogue_matches_the_po_file(language, path):
    with open(path.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for entry in read_po(path):
        if not entry["msgid"]:
            continue
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            forms = sorted(k for k in entry if k.startswith("msgstr["))
            if any(compiled._catalog.get((key, int(k[7:-1]))) != entry[k] for k in forms):
                stale.append(entry["msgid"])
        elif entry.get("msgstr") and compiled._catalog.get(key) != entry["msgstr"]:
            stale.append(entry["msgid"])

    assert stale == [], "compile the catalogues: make messages"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """The msgids that makemessages finds in today's source.

    Run on a copy of the source, so that the committed catalogues are left as they are.
    """
    copy = tmp_path_factory.mktemp("source") / "portal"
    shutil.copytree(
        ROOT,
        copy,
        ignore=lambda folder, names: [
            name
            for name in names
            if (Path(folder) == ROOT and name in NOT_SOURCE)
            or name.endswith((".mo", ".pyc", ".sqlite3"))
            or name == "__pycache__"
        ],
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(copy)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "-e", "html,txt,py", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return {
        (entry.get("msgctxt", ""), entry["msgid"])
        for path in copy.glob("**/locale/fr/LC_MESSAGES/django.po")
        for entry in read_po(path)
        if entry["msgid"]
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_source_is_in_the_catalogues(language, regenerated):
    """A string added to a template or to the code, and not yet in a catalogue, fails here.

    Django reads the project's catalogue and the apps' together, so a string may be in either.
    """
    committed = {
        (entry.get("msgctxt", ""), entry["msgid"])
        for path in catalogues(language)
        for entry in read_po(path)
        if entry["msgid"]
    }

    missing = sorted(msgid for _context, msgid in regenerated - committed)

    assert missing == [], "new strings in the source: run `make messages`, translate them, `make messages` again"
