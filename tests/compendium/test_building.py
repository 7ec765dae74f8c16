"""Building a compendium: what goes in, what never does, and the documents it writes."""

import csv
import io
import os
import pathlib

import docx
import pytest
from pypdfium2 import PdfDocument

from compendium import services
from compendium.models import Compendium

from .conftest import CHINESE_TITLE, UNPUBLISHED_TITLE, choices

pytestmark = pytest.mark.django_db


def build(w, by=None, django_capture_on_commit_callbacks=None, **overrides) -> Compendium:
    with django_capture_on_commit_callbacks(execute=True):
        compendium = services.start_compendium(by=by or w.secretariat, choices=choices(w, **overrides))
    compendium.refresh_from_db()
    return compendium


def pdf_text(compendium) -> str:
    with compendium.pdf.open("rb") as handle:
        document = PdfDocument(handle.read())
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def docx_text(compendium) -> str:
    with compendium.docx.open("rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in document.paragraphs)


def csv_rows(compendium) -> list[dict]:
    with compendium.csv.open("rb") as handle:
        return list(csv.DictReader(io.StringIO(handle.read().decode("utf-8-sig"))))


def test_a_published_only_compendium_never_holds_an_unpublished_paper(world, django_capture_on_commit_callbacks):
    compendium = build(world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    assert compendium.state == Compendium.State.READY
    assert compendium.paper_count == 3
    for text in (pdf_text(compendium), docx_text(compendium), str(csv_rows(compendium))):
        assert "threat repository" in text
        assert UNPUBLISHED_TITLE not in text
        assert "quokka" not in text
        assert "zanzibar" not in text
        assert "another session" not in text
    found = set(compendium.proposals.values_list("text", flat=True))
    assert not any("quokka" in text or "zanzibar" in text for text in found)


def test_the_pdf_holds_the_six_languages_in_chapters_of_agenda_order(
    world, django_capture_on_commit_callbacks, tmp_path
):
    compendium = build(world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks, full_text=True)

    text = pdf_text(compendium)
    assert text.index("5(a) Existing and potential threats") < text.index("5(e) Capacity-building")
    assert CHINESE_TITLE in text
    assert "Annex: papers by delegation" in text
    assert "We propose the establishment of a threat repository" in text
    with compendium.pdf.open("rb") as handle:
        data = handle.read()
    out = os.environ.get("COMPENDIUM_PDF_OUT")
    if out:
        pathlib.Path(out).write_bytes(data)


def test_a_chapter_costs_the_same_queries_for_few_papers_and_many(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from compendium import selectors
    from compendium.models import Compendium
    from tests.publicsite.conftest import bulk_published

    def queries() -> int:
        compendium = Compendium(choices=choices(world, sessions=[world.session.pk]))
        with CaptureQueriesContext(connection) as captured:
            chapter, _texts = selectors.chapter(compendium, world.threats, with_text=True)
        return len(captured), len(chapter.papers)

    few, few_papers = queries()
    bulk_published(40, session=world.session, sub_item=world.threats)
    many, many_papers = queries()

    assert many_papers == few_papers + 40
    assert many == few
