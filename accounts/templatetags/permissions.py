"""``{% has_perm "submissions.edit_submission" user paper as can_edit %}``: templates ask the same rules as views.

Evaluated with ``rules.has_perm``, like the views and services, so that a superuser is not granted
what the rules refuse (a draft stays its delegation's alone).
"""

import rules
from django import template

register = template.Library()


@register.simple_tag
def has_perm(perm: str, user, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)
