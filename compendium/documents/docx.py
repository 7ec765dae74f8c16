"""The compendium as a Word document, for the Chair's team to annotate.

The paragraphs are written as WordprocessingML text and parsed once into python-docx's default
document at the end: python-docx's object API (a lookup of every style and a search of the
element's children at each paragraph and run) took most of the time of a compendium of 2,000
papers. The result is an ordinary .docx that python-docx, Word and LibreOffice open.
"""

import io
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from . import is_right_to_left, labels

# Fonts Word has on every machine for Chinese and Arabic; LibreOffice substitutes its own.
EAST_ASIAN_FONT = "Microsoft YaHei"
COMPLEX_SCRIPT_FONT = "Arial"
# The ids of the styles of python-docx's default template.
HEADING_STYLES = {0: "Title", 1: "Heading1", 2: "Heading2", 3: "Heading3"}
BULLET_STYLE = "ListBullet"
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
GREY = "595959"


def _run(text: str, *, bold: bool = False, rtl: bool = False, colour: str = "") -> str:
    properties = (
        ("<w:b/>" if bold else "") + (f'<w:color w:val="{colour}"/>' if colour else "") + ("<w:rtl/>" if rtl else "")
    )
    return (
        f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}"
        f'<w:t xml:space="preserve">{escape(_clean(text))}</w:t></w:r>'
    )


def _clean(text: str) -> str:
    # Characters XML 1.0 forbids (control characters read from a file) would make the document unreadable.
    return "".join(char for char in text if char >= " " or char in "\t\n")


class DocxWriter:
    def __init__(self, *, with_text: bool = False):
        self.with_text = with_text
        self.words = labels()
        self.document = Document()
        normal = self.document.styles["Normal"]
        normal.font.size = Pt(10.5)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)
        self.parts: list[str] = []
        self.links: dict[str, str] = {}

    # -- pieces -------------------------------------------------------------------------------------
    def _paragraph(self, text: str = "", style: str = "", *, bold_label: str = "", runs: str = "", align=""):
        rtl = not bold_label and is_right_to_left(text)
        properties = (
            (f'<w:pStyle w:val="{style}"/>' if style else "")
            + ("<w:bidi/>" if rtl else "")
            + (f'<w:jc w:val="{"right" if rtl else align}"/>' if rtl or align else "")
        )
        content = (_run(f"{bold_label}: ", bold=True) if bold_label else "") + (_run(text, rtl=rtl) if text else "")
        self.parts.append(f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{content}{runs}</w:p>")

    def _heading(self, text: str, level: int, *, align: str = "") -> None:
        self._paragraph(text, HEADING_STYLES[level], align=align)

    def _link(self, url: str) -> str:
        if url not in self.links:
            # Our own ids: relate_to looks through every relationship for a match, each time.
            rid = f"rIdLink{len(self.links) + 1}"
            self.document.part.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, rid, is_external=True)
            self.links[url] = rid
        return (
            f'<w:hyperlink r:id={quoteattr(self.links[url])}><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
            f'<w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(url)}</w:t></w:r></w:hyperlink>'
        )

    # -- the calls of every writer --------------------------------------------------------------------
    def title_page(self, page) -> None:
        w = self.words
        self._heading(page.title, 0, align="center")
        self._paragraph(page.body, align="center")
        self._paragraph(", ".join(page.sessions), bold_label=w["sessions"])
        self._paragraph(", ".join(page.sub_items), bold_label=w["sub_items"])
        self._paragraph(page.made_by, bold_label=w["made_by"])
        self._paragraph(page.made_on, bold_label=w["made_on"])
        for label, value in page.choices:
            self._paragraph(value, bold_label=label)
        self.parts.append(PAGE_BREAK)

    def contents(self, chapters: list[str]) -> None:
        """A table-of-contents field (Word and LibreOffice refresh it with page numbers), shown
        with the chapter titles until it is refreshed."""
        self._heading(self.words["contents"], 1)
        lines = chapters or [""]
        for index, line in enumerate(lines):
            field = ""
            if index == 0:
                field = (
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                )
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if index == len(lines) - 1 else ""
            self.parts.append(f"<w:p>{field}{_run(line)}{end}</w:p>")
        self.parts.append(PAGE_BREAK)

    def chapter(self, chapter) -> None:
        w = self.words
        self._heading(chapter.heading, 1)
        if not chapter.papers:
            self._paragraph(w["no_papers"])
            self.parts.append(PAGE_BREAK)
            return
        self._heading(w["proposals"], 2)
        chosen = [paper for paper in chapter.papers if paper.proposals]
        if not chosen:
            self._paragraph(w["no_proposals"])
        for paper in chosen:
            self._paragraph(runs=_run(f"{paper.reference} · {paper.delegation}: {paper.title}", bold=True))
            for proposal in paper.proposals:
                self._paragraph(proposal.text, BULLET_STYLE)
        self._heading(w["papers"], 2)
        for paper in chapter.papers:
            self._paper(paper)
        self.parts.append(PAGE_BREAK)

    def _paper(self, paper) -> None:
        w = self.words
        self._heading(paper.title, 3)
        symbol = _run(f"   {w['un_symbol']}: ", bold=True) + _run(paper.un_symbol) if paper.un_symbol else ""
        self._paragraph(paper.reference, bold_label=w["reference"], runs=symbol)
        if paper.status:
            self._paragraph(paper.status, bold_label=w["status"])
        self._paragraph(paper.delegation, bold_label=w["submitted_by"])
        if paper.cosponsors:
            self._paragraph(", ".join(paper.cosponsors), bold_label=w["cosponsors"])
        self._paragraph(
            paper.date,
            bold_label=w["date"],
            runs=_run(f"   {w['languages']}: ", bold=True) + _run(", ".join(paper.languages)),
        )
        self._paragraph(bold_label=w["link"], runs=self._link(paper.link))
        if paper.summary:
            self._paragraph(paper.summary)
        if self.with_text:
            self._paragraph(runs=_run(w["full_text"], bold=True))
            if not paper.text:
                self._paragraph(runs=_run(w["no_text"], colour=GREY))
            for block in (paper.text or "").split("\n\n"):
                if block.strip():
                    self._paragraph(block.strip())

    def annex(self, groups) -> None:
        self._heading(self.words["annex"], 1)
        for group in groups:
            self._heading(group.delegation, 2)
            for paper in group.papers:
                self._paragraph(f"{paper.reference} · {paper.title} ({', '.join(paper.sub_item_codes)})", BULLET_STYLE)

    def finish(self) -> bytes:
        body = self.document.element.body
        fragment = parse_xml(f"<w:body {nsdecls('w', 'r')}>{''.join(self.parts)}</w:body>")
        section = body.find(qn("w:sectPr"))
        for paragraph in list(fragment):
            section.addprevious(paragraph)
        self.parts = []
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
