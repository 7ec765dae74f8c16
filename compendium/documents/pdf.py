"""The compendium as a PDF (fpdf2), readable in all six UN languages.

DejaVu Sans covers Latin, Cyrillic and Arabic letters; WenQuanYi Micro Hei, a fallback font, the
Chinese characters. Arabic is shaped (its letters joined, laid out right to left) by HarfBuzz
through fpdf2's text shaping, switched on only for lines that hold Arabic, since shaping costs time;
such lines are aligned to the right.
"""

import logging
import re
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF

from . import is_right_to_left, labels

FONT_FOLDER = Path("/usr/share/fonts/truetype")
FONTS = {
    ("dejavu", ""): FONT_FOLDER / "dejavu" / "DejaVuSans.ttf",
    ("dejavu", "B"): FONT_FOLDER / "dejavu" / "DejaVuSans-Bold.ttf",
    # One weight only; bold Chinese falls back to it (exact_match=False below).
    ("wqy", ""): FONT_FOLDER / "wqy" / "wqy-microhei.ttc",
}
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Words, single Chinese characters (a line may break after any) and spaces.
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_TOKENS = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\\s+")
# Characters fpdf2 cannot lay out in a line (controls other than the line break).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# fontTools logs every glyph of every subset at INFO: pages of it per document.
logging.getLogger("fontTools").setLevel(logging.WARNING)

GREY = (90, 90, 90)
LINK_BLUE = (5, 99, 193)


class FontsMissing(Exception):
    pass


class _Document(FPDF):
    page_label = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("dejavu", size=8)
        self.set_text_color(*GREY)
        self.cell(0, 8, f"{self.page_label} {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)


class PdfWriter:
    def __init__(self, *, with_text: bool = False):
        missing = [str(path) for path in FONTS.values() if not path.exists()]
        if missing:
            raise FontsMissing(
                _("The fonts for Arabic and Chinese are not installed on the server: %(fonts)s.")
                % {"fonts": ", ".join(sorted(set(missing)))}
            )
        self.with_text = with_text
        self.page_is_empty = False
        self.words = labels()
        pdf = _Document(format="A4")
        pdf.page_label = self.words["page"]
        for (family, style), path in FONTS.items():
            pdf.add_font(family, style, str(path))
        pdf.set_fallback_fonts(["wqy"], exact_match=False)
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_title(self.words["title"])
        self.pdf = pdf

    # -- pieces -------------------------------------------------------------------------------------
    def _text(self, text: str, *, size: float = 10, bold: bool = False, height: float | None = None, colour=None):
        text = _CONTROL.sub(" ", text or "")
        pdf = self.pdf
        pdf.set_font("dejavu", "B" if bold else "", size)
        if colour:
            pdf.set_text_color(*colour)
        height = height or size * 0.5
        has_arabic = bool(_ARABIC.search(text))
        pdf.set_text_shaping(has_arabic)
        self._chinese(text)
        align = "R" if is_right_to_left(text) else "L"
        # Shaped Arabic is measured before shaping: keep a margin for the joined forms.
        lines = self._wrap(text, size, room=0.97 if has_arabic else 1.0)
        if lines is None:
            pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")
        else:
            for line in lines:
                pdf.cell(0, height, line, align=align, new_x="LMARGIN", new_y="NEXT")
        if has_arabic:
            pdf.set_text_shaping(False)
        if colour:
            pdf.set_text_color(0, 0, 0)

    def _wrap(self, text: str, size: float, *, room: float = 1.0) -> list[str] | None:
        """The text's lines, broken between words (and between Chinese characters), measured with
        the fonts' widths; each is then laid out once by ``cell``.

        fpdf2's multi_cell measures (and shapes) every fragment again at each character it adds to
        a line, which took most of a large compendium's time. None when one word is wider than the
        page (a long address): multi_cell cuts it.
        """
        widths = self.pdf.current_font.cw
        per_unit = size / 1000 / self.pdf.k
        available = room * self.pdf.epw / per_unit
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line: list[str] = []
            used = 0
            for token in _TOKENS.findall(paragraph):
                # A Chinese character is one em wide (1,000 units); other tokens are measured.
                chinese = len(token) == 1 and _CJK.match(token)
                width = 1000 if chinese else sum(map(widths.__getitem__, map(ord, token)))
                if token.isspace():
                    if line:
                        line.append(token)
                        used += width
                    continue
                if width > available:
                    return None
                if line and used + width > available:
                    lines.append("".join(line).rstrip())
                    line, used = [token], width
                else:
                    line.append(token)
                    used += width
            lines.append("".join(line).rstrip())
        return lines

    def _chinese(self, text: str) -> None:
        """The Chinese font as fallback only for text that needs it: fpdf2 looks up every character
        of every line in the fonts' tables while a fallback is set, and skips that without one."""
        self.pdf.set_fallback_fonts(["wqy"] if _CJK.search(text) else [], exact_match=False)

    def _link(self, text: str, url: str) -> None:
        pdf = self.pdf
        self._chinese(text)
        pdf.set_font("dejavu", "", 9)
        pdf.set_text_color(*LINK_BLUE)
        lines = self._wrap(text, 9)
        if lines is not None and len(lines) == 1:
            pdf.cell(0, 4.5, text, link=url, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(0, 4.5, text, link=url, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    def _field(self, label: str, value: str) -> None:
        self._text(f"{label}: {value}", size=9, colour=GREY)

    def _space(self, height: float = 2) -> None:
        self.pdf.ln(height)

    # -- the calls of every writer --------------------------------------------------------------------
    def title_page(self, page) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.ln(50)
        self._text(page.title, size=24, bold=True, height=12)
        self._space(4)
        self._text(page.body, size=12)
        self._space(12)
        self._field(self.words["sessions"], ", ".join(page.sessions))
        self._field(self.words["sub_items"], ", ".join(page.sub_items))
        self._field(self.words["made_by"], page.made_by)
        self._field(self.words["made_on"], page.made_on)
        for label, value in page.choices:
            self._field(label, value)

    def contents(self, chapters: list[str]) -> None:
        words = self.words

        def render(pdf, outline):
            pdf.set_x(pdf.l_margin)
            self._text(words["contents"], size=16, bold=True, height=10)
            self._space(4)
            for section in outline:
                if section.level:
                    continue
                pdf.set_font("dejavu", "", 11)
                pdf.set_text_shaping(bool(_ARABIC.search(section.name)))
                self._chinese(section.name)
                link = pdf.add_link(page=section.page_number)
                pdf.cell(150, 8, section.name, link=link)
                pdf.cell(0, 8, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")
                pdf.set_text_shaping(False)

        self.pdf.add_page()
        self.pdf.insert_toc_placeholder(render, pages=1 + len(chapters) // 30, allow_extra_pages=True)
        # The placeholder leaves a new, empty page after the contents: the first chapter starts there.
        self.page_is_empty = True

    def chapter(self, chapter) -> None:
        pdf = self.pdf
        words = self.words
        if not self.page_is_empty:
            pdf.add_page()
        self.page_is_empty = False
        pdf.set_text_shaping(bool(_ARABIC.search(chapter.heading)))
        pdf.start_section(chapter.heading, level=0)
        pdf.set_text_shaping(False)
        self._text(chapter.heading, size=16, bold=True, height=9)
        self._space(3)
        if not chapter.papers:
            self._text(words["no_papers"])
            return
        self._text(words["proposals"], size=13, bold=True, height=7)
        chosen = [paper for paper in chapter.papers if paper.proposals]
        if not chosen:
            self._text(words["no_proposals"], colour=GREY)
        for paper in chosen:
            self._space(1.5)
            self._text(f"{paper.reference} · {paper.delegation}: {paper.title}", size=9.5, bold=True)
            for proposal in paper.proposals:
                self._text(f"• {proposal.text}", size=9.5)
        self._space(4)
        self._text(words["papers"], size=13, bold=True, height=7)
        for paper in chapter.papers:
            self._paper(paper)

    def _paper(self, paper) -> None:
        words = self.words
        self._space(3)
        self._text(paper.title, size=11.5, bold=True, height=6)
        reference = paper.reference
        if paper.un_symbol:
            reference = f"{reference}   {words['un_symbol']}: {paper.un_symbol}"
        self._field(words["reference"], reference)
        if paper.status:
            self._field(words["status"], paper.status)
        self._field(words["submitted_by"], paper.delegation)
        if paper.cosponsors:
            self._field(words["cosponsors"], ", ".join(paper.cosponsors))
        self._field(words["date"], f"{paper.date}   {words['languages']}: {', '.join(paper.languages)}")
        self._link(f"{words['link']}: {paper.link}", paper.link)
        if paper.summary:
            self._space(1)
            self._text(paper.summary)
        if self.with_text:
            self._space(1)
            self._text(words["full_text"], size=9.5, bold=True)
            if not paper.text:
                self._text(words["no_text"], size=9, colour=GREY)
            for block in (paper.text or "").split("\n\n"):
                if block.strip():
                    self._text(block.strip(), size=9)

    def annex(self, groups) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.start_section(self.words["annex"], level=0)
        self._text(self.words["annex"], size=16, bold=True, height=9)
        for group in groups:
            self._space(3)
            self._text(group.delegation, size=11.5, bold=True, height=6)
            for paper in group.papers:
                self._text(f"• {paper.reference} · {paper.title} ({', '.join(paper.sub_item_codes)})", size=9.5)

    def finish(self) -> bytes:
        return bytes(self.pdf.output())
