"""The main navigation of every page, chosen and written in Python: ``{% main_nav %}`` in templates/base.html.

As template tags, its nine permission checks, dozen URLs and their conditions were some two hundred
nodes rendered on every page. The rules are the same (``rules.has_perm``, as views and
``{% has_perm %}`` ask them): an item is offered only to whom may open it, and left out when its
app's URLs are not installed.
"""

from html import escape

import rules
from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def items(user):
    """(key, URL name, label) of each page offered to this person, in the order shown."""

    def may(perm: str) -> bool:
        return rules.has_perm(perm, user)

    searches_everything = may("indexing.search_submissions")
    yield "papers", "publicsite:papers", _("Published papers")
    yield "agenda", "publicsite:agenda", _("Agenda")
    yield "stakeholders", "stakeholders:accredited", _("Stakeholders")
    if not searches_everything:
        yield "public_search", "publicsite:search", _("Search papers")
    if not getattr(user, "is_authenticated", False):  # the error pages know nobody: no user at all
        return
    if may("submissions.view_own_submissions"):
        yield "submissions", "submissions:list", _("Our submissions")
        yield "new", "submissions:create", _("New submission")
        if may("accounts.manage_members"):
            yield "members", "accounts:members", _("Our delegation")
    if may("review.view_queue"):
        yield "review", "review:queue", _("Review")
        if searches_everything:
            yield "search", "indexing:search", _("Search")
        if may("notifications.view_outbox"):
            yield "outbox", "notifications:outbox", _("Outbox")
    if may("stakeholders.view_applications"):
        yield "accreditation", "stakeholders:applications", _("Accreditation")
    elif may("stakeholders.view_circulated_list"):
        yield "circulated", "stakeholders:circulated", _("Applicants")
    if may("stakeholders.view_consultations"):
        yield "consultations", "stakeholders:consultations", _("Consultations")


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The <li> items of the main navigation, the page's own (the view's ``nav``) marked current."""
    current = context.get("nav")
    out = []
    for key, name, label in items(context.get("user")):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = ' active" aria-current="page' if key == current else ""
        out.append(f'<li class="nav-item"><a class="nav-link{active}" href="{escape(url)}">{escape(label)}</a></li>')
    return mark_safe("\n".join(out))  # noqa: S308 (every value escaped above)
