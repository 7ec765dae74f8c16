"""Every main page, rendered in each of the five languages besides English, shows no English the
catalogue or the data has a translation for: a template string that escapes the catalogue, an
f-string in code, a sub-item or session title read from its English column, all fail here.

Names typed by people (paper titles, people's names) and codes are allowed; so is text marked as
being in another language (the language switcher's "English", `lang="en"`).
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from agenda.models import AgendaItem, Session
from review import questions, workflow
from submissions import services
from tests.factories import pdf_upload

from .test_i18n import catalogues, read_po

LANGUAGES = ["fr", "es", "ar", "zh-hans", "ru"]
FOLDER = {"zh-hans": "zh_Hans"}
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd%]|\{\{.*?\}\}|<[^>]+>")
# Attributes a reader sees or hears.
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-filterable", "data-chosen-label"}
SKIPPED_TAGS = {"script", "style", "code", "kbd", "bdi", "template"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ReadableText(HTMLParser):
    """The text nodes and read attributes of a page, leaving out code and text in another language."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # one "skip" flag per open element
        self.texts = []

    def skipping(self):
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other_language = attrs.get("lang") not in (None, "", self.language)
        skip = tag in SKIPPED_TAGS or other_language or attrs.get("translate") == "no"
        if not (skip or self.skipping()):
            self.texts += [value for name, value in attrs.items() if name in READ_ATTRIBUTES and value]
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in VOID_TAGS:
            self.stack.append(skip)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skipping():
            self.texts.append(text)


def readable(html, language):
    parser = ReadableText(language)
    parser.feed(html)
    return parser.texts


def english_sentences(language):
    """The catalogue's English source strings that this language translates differently.

    Whole strings (for a button "Submit") and, for longer ones, their literal parts between
    placeholders (for "Status changed from «X» to «Y»").
    """
    exact, parts = set(), set()
    for path in catalogues(FOLDER.get(language, language)):
        for entry in read_po(path):
            msgid = entry["msgid"]
            translated = entry.get("msgstr") or entry.get("msgstr[0]", "")
            if not msgid or translated == msgid or not re.search(r"[A-Za-z]{2}", msgid):
                continue
            if not PLACEHOLDER.search(msgid):
                exact.add(" ".join(msgid.split()))
            for part in PLACEHOLDER.split(msgid):
                part = " ".join(part.split()).strip(" .,:;–—()“”\"'")
                if len(part.split()) >= 4:
                    parts.add(part)
    return exact, parts


@pytest.fixture
def translated_reference_data(session, sub_item):
    """The session and sub-item titles in all six languages, as the seed gives them."""
    Session.objects.filter(pk=session.pk).update(
        title="First substantive session",
        title_i18n={
            "fr": "Première session de fond",
            "es": "Primer período de sesiones sustantivo",
            "ar": "الدورة الموضوعية الأولى",
            "zh-hans": "第一届实质性会议",
            "ru": "Первая основная сессия",
        },
    )
    AgendaItem.objects.filter(pk=sub_item.pk).update(
        title_i18n={
            "fr": "Renforcement des capacités",
            "es": "Creación de capacidad",
            "ar": "بناء القدرات",
            "zh-hans": "能力建设",
            "ru": "Наращивание потенциала",
        }
    )


@pytest.fixture
def language():
    return "fr"


@pytest.fixture
def paper_under_review(language, translated_reference_data, draft, delegate, kenya, secretariat):
    # Mail is written in each recipient's language; the outbox and "messages sent to me" list it.
    for person in (delegate, secretariat):
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    submitted = services.submit_submission(submission=draft, by=delegate)
    services.invite_cosponsor(submission=submitted, delegation=kenya, by=delegate)
    services.add_version(submission=submitted, by=delegate, file=pdf_upload(), language="fr", translation_of=1)
    workflow.change_status(submission=submitted, to="under_review", by=secretariat, comment="")
    questions.ask_question(submission=submitted, by=secretariat, text="Could you say more about the fund?")
    return submitted


def pages(paper):
    delegate_pages = [
        reverse("submissions:list"),
        reverse("submissions:detail", args=[paper.public_id]),
        reverse("submissions:create"),
        reverse("submissions:upload_version", args=[paper.public_id]),
        reverse("accounts:profile"),
        reverse("notifications:messages"),
        reverse("notifications:preferences"),
    ]
    secretariat_pages = [
        reverse("review:queue"),
        reverse("review:detail", args=[paper.public_id]),
        reverse("review:decisions"),
        reverse("review:audit_log"),
        reverse("agenda:sessions"),
        reverse("indexing:search") + "?q=cooperation",
        reverse("indexing:status"),
        reverse("notifications:outbox"),
        reverse("compendium:list"),
        reverse("stakeholders:applications"),
        reverse("stakeholders:consultations"),
    ]
    return [("delegate", url) for url in delegate_pages] + [("secretariat", url) for url in secretariat_pages]


# What people typed in the test data: it stays as they wrote it, in any language.
TYPED = ("Global cooperation portal", "Could you say more about the fund?", "Sing Delegate", "Sec Member")
LATIN_RUN = re.compile(r"[A-Za-z][a-z'’-]+(?:[ ,]+[A-Za-z][a-z'’-]+){2,}")


def untranslated_latin(texts, language):
    """In Arabic, Chinese and Russian, three Latin words in a row are English that escaped the catalogue
    altogether (a literal in a template or in code), unless people typed them. Addresses and time-zone
    names ("America/New York") are identifiers."""
    if language not in ("ar", "zh-hans", "ru"):
        return set()
    return {
        run
        for text in texts
        for run in LATIN_RUN.findall(text)
        if not any(run in typed for typed in TYPED) and "@" not in text and "/" not in text
    }


def english_on(html, language):
    exact, parts = english_sentences(language)
    texts = readable(html, language)
    page = " ".join(texts)
    found = sorted(
        {text for text in texts if text in exact}
        | {part for part in parts if part in page}
        | untranslated_latin(texts, language)
    )
    # Reference data read from its English column instead of the reader's language.
    found += [title for title in ("First substantive session", "Capacity-building") if title in page]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_show_no_english_where_a_translation_exists(
    client, language, paper_under_review, delegate, secretariat
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    leftovers = {}
    for role, url in pages(paper_under_review):
        client.force_login(delegate if role == "delegate" else secretariat)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'lang="{language}"' in html
        found = english_on(html, language)
        if found:
            leftovers[url] = found

    assert leftovers == {}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_for_anonymous_visitors_show_no_english(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    leftovers = {}
    public_pages = [
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        "/",
        reverse("publicsite:agenda"),
        reverse("publicsite:papers"),
        reverse("publicsite:delegations"),
        reverse("stakeholders:apply"),
        reverse("stakeholders:accredited"),
        reverse("stakeholders:published"),
    ]
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = english_on(response.content.decode(), language)
        if found:
            leftovers[url] = found

    assert leftovers == {}


def test_the_check_finds_an_english_sentence_left_in_a_page():
    html = (
        '<html lang="fr"><body><button>Submit now</button><span title="Toggle navigation">x</span>'
        '<option lang="en">English</option><bdi dir="ltr">OEWG-2026-0001</bdi>'
        "<p>Sessions et dates limites</p></body></html>"
    )

    assert english_on(html, "fr") == ["Submit now", "Toggle navigation"]


def test_arabic_pages_are_right_to_left(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    html = client.get(reverse("accounts:login")).content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    with translation.override("ar"):
        assert translation.gettext("Log in") in html


def test_the_check_finds_english_that_never_reached_the_catalogue():
    html = (
        '<html lang="ar"><body><p>Hard coded words here</p><p>بوابة Global cooperation portal</p>'
        "<p>delegate@singapore.example</p><option>America/Port of Spain</option></body></html>"
    )

    assert english_on(html, "ar") == ["Hard coded words here"]
