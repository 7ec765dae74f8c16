"""The notices of accreditation and consultations: who is told what, registered in StakeholdersConfig.ready.

Every notice renders the one template set ``stakeholders/email/notice``; its kind chooses the words
below (``TEXTS``), which the template tag ``stakeholder_notice`` translates in the recipient's language.
Notices whose kind starts with ``applicant_`` go to the applicant's contact address, who may have no
account yet: they are always sent, at once.
"""

import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.rules import STATE_KINDS, is_organisation_member, is_state_focal_point
from notifications.events import CHAIR_TEAM, REVIEWERS, SECRETARIAT, Group, Members, Notice, Subject, register
from notifications.rendering import absolute


def _organisation_people(delegation_id) -> list:
    return list(User.objects.delegation_members([delegation_id]).select_related("delegation"))


def _applicant(context: dict) -> Members:
    """The organisation's people once it has accounts; before, the contact address of the form."""
    application = context["application"]
    if application.organisation_id:
        people = _organisation_people(application.organisation_id)
        if people:
            return Members(users=people)
    return Members(mailboxes=[application.contact_email])


APPLICANT = Group("applicant", _applicant, lambda user: False)
STATE_FOCAL_POINTS = Group(
    "state_focal_points",
    lambda context: Members(
        users=list(User.objects.focal_points(delegation_kinds=STATE_KINDS).select_related("delegation"))
    ),
    is_state_focal_point,
)


def _invited_organisations(context: dict) -> Members:
    consultation = context["consultation"]
    kinds = ("stakeholder", "igo") if consultation.open_to_all else ("stakeholder",)
    return Members(users=list(User.objects.members_of_kinds(kinds).select_related("delegation")))


INVITED_ORGANISATIONS = Group("invited_organisations", _invited_organisations, is_organisation_member)
ORGANISATION = Group(
    "organisation",
    lambda context: Members(users=_organisation_people(context["organisation"].pk)),
    is_organisation_member,
)


def _participants(context: dict) -> Members:
    ids = context["consultation"].inputs.values_list("organisation_id", flat=True)
    return Members(users=list(User.objects.delegation_members(ids).select_related("delegation")))


PARTICIPANTS = Group("participants", _participants, is_organisation_member)


def _application_context(context: dict) -> dict:
    return {"url": absolute(reverse("stakeholders:accredited"))}


def _application_link(user, context: dict) -> dict:
    # The Chair's team and the Secretariat open the application's page; the applicant the public list.
    if rules.has_perm("stakeholders.view_applications", user):
        return {"url": absolute(reverse("stakeholders:application", args=[context["application"].public_id]))}
    return {}


def _round_link(user, context: dict) -> dict:
    if rules.has_perm("stakeholders.view_applications", user):
        return {"url": absolute(reverse("stakeholders:round", args=[context["round"].pk]))}
    return {"url": absolute(reverse("stakeholders:circulated"))}


def _consultation_context(context: dict) -> dict:
    return {"url": absolute(reverse("stakeholders:consultation", args=[context["consultation"].public_id]))}


APPLICATION = Subject(instance=lambda c: c["application"], prepare=_application_context, personalise=_application_link)
ROUND = Subject(instance=lambda c: c["round"], personalise=_round_link)
CONSULTATION = Subject(instance=lambda c: c["consultation"], prepare=_consultation_context)

TEMPLATE = "stakeholders/email/notice"

# kind: (subject, body). Placeholders: name, country, round, until, reason, basis, state, consultation,
# deadline, when, sub_item, accredited, not_accredited.
TEXTS = {
    "applicant_received": (
        _("Your application for accreditation: received"),
        _(
            "The Secretariat has received the application of %(name)s for accreditation to the working group. "
            "You will be told of each step and of the outcome."
        ),
    ),
    "application_new": (
        _("New application for accreditation: %(name)s"),
        _("%(name)s (%(country)s) applied for accreditation and confirmed its email address."),
    ),
    "applicant_circulated": (
        _("Your application for accreditation: circulated to States"),
        _(
            "The application of %(name)s is on the list circulated to States for non-objection until %(until)s. "
            "If no State objects by then, the organisation will be accredited."
        ),
    ),
    "round_opened": (
        _("Applicants for accreditation circulated for non-objection until %(until)s"),
        _(
            "The list of organisations applying for accreditation (%(round)s) is circulated for non-objection. "
            "The focal point of a State may object in the portal until %(until)s, and may give the general "
            "basis of the objection."
        ),
    ),
    "objection_recorded": (
        _("Objection to the accreditation of %(name)s"),
        _("%(state)s objected to the accreditation of %(name)s (%(round)s).\n\nBasis given: %(basis)s"),
    ),
    "applicant_accredited": (
        _("Your organisation is accredited"),
        _(
            "%(name)s is accredited to the working group: it may attend formal meetings, take part in the "
            "stakeholder sessions and submit written inputs. Its contact person receives a separate message "
            "to choose a password for the portal, and manages the accounts of the organisation's people."
        ),
    ),
    "applicant_not_accredited": (
        _("Your application for accreditation: not accredited"),
        _("%(name)s is not accredited to the working group. %(reason)s"),
    ),
    "applicant_withdrawn": (
        _("Your application for accreditation: withdrawn"),
        _("The application of %(name)s for accreditation has been withdrawn. %(reason)s"),
    ),
    "application_withdrawn": (
        _("Application withdrawn: %(name)s"),
        _("The application of %(name)s for accreditation was withdrawn. %(reason)s"),
    ),
    "round_closed": (
        _("Non-objection period ended: %(round)s"),
        _(
            "The non-objection period of %(round)s has ended: %(accredited)s organisation(s) accredited, "
            "%(not_accredited)s not accredited. Each applicant has been told."
        ),
    ),
    "consultation_invitation": (
        _("Informal consultation: %(consultation)s"),
        _(
            "The Chair invites you to an informal consultation on %(sub_item)s, %(consultation)s, on %(when)s. "
            "Register and send your written answers to the guiding questions by %(deadline)s."
        ),
    ),
    "consultation_registered": (
        _("Registered for the consultation: %(consultation)s"),
        _("%(name)s is registered for the informal consultation %(consultation)s (%(when)s)."),
    ),
    "input_receipt": (
        _("Written input received: %(consultation)s"),
        _(
            "The Chair's team has received the written input of %(name)s to the consultation %(consultation)s. "
            "You may change it until %(deadline)s."
        ),
    ),
    "input_received": (
        _("Written input from %(name)s: %(consultation)s"),
        _("%(name)s sent its written input to the consultation %(consultation)s."),
    ),
    "inputs_published": (
        _("Written inputs published: %(consultation)s"),
        _("The written inputs to the consultation %(consultation)s, yours included, are now published."),
    ),
}


def _notice(to, kind, label, **options) -> Notice:
    return Notice(to, TEMPLATE, label, kind=kind, **options)


ACCREDITATION = _("Accreditation of stakeholders")


def register_notices() -> None:
    register(
        "stakeholders.application_received",
        _notice(APPLICANT, "applicant_received", ACCREDITATION, locked=True),
        _notice(SECRETARIAT, "application_new", _("New applications for accreditation")),
        about=APPLICATION,
    )
    register(
        "stakeholders.application_circulated",
        _notice(APPLICANT, "applicant_circulated", ACCREDITATION, locked=True),
        about=APPLICATION,
    )
    register(
        "stakeholders.round_opened",
        _notice(STATE_FOCAL_POINTS, "round_opened", _("Applicants for accreditation circulated for non-objection")),
        about=ROUND,
    )
    register(
        "stakeholders.objected",
        _notice(REVIEWERS, "objection_recorded", _("Objections to applicants for accreditation")),
        about=APPLICATION,
    )
    register(
        "stakeholders.accredited",
        _notice(APPLICANT, "applicant_accredited", ACCREDITATION, locked=True),
        about=APPLICATION,
    )
    register(
        "stakeholders.not_accredited",
        _notice(APPLICANT, "applicant_not_accredited", ACCREDITATION, locked=True),
        about=APPLICATION,
    )
    register(
        "stakeholders.withdrawn",
        _notice(APPLICANT, "applicant_withdrawn", ACCREDITATION, locked=True),
        _notice(SECRETARIAT, "application_withdrawn", _("Withdrawn applications for accreditation")),
        about=APPLICATION,
    )
    register(
        "stakeholders.round_closed",
        _notice(SECRETARIAT, "round_closed", _("Outcomes of non-objection rounds")),
        about=ROUND,
    )
    register(
        "consultations.opened",
        _notice(INVITED_ORGANISATIONS, "consultation_invitation", _("Invitations to informal consultations")),
        about=CONSULTATION,
    )
    register(
        "consultations.registered",
        _notice(ORGANISATION, "consultation_registered", _("Registrations for informal consultations")),
        about=CONSULTATION,
    )
    register(
        "consultations.input_submitted",
        _notice(ORGANISATION, "input_receipt", _("Receipts for our written inputs"), locked=True),
        _notice(CHAIR_TEAM, "input_received", _("Written inputs to informal consultations")),
        about=CONSULTATION,
    )
    register(
        "consultations.inputs_published",
        _notice(PARTICIPANTS, "inputs_published", _("Publication of our written inputs")),
        about=CONSULTATION,
    )
