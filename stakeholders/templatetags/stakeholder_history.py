"""``{{ entry.action|history_label }}``: an application's audited step in the reader's words."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

LABELS = {
    "stakeholders.applied": _("Applied through the public form"),
    "stakeholders.email_confirmed": _("Contact address confirmed; application received"),
    "stakeholders.circulated": _("Circulated to States"),
    "stakeholders.objected": _("A State objected"),
    "stakeholders.accredited": _("Accredited"),
    "stakeholders.not_accredited": _("Not accredited"),
    "stakeholders.withdrawn": _("Withdrawn"),
}


@register.filter
def history_label(action: str) -> str:
    return LABELS.get(action, action)
