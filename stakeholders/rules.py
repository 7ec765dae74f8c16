"""Who may see and do what with accreditation and consultations: every permission of the app, declared once.

The roles come from accounts.rules: a stakeholder is a member of an accredited organisation; only
the focal points of States object, only while a round is open; objections are shown beyond the
Chair's team and the Secretariat only as far as the round's setting says.
"""

import rules
from django.utils import timezone

from accounts.rules import (
    is_government_delegate,
    is_organisation_member,
    is_reviewer,
    is_secretariat,
    is_stakeholder,
    is_state_focal_point,
)

from .models import Round


def _round(obj):
    """Permissions on an application or an objection are those of its round."""
    if obj is None or isinstance(obj, Round):
        return obj
    return getattr(obj, "round", None)


@rules.predicate
def in_open_round(user, application) -> bool:
    """Without an object: whether the person could object at all."""
    if application is None:
        return True
    round_ = application.round
    return (
        round_ is not None
        and application.status == "circulated"
        and round_.status == Round.Status.OPEN
        and timezone.now() < round_.closes_at
    )


@rules.predicate
def round_shows_delegations(user, obj) -> bool:
    round_ = _round(obj)
    return round_ is not None and round_.visibility in (Round.Visibility.DELEGATIONS, Round.Visibility.PUBLIC)


@rules.predicate
def round_publishes(user, obj) -> bool:
    round_ = _round(obj)
    return round_ is not None and round_.visibility == Round.Visibility.PUBLIC


@rules.predicate
def consultation_open_to_all(user, consultation) -> bool:
    return consultation is not None and consultation.open_to_all


@rules.predicate
def inputs_published(user, consultation) -> bool:
    return consultation is not None and consultation.inputs_published_at is not None


# The Secretariat checks ECOSOC status, runs the rounds and withdraws applications.
rules.add_perm("stakeholders.manage_accreditation", is_secretariat)
# Every application with its history and objections: the Chair's team and the Secretariat.
rules.add_perm("stakeholders.view_applications", is_reviewer)
# The list circulated to States (names, countries, statements), without objections unless the round says.
rules.add_perm("stakeholders.view_circulated_list", is_government_delegate | is_reviewer)
rules.add_perm("stakeholders.object_to_application", is_state_focal_point & in_open_round)
# The object is the round (or one of its applications).
rules.add_perm(
    "stakeholders.view_objections",
    is_reviewer | (is_government_delegate & round_shows_delegations) | round_publishes,
)

rules.add_perm("stakeholders.manage_consultations", is_reviewer)
# Consultations a person may read and take part in; the object is the consultation.
can_take_part = is_stakeholder | (consultation_open_to_all & is_organisation_member)
rules.add_perm("stakeholders.view_consultations", can_take_part | is_reviewer)
rules.add_perm("stakeholders.take_part", can_take_part)
rules.add_perm("stakeholders.read_inputs", is_reviewer)
rules.add_perm("stakeholders.view_published_inputs", inputs_published)


@rules.predicate
def is_own_organisation(user, written_input) -> bool:
    return (
        written_input is not None
        and bool(getattr(user, "delegation_id", None))
        and written_input.organisation_id == user.delegation_id
        and is_organisation_member(user)
    )


@rules.predicate
def input_published(user, written_input) -> bool:
    return written_input is not None and written_input.consultation.inputs_published_at is not None


# One written input and its file: the Chair's team, its organisation, and anyone once published.
rules.add_perm("stakeholders.read_input", is_reviewer | is_own_organisation | input_published)
