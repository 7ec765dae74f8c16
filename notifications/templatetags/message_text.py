"""A message's text on its page: escaped, with only the portal's own addresses made into links."""

import re

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# What may end an address written in running text without being part of it.
TRAILING = ".,;:!?)]}»”’'\""


@register.filter
def portal_links(text: str) -> str:
    """Titles, questions and names that people typed may hold addresses too: those stay text (no
    `urlize`), so that a message on the portal never carries a link that someone else chose."""
    site = settings.SITE_URL.rstrip("/") + "/"
    pieces, position = [], 0
    for match in re.finditer(re.escape(site) + r"[^\s<>\"]*", text or ""):
        url = match.group(0).rstrip(TRAILING)
        pieces.append(escape(text[position : match.start()]))
        pieces.append(format_html('<a href="{}">{}</a>', url, url))
        position = match.start() + len(url)
    pieces.append(escape((text or "")[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 — every piece is escaped above
