"""Codes and references read as written inside right-to-left text.

In an Arabic sentence the bidirectional algorithm reorders a bare "5(e)" into "(e)5" and moves the
parts of "OEWG/2024/WP.7" around; `{{ item.code|ltr }}` wraps the value in
<bdi dir="ltr">, which isolates it and lays it out left to right. Registered as a template builtin
(settings.TEMPLATES), so no template needs to load it.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter(is_safe=True)
def ltr(value):
    """A code, reference or number isolated from the text around it; empty stays empty."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)
