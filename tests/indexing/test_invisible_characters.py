"""Soft hyphens and other invisible characters never reach the preview or the index as boxes."""

import re

import pytest
from fpdf import FPDF

from indexing.extractors import DOCX, PDF, extract
from indexing.text import normalise_extracted

from .corpus import docx


def pdf_with_line_end_hyphens(path) -> str:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    # Narrow lines, so that both hyphenated words are cut at a line end.
    pdf.multi_cell(
        40,
        8,
        "Cooperation on capacity-\nbuilding for all. A capacity-building catalogue eases imple-\nmentation; implementation matters.",
    )
    pdf.output(str(path))
    return str(path)


def test_a_pdf_keeps_compound_hyphens_and_mends_split_words(tmp_path):
    text = extract(pdf_with_line_end_hyphens(tmp_path / "paper.pdf"), PDF).text
    assert "\ufffe" not in text and "\u00ad" not in text
    assert "capacity-building for all" in text
    assert re.search(r"eases\s+implementation;", text)


def test_a_soft_hyphen_in_a_word_document_disappears(tmp_path):
    path = tmp_path / "paper.docx"
    path.write_bytes(docx(["Support for capa\u00adcity\u00ad-building and imple\u00admentation."]))
    text = extract(str(path), DOCX).text
    assert "capacity-building and implementation." in text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("capacity\u00adbuilding", "capacitybuilding"),
        ("zero\u200bwidth and \ufeffmark", "zerowidth and mark"),
        ("NUL\x00 and bell\x07", "NUL and bell"),
        ("lines\r\nend\rhere", "lines\nend\nhere"),
        ("page one\fpage two", "page one\fpage two"),  # page breaks count pages
        ("فارسی\u200cها", "فارسی\u200cها"),  # a zero-width non-joiner is part of the word
        ("an unknown co\ufffeop", "an unknown co-op"),  # no evidence either way: a real hyphen
    ],
)
def test_normalise(raw, clean):
    assert normalise_extracted(raw) == clean
