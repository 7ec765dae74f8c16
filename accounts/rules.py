"""The roles, as django-rules predicates: the only place that reads a person's role.

Every app's ``rules.py`` builds its permissions from these; views, templates and services ask
the permissions (``rules.has_perm``), never the role. ``rules.has_perm`` is used rather than
``user.has_perm`` because Django's backend grants a superuser every permission, and a draft
belongs to its delegation alone, administrators included.
"""

import rules


@rules.predicate
def is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_delegate(user) -> bool:
    """A member of a delegation: delegate or focal point."""
    return is_active(user) and user.is_delegate


@rules.predicate
def is_focal_point(user) -> bool:
    return is_active(user) and user.is_focal_point


@rules.predicate
def is_reviewer(user) -> bool:
    """The Chair's team, the Secretariat and site administrators."""
    return is_active(user) and user.is_reviewer


@rules.predicate
def is_secretariat(user) -> bool:
    """The Secretariat and site administrators."""
    return is_active(user) and user.is_secretariat


@rules.predicate
def is_chair_team_member(user) -> bool:
    """Exactly the Chair's team (a notice for the team is not one for every reviewer)."""
    return is_active(user) and user.role == user.Role.CHAIR_TEAM


@rules.predicate
def is_secretariat_member(user) -> bool:
    """Exactly the Secretariat, administrators aside."""
    return is_active(user) and user.role == user.Role.SECRETARIAT


@rules.predicate
def is_administrator(user) -> bool:
    return is_active(user) and user.is_superuser


STATE_KINDS = ("member_state", "observer_state")
ORGANISATION_KINDS = ("igo", "stakeholder")


def _delegation_kind(user) -> str:
    # The delegation is read once per person object (Django caches it on the instance).
    return user.delegation.kind if user.delegation_id else ""


@rules.predicate
def is_stakeholder(user) -> bool:
    """A member of an accredited stakeholder organisation (a delegation of kind stakeholder)."""
    return is_delegate(user) and _delegation_kind(user) == "stakeholder"


@rules.predicate
def is_stakeholder_focal_point(user) -> bool:
    """The person who manages the members of an accredited stakeholder organisation."""
    return is_focal_point(user) and is_stakeholder(user)


@rules.predicate
def is_government_delegate(user) -> bool:
    """A member of a delegation that speaks for a State, the EU or an intergovernmental organisation."""
    return is_delegate(user) and _delegation_kind(user) != "stakeholder"


@rules.predicate
def is_state_focal_point(user) -> bool:
    """The focal point of a member or observer State's delegation: who may object to an applicant."""
    return is_focal_point(user) and _delegation_kind(user) in STATE_KINDS


@rules.predicate
def is_organisation_member(user) -> bool:
    """A member of an organisation registered in the portal: an intergovernmental one or a stakeholder."""
    return is_delegate(user) and _delegation_kind(user) in ORGANISATION_KINDS


@rules.predicate
def is_focal_point_of(user, delegation) -> bool:
    """Without an object: the focal point's own delegation."""
    return is_focal_point(user) and (delegation is None or user.delegation_id == delegation.pk)


rules.add_perm("accounts.view_profile", is_active)
rules.add_perm("accounts.manage_members", is_focal_point_of)
