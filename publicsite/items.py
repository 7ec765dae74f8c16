"""Papers as the public lists show them (publicsite/_paper_summary.html), drawn once per version.

Loading a page's papers with their delegations, co-sponsors, sub-items and files, then drawing
them, was most of a list page's time. A paper's summary depends only on the paper and on what
is published, so each is kept per paper, language and time zone under the published set's
version (caching.version): the next publication or unpublication draws them afresh.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from . import selectors


@dataclass
class PaperItem:
    pk: int
    summary: SafeString
    snippet: SafeString | None = None  # a search hit's words in context


def paper_items(ids, *, version: str | None, snippets: dict | None = None) -> list[PaperItem]:
    """The items of these published papers, in the order of `ids` (a search hit's with its snippet)."""
    ids = list(ids)
    reader = f"{get_language()}|{timezone.get_current_timezone_name()}|{version}"
    keys = {pk: "publicsite:item:" + hashlib.sha256(f"{pk}|{reader}".encode()).hexdigest()[:40] for pk in ids}
    kept = cache.get_many(list(keys.values())) if version else {}
    missing = [pk for pk in ids if keys[pk] not in kept]
    if missing:
        template = get_template("publicsite/_paper_summary.html")
        drawn = {keys[paper.pk]: template.render({"paper": paper}) for paper in selectors.rows(missing)}
        if version:
            cache.set_many(drawn, selectors.DERIVED_SECONDS)
        kept.update(drawn)
    snippets = snippets or {}
    return [PaperItem(pk, kept[keys[pk]], snippets.get(pk)) for pk in ids if keys[pk] in kept]
