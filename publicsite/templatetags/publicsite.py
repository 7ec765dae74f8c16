from django import template

from ..references import slug_for

register = template.Library()


@register.filter
def paper_slug(reference: str) -> str:
    return slug_for(reference or "")
