"""The compendium's documents: a Word document, a PDF and a CSV, written chapter by chapter.

Each writer takes the same calls in the same order (``title_page``, ``contents``, ``chapter`` for
each sub-item, ``annex``) and returns its bytes from ``finish``; ``compendium.building`` drives them.
The labels come from ``labels()``, translated into the compendium's language.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# A letter: a word character that is neither a digit nor the underscore.
_LETTER = re.compile(r"[^\W\d_]")


def is_right_to_left(text: str) -> bool:
    """Whether a line reads right to left: its first letter is Arabic."""
    letter = _LETTER.search(text or "")
    return bool(letter and _ARABIC.match(letter.group()))


@dataclass
class TitlePage:
    title: str
    body: str
    sessions: list[str]
    sub_items: list[str]
    made_by: str
    made_on: str
    choices: list[tuple[str, str]]


@dataclass
class AnnexGroup:
    delegation: str
    papers: list  # of selectors.PaperEntry


def labels() -> dict[str, str]:
    """Every word the documents print, in the active language (the compendium's)."""
    return {
        "title": _("Compendium of proposals"),
        "contents": _("Contents"),
        "sessions": _("Sessions"),
        "sub_items": _("Agenda sub-items"),
        "made_by": _("Prepared by"),
        "made_on": _("Prepared on"),
        "choices": _("Choices"),
        "proposals": _("Proposals"),
        "papers": _("Papers"),
        "no_papers": _("No paper on this sub-item matches the choices of this compendium."),
        "no_proposals": _("No proposal was chosen for this sub-item."),
        "reference": _("Reference"),
        "un_symbol": _("UN symbol"),
        "submitted_by": _("Submitted by"),
        "cosponsors": _("Co-sponsors"),
        "date": _("Submitted on"),
        "status": _("Status"),
        "languages": _("Languages"),
        "summary": _("Summary"),
        "link": _("On the portal"),
        "full_text": _("Full text"),
        "no_text": _("No text could be read from this paper's file."),
        "annex": _("Annex: papers by delegation"),
        "sub_item": _("Sub-item"),
        "title_column": _("Title"),
        "proposals_column": _("Proposals chosen"),
        "paper_count": _("Papers"),
        "none": _("none"),
        "page": _("Page"),
    }
