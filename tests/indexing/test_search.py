"""The search module, on whichever backend the run uses (SQLite here, PostgreSQL in the services run)."""

import pytest
from django.db import connection

from indexing import search
from submissions import services as submission_services
from submissions.models import Submission
from tests.factories import SecretariatFactory, make_pdf

from .corpus import ARABIC, CHINESE, FRENCH, RUSSIAN, SPANISH


@pytest.fixture
def library(paper_factory, upload):
    """Five papers in five languages, each indexed by the (in-process) worker."""
    papers = {}
    texts = {
        "en": (
            "Points of contact directory",
            "The working group discussed the points of contact directory for all States.",
        ),
        "fr": ("Renforcement des capacités", FRENCH),
        "ru": ("Наращивание потенциала", RUSSIAN),
        "ar": ("بناء القدرات", ARABIC),
        "zh": ("能力建设", CHINESE),
        "es": ("Creación de capacidad", SPANISH),
    }
    for language, (title, body) in texts.items():
        paper = paper_factory(title, language=language, summary="")
        version = upload(
            paper, (body + "\n").encode() * 3, name=f"{language}.txt", content_type="text/plain", language=language
        )
        assert version.extraction.state == "indexed", version.extraction.failure_reason
        papers[language] = paper
    return papers


def titles(results):
    return [hit.submission.title for hit in results.hits]


def test_english_words_are_found_by_other_forms(library):
    results = search.search("contacts directories")
    assert titles(results) == ["Points of contact directory"]
    assert results.total == 1


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("renforcement capacités", "fr"),
        ("потенциала", "ru"),
        ("القدرات", "ar"),
        ("creación", "es"),
    ],
)
def test_arabic_russian_french_spanish_are_found_by_their_words(library, query, language):
    assert library[language].title in titles(search.search(query))


@pytest.mark.parametrize("word", ["联络", "合作", "能力建设", "国际合作"])
def test_chinese_is_found_by_a_two_character_word(library, word):
    results = search.search(word)
    assert titles(results) == ["能力建设"]
    assert f"<mark>{word}</mark>" in results.hits[0].snippet or word in results.hits[0].snippet


def test_a_single_chinese_character_finds_the_words_it_starts(library):
    assert titles(search.search("联")) == ["能力建设"]


def test_chinese_characters_that_do_not_stand_together_do_not_match(library):
    assert search.search("联合").total == 0


def test_snippets_mark_the_words_found_and_escape_the_rest(paper_factory, upload):
    paper = paper_factory("Markup <b>test</b>")
    # A text file with markup is refused at upload; a PDF may still hold such words as text.
    upload(paper, make_pdf("Intro. Use <script>alert(1)</script> for the points of contact network."))
    hit = search.search('"points of contact"').hits[0]
    assert "<mark>points of contact</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_title_matches_rank_above_body_matches(paper_factory, upload):
    in_body = paper_factory("A general paper")
    upload(
        in_body,
        b"Some words about a threat repository and other matters.\n" * 3,
        name="a.txt",
        content_type="text/plain",
    )
    in_title = paper_factory("Threat repository")
    upload(
        in_title,
        b"Some words about other matters entirely, then repository.\n" * 3,
        name="b.txt",
        content_type="text/plain",
    )
    assert titles(search.search("repository"))[0] == "Threat repository"


def test_phrase_from_page_80_of_a_100_page_pdf_is_found_and_highlighted(paper_factory, upload):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(1, 101):
        pdf.add_page()
        body = "Regular institutional dialogue among States continues. " * 12
        if number == 80:
            body += "A voluntary glossary of cooperative lighthouse mechanisms is proposed here. "
        pdf.multi_cell(0, 6, body)
    paper = paper_factory("Long paper")
    version = upload(paper, bytes(pdf.output()), name="long.pdf")
    assert version.extraction.pages == 100
    results = search.search('"cooperative lighthouse mechanisms"')
    assert results.total == 1
    assert "<mark>cooperative lighthouse mechanisms</mark>" in results.hits[0].snippet


def test_search_stays_within_the_submissions_given(paper_factory, upload):
    mine = paper_factory("Our paper")
    upload(mine, b"Cyber hygiene campaign for schools.\n" * 3, name="a.txt", content_type="text/plain")
    theirs = paper_factory("Their paper")
    upload(theirs, b"Cyber hygiene campaign for ministries.\n" * 3, name="b.txt", content_type="text/plain")
    results = search.search("hygiene", submissions=Submission.objects.filter(pk=mine.pk))
    assert titles(results) == ["Our paper"]
    assert results.total == 1


def test_published_only_keeps_published_papers(paper_factory, upload):
    draft = paper_factory("Draft paper")
    upload(draft, b"Norms implementation checklist.\n" * 3, name="a.txt", content_type="text/plain")
    published = paper_factory("Published paper")
    upload(published, b"Norms implementation checklist.\n" * 3, name="b.txt", content_type="text/plain")
    Submission.objects.filter(pk=published.pk).update(status=Submission.Status.PUBLISHED)
    assert titles(search.search("checklist", published_only=True)) == ["Published paper"]
    assert search.search("checklist").total == 2


def test_every_version_is_searchable_and_paginated(paper_factory, upload):
    paper = paper_factory("Many versions")
    for number in range(3):
        upload(
            paper,
            f"Version {number} of the repository proposal.\n".encode() * 3,
            name="v.txt",
            content_type="text/plain",
        )
    first = search.search("repository", limit=2)
    second = search.search("repository", limit=2, offset=2)
    assert first.total == second.total == 3
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert {h.version.number for h in first.hits + second.hits} == {1, 2, 3}


def test_empty_and_punctuation_queries_find_nothing(library):
    assert search.search("").total == 0
    assert search.search('" - ,').total == 0


def test_a_failed_version_leaves_the_index(paper_factory, upload):
    from indexing import services

    paper = paper_factory("Soon failed")
    version = upload(paper, b"Unique zanzibar word.\n" * 3, name="a.txt", content_type="text/plain")
    assert search.search("zanzibar").total == 1
    services.reindex_version(version=version, by=SecretariatFactory())
    extraction = services.claim(version_id=version.pk, task_id="t1")
    services.mark_failed(extraction, "Broken on purpose.")
    assert search.search("zanzibar").total == 0


def test_backend_is_the_one_of_the_database():
    assert search.vendor() == ("postgresql" if connection.vendor == "postgresql" else "sqlite")


def test_query_parsing():
    terms = search.parse_query('"points of contact" 能力建设 联 capacity-building')
    assert [(t.text, t.phrase, t.prefix) for t in terms] == [
        ("points of contact", True, False),
        ("能力 力建 建设", True, False),
        ("联", False, True),
        ("capacity-building", False, False),
    ]


def test_draft_uploaded_pdf_is_indexed(delegate, session, sub_item, upload):
    paper = submission_services.create_submission(by=delegate, title="Portal", session=session, sub_items=[sub_item])
    version = upload(paper, make_pdf("Global cyber security cooperation portal."))
    assert version.extraction.state == "indexed"
    assert titles(search.search("cooperation portal")) == ["Portal"]
