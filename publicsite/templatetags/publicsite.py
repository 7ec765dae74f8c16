from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from submissions.models import UN_LANGUAGES, Submission

from ..references import slug_for

register = template.Library()
KIND_NAMES = dict(Submission.Kind.choices)
LANGUAGE_NAMES = dict(UN_LANGUAGES)


@register.filter
def paper_slug(reference: str) -> str:
    return slug_for(reference or "")


@register.filter
def options(field) -> SafeString:
    """A filter's <option> elements, the chosen one selected: drawn here, not in a template loop,
    which cost some 4 ms a page for the hundreds of delegations listed twice."""
    chosen = str(field.value())
    drawn = []
    for value, label in field.field.choices:
        value = str(value)
        selected = " selected" if value == chosen else ""
        drawn.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(drawn))  # noqa: S308 (every value and label escaped above)


@register.filter
def kind_name(kind: str) -> str:
    """A paper's kind in the reader's language (get_kind_display hashes every choice on each call)."""
    return KIND_NAMES.get(kind, kind)


@register.filter
def language_name(code: str) -> str:
    """A UN language's name in the reader's language."""
    return LANGUAGE_NAMES.get(code, code)
