"""``{% stakeholder_notice "subject" %}``: a stakeholder notice's words, in the language being rendered."""

from django import template
from django.utils.translation import gettext as _

from portal.time_format import when

from ..notices import TEXTS

register = template.Library()


def _params(context) -> dict:
    application = context.get("application")
    round_ = context.get("round") or getattr(application, "round", None)
    consultation = context.get("consultation")
    objection = context.get("objection")
    organisation = context.get("organisation")
    name = application.name if application else (organisation.localized_name if organisation else "")
    return {
        "name": name,
        "country": application.country.localized_name if application else "",
        "round": round_.title if round_ else "",
        "until": when(round_.closes_at) if round_ else "",
        "reason": context.get("reason") or "",
        "state": objection.delegation.localized_name if objection else "",
        "basis": (objection.basis if objection else "") or _("none given"),
        "consultation": consultation.title if consultation else "",
        "deadline": when(consultation.deadline) if consultation else "",
        "when": when(consultation.held_at) if consultation else "",
        "sub_item": str(consultation.sub_item) if consultation else "",
        "accredited": context.get("accredited", 0),
        "not_accredited": context.get("not_accredited", 0),
    }


@register.simple_tag(takes_context=True)
def stakeholder_notice(context, part: str) -> str:
    subject, body = TEXTS[context["notice"].kind]
    return str(subject if part == "subject" else body) % _params(context)
