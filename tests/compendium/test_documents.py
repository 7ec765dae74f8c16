"""The documents open as what they claim to be, with their structure, in every script."""

import csv
import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from compendium.documents.csv import CsvWriter
from compendium.selectors import Chapter, PaperEntry

from .conftest import ARABIC_TITLE, CHINESE_TITLE
from .test_building import build, csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(world, django_capture_on_commit_callbacks):
    return build(world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks, full_text=True)


def docx_bytes(compendium) -> bytes:
    with compendium.docx.open("rb") as handle:
        return handle.read()


def test_the_word_document_has_title_contents_chapters_in_agenda_order_and_annex(ready):
    data = docx_bytes(ready)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()
    document = docx.Document(io.BytesIO(data))

    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Contents",
        "5(a) Existing and potential threats",
        "5(e) Capacity-building",
        "Annex: papers by delegation",
    ]
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Compendium of proposals"
    body = document.element.body.xml
    assert "TOC \\o" in body  # a table-of-contents field Word and LibreOffice refresh
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "http://127.0.0.1:8000/papers/OEWG-2026-WP.1/" in links


def test_arabic_paragraphs_run_right_to_left_and_chinese_has_an_east_asian_font(ready):
    document = docx.Document(io.BytesIO(docx_bytes(ready)))

    arabic = next(p for p in document.paragraphs if p.text == ARABIC_TITLE)
    assert arabic._p.pPr.find(qn("w:bidi")) is not None
    assert arabic.runs[0]._r.rPr.find(qn("w:rtl")) is not None
    assert any(p.text == CHINESE_TITLE for p in document.paragraphs)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:cs"))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed on this machine")
def test_libreoffice_converts_the_word_document_without_repair(ready, tmp_path):
    source = tmp_path / "compendium.docx"
    source.write_bytes(docx_bytes(ready))

    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=120,
        capture_output=True,
    )

    # What a reader opening the Word file sees: the papers' titles, in their own scripts.
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "compendium.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert CHINESE_TITLE in text.replace(" ", "")
    assert any(word in text for word in ARABIC_TITLE.split())


def test_the_csv_has_one_row_per_paper_and_sub_item(ready):
    rows = csv_rows(ready)

    assert [(r["Sub-item"], r["Reference"]) for r in rows] == [
        ("5(a)", "OEWG/2026/WP.1"),
        ("5(e)", "OEWG/2026/WP.1"),
        ("5(e)", "OEWG/2026/WP.2"),
        ("5(e)", "OEWG/2026/WP.3"),
    ]
    assert rows[1]["Languages"] == "en, fr"
    assert "We propose the establishment of a threat repository" in rows[1]["Proposals chosen"]
    assert rows[2]["Title"] == ARABIC_TITLE


def test_a_csv_cell_never_starts_a_formula():
    writer = CsvWriter()
    entry = PaperEntry(
        pk=1,
        reference="OEWG/2026/WP.1",
        un_symbol="",
        title='=HYPERLINK("http://evil.example")',
        delegation="Kenya",
        cosponsors=[],
        date="",
        languages=["en"],
        summary="+1",
        link="http://x",
        text_language="en",
    )
    writer.chapter(Chapter(code="5(a)", title="Threats", papers=[entry]))

    rows = list(csv.reader(io.StringIO(writer.finish().decode("utf-8-sig"))))
    assert rows[1][5] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][10] == "'+1"
