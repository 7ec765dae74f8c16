"""The compendium as a Word document, for the Chair's team to annotate (python-docx)."""

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..selectors import is_right_to_left
from . import labels

# Fonts Word has on every machine for Chinese and Arabic; LibreOffice substitutes its own.
EAST_ASIAN_FONT = "Microsoft YaHei"
COMPLEX_SCRIPT_FONT = "Arial"


def _right_to_left(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _field_char(run, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


class DocxWriter:
    def __init__(self, *, with_text: bool = False):
        self.with_text = with_text
        self.document = Document()
        self.words = labels()
        styles = self.document.styles
        self.normal = styles["Normal"]
        self.bullet = styles["List Bullet"]
        self.normal.font.size = Pt(10.5)
        fonts = self.normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)

    # -- pieces -------------------------------------------------------------------------------------
    def _paragraph(self, text: str = "", style=None, *, bold_label: str = ""):
        paragraph = self.document.add_paragraph(style=style or self.normal)
        if bold_label:
            paragraph.add_run(f"{bold_label}: ").bold = True
        if text:
            paragraph.add_run(text)
        if is_right_to_left(text) and not bold_label:
            _right_to_left(paragraph)
        return paragraph

    def _heading(self, text: str, level: int):
        heading = self.document.add_heading(text, level=level)
        if is_right_to_left(text):
            _right_to_left(heading)
        return heading

    def _link(self, paragraph, url: str) -> None:
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relation)
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), "0563C1")
        properties.extend([style, colour, underline])
        text = OxmlElement("w:t")
        text.text = url
        run.extend([properties, text])
        hyperlink.append(run)
        paragraph._p.append(hyperlink)

    def _page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- the calls of every writer --------------------------------------------------------------------
    def title_page(self, page) -> None:
        w = self.words
        title = self.document.add_heading(page.title, level=0)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        body = self._paragraph(page.body)
        body.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._paragraph(", ".join(page.sessions), bold_label=w["sessions"])
        self._paragraph(", ".join(page.sub_items), bold_label=w["sub_items"])
        self._paragraph(page.made_by, bold_label=w["made_by"])
        self._paragraph(page.made_on, bold_label=w["made_on"])
        for label, value in page.choices:
            self._paragraph(value, bold_label=label)
        self._page_break()

    def contents(self, chapters: list[str]) -> None:
        """A table-of-contents field (Word and LibreOffice refresh it with page numbers), shown
        with the chapter titles until it is refreshed."""
        self._heading(self.words["contents"], 1)
        lines = chapters or [""]
        for index, line in enumerate(lines):
            paragraph = self.document.add_paragraph(style=self.normal)
            if index == 0:
                _field_char(paragraph.add_run(), "begin")
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = ' TOC \\o "1-1" \\h \\z \\u '
                paragraph.add_run()._r.append(instruction)
                _field_char(paragraph.add_run(), "separate")
            paragraph.add_run(line)
            if index == len(lines) - 1:
                _field_char(paragraph.add_run(), "end")
        self._page_break()

    def chapter(self, chapter) -> None:
        w = self.words
        self._heading(chapter.heading, 1)
        if not chapter.papers:
            self._paragraph(w["no_papers"])
            self._page_break()
            return
        self._heading(w["proposals"], 2)
        chosen = [paper for paper in chapter.papers if paper.proposals]
        if not chosen:
            self._paragraph(w["no_proposals"])
        for paper in chosen:
            self._paragraph(f"{paper.reference} · {paper.delegation}: {paper.title}").runs[0].bold = True
            for proposal in paper.proposals:
                self._paragraph(proposal.text, self.bullet)
        self._heading(w["papers"], 2)
        for paper in chapter.papers:
            self._paper(paper)
        self._page_break()

    def _paper(self, paper) -> None:
        w = self.words
        self._heading(paper.title, 3)
        reference = self._paragraph(paper.reference, bold_label=w["reference"])
        if paper.un_symbol:
            reference.add_run(f"   {w['un_symbol']}: ").bold = True
            reference.add_run(paper.un_symbol)
        self._paragraph(paper.delegation, bold_label=w["submitted_by"])
        if paper.cosponsors:
            self._paragraph(", ".join(paper.cosponsors), bold_label=w["cosponsors"])
        details = self._paragraph(paper.date, bold_label=w["date"])
        details.add_run(f"   {w['languages']}: ").bold = True
        details.add_run(", ".join(paper.languages))
        link = self._paragraph("", bold_label=w["link"])
        self._link(link, paper.link)
        if paper.summary:
            summary = self._paragraph(paper.summary)
            summary.paragraph_format.space_before = Pt(4)
        if self.with_text:
            self._full_text(paper)

    def _full_text(self, paper) -> None:
        w = self.words
        self._paragraph("", bold_label=w["full_text"])
        if not paper.text:
            self._paragraph(w["no_text"]).runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
            return
        for block in paper.text.split("\n\n"):
            block = block.strip()
            if block:
                self._paragraph(block)

    def annex(self, groups) -> None:
        self.document.add_section(WD_SECTION.NEW_PAGE)
        self._heading(self.words["annex"], 1)
        for group in groups:
            self._heading(group.delegation, 2)
            for paper in group.papers:
                self._paragraph(f"{paper.reference} · {paper.title} ({', '.join(paper.sub_item_codes)})", self.bullet)

    def finish(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
