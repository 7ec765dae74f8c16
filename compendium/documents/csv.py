"""The compendium as CSV: one row per paper and sub-item, for a spreadsheet."""

import csv
import io

from django.utils.translation import gettext as _

from . import labels

# A cell that starts like a formula is run by spreadsheets: such a value is quoted as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    value = str(value or "")
    return "'" + value if value.startswith(_FORMULA_START) else value


class CsvWriter:
    def __init__(self, *, with_text: bool = False):
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)
        self.words = labels()
        w = self.words
        self.writer.writerow(
            [
                w["sub_item"],
                _("Sub-item title"),
                w["reference"],
                w["un_symbol"],
                w["status"],
                w["title_column"],
                w["submitted_by"],
                w["cosponsors"],
                w["date"],
                w["languages"],
                w["summary"],
                w["link"],
                w["proposals_column"],
            ]
        )

    def title_page(self, page) -> None:
        pass

    def contents(self, chapters) -> None:
        pass

    def chapter(self, chapter) -> None:
        for paper in chapter.papers:
            self.writer.writerow(
                [
                    _cell(value)
                    for value in (
                        chapter.code,
                        chapter.title,
                        paper.reference,
                        paper.un_symbol,
                        paper.status,
                        paper.title,
                        paper.delegation,
                        "; ".join(paper.cosponsors),
                        paper.date,
                        ", ".join(paper.languages),
                        paper.summary,
                        paper.link,
                        "\n".join(p.text for p in paper.proposals),
                    )
                ]
            )

    def annex(self, groups) -> None:
        pass

    def finish(self) -> bytes:
        # A byte-order mark, so that Excel reads the six languages as UTF-8.
        return ("\ufeff" + self.buffer.getvalue()).encode("utf-8")
