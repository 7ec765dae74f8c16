"""Accreditation of stakeholder organisations: every change is one function, audited and notified.

An application without ECOSOC status goes on a round circulated to States; any State's focal point
may object until the period ends; then applications without objection are accredited and the others
not (``close_round``), each applicant told. ``close_due_rounds`` runs from the beat, from the
management command, and on the first request to the app's pages after a period ended, so that no
outcome waits for a worker.
"""

import datetime
import logging
import secrets
import smtplib
from urllib.parse import urlparse

import rules
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.refusals import reason_for
from audit.services import audit
from common.errors import ActionRefused, Conflict, NotAllowed
from delegations.models import Delegation
from notifications.services import notify

from .models import Application, Objection, Round

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "stakeholders.confirm-email"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=7)

Status = Application.Status


class AccreditationRefused(ActionRefused):
    """A rule refused the change; the message is for the person."""


def _require(by, perm: str, obj=None) -> None:
    if not rules.has_perm(perm, by, obj):
        raise NotAllowed(reason_for(perm) or _("You may not do this."))


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("round", "country").get(pk=application.pk)


# --- Applying ------------------------------------------------------------------------------------


def confirmation_token(application: Application) -> str:
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign(str(application.public_id))


@transaction.atomic
def apply(**fields) -> Application:
    """The public form: the application waits until its contact confirms the email address."""
    application = Application.objects.create(status=Status.UNCONFIRMED, **fields)
    audit(None, "stakeholders.applied", application, ecosoc=application.has_ecosoc_status)
    return application


def send_confirmation(application: Application, *, link: str) -> bool:
    """Mail the confirmation link at once, not through the outbox: it proves the address, like a password link."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    context = {"application": application, "link": link}
    try:
        send_mail(
            subject=" ".join(render_to_string("stakeholders/email/confirm.subject.txt", context).split()),
            message=render_to_string("stakeholders/email/confirm.txt", context),
            from_email=None,
            recipient_list=[application.contact_email],
        )
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not send the confirmation link of application %s", application.pk, exc_info=True)
        return False
    return True


@transaction.atomic
def confirm_email(*, token: str) -> Application:
    """The contact followed the link: the Secretariat receives the application (again harmless)."""
    try:
        public_id = signing.TimestampSigner(salt=CONFIRMATION_SALT).unsign(
            token, max_age=CONFIRMATION_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired:
        raise AccreditationRefused(_("This confirmation link has expired. Please apply again."))
    except signing.BadSignature:
        raise AccreditationRefused(_("This confirmation link is not valid."))
    application = Application.objects.select_for_update(of=("self",)).filter(public_id=public_id).first()
    if application is None:
        raise AccreditationRefused(_("This confirmation link is not valid."))
    if application.status != Status.UNCONFIRMED:
        return application
    application.status = Status.RECEIVED
    application.confirmed_at = timezone.now()
    application.save(update_fields=["status", "confirmed_at"])
    audit(None, "stakeholders.email_confirmed", application)
    notify("stakeholders.application_received", application=application)
    return application


# --- The Secretariat's decisions -----------------------------------------------------------------


def _organisation_for(application: Application) -> Delegation:
    """The delegation the accredited organisation's people belong to; its name is unique among delegations."""
    name = application.name.strip()
    if Delegation.objects.filter(name__iexact=name).exists():
        name = f"{name} ({application.country.name})"
    suffix = 2
    base = name
    while Delegation.objects.filter(name__iexact=name).exists():
        name, suffix = f"{base} {suffix}", suffix + 1
    return Delegation.objects.create(
        name=name[:200], kind=Delegation.Kind.STAKEHOLDER, iso2=application.country.iso2, iso3=application.country.iso3
    )


def _give_accounts(application: Application) -> User | None:
    """The contact person becomes the organisation's focal point; they choose a password from a mailed link."""
    if User.objects.filter(email__iexact=application.contact_email).exists():
        # Someone else's account, or a person already in another organisation: the Secretariat sorts it out.
        return None
    try:
        with transaction.atomic():
            person = User.objects.create_user(
                email=application.contact_email,
                full_name=application.contact_name,
                role=User.Role.FOCAL_POINT,
                delegation=application.organisation,
                password=secrets.token_urlsafe(32),
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _send_password_link(person))
    return person


def _send_password_link(person: User) -> None:
    """The new focal point's link to choose a password, as a member added by a focal point gets it.

    Sent at once (a credential stays out of the outbox) with the portal's own address: a round may
    close in the beat, with no request to read the host from. A mail server that refuses it does not
    undo the accreditation; the person asks for a new link on the login page (password reset).
    """
    from accounts.forms import SetPasswordLinkForm

    site = urlparse(settings.SITE_URL)
    form = SetPasswordLinkForm({"email": person.email})
    if not form.is_valid():
        return
    try:
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name="registration/invitation_subject.txt",
            email_template_name="registration/invitation_email.txt",
        )
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not send the set-password link to %s", person.email, exc_info=True)


def _accredit(application: Application, *, by, now) -> None:
    application.status = Status.ACCREDITED
    application.decided_at = now
    application.organisation = _organisation_for(application)
    application.save(update_fields=["status", "decided_at", "organisation"])
    person = _give_accounts(application)
    audit(by, "stakeholders.accredited", application, focal_point=person.email if person else "")
    notify("stakeholders.accredited", application=application)


def _refuse(application: Application, *, by, now, reason: str) -> None:
    application.status = Status.NOT_ACCREDITED
    application.decided_at = now
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_at", "decision_reason"])
    audit(by, "stakeholders.not_accredited", application, reason=reason)
    notify("stakeholders.not_accredited", application=application, reason=reason)


@transaction.atomic
def decide_ecosoc(*, application: Application, by, accredit: bool, reason: str = "") -> Application:
    """With ECOSOC consultative status, the Secretariat checks the status and decides alone."""
    _require(by, "stakeholders.manage_accreditation")
    application = _locked(application)
    if not application.has_ecosoc_status:
        raise Conflict(_("Without ECOSOC status, an application is decided by a non-objection round."))
    if application.status != Status.RECEIVED:
        raise Conflict(_("This application is not waiting for a decision."))
    if not accredit and not reason.strip():
        raise AccreditationRefused(_("Say why the status could not be confirmed: the applicant is told."))
    if accredit:
        _accredit(application, by=by, now=timezone.now())
    else:
        _refuse(application, by=by, now=timezone.now(), reason=reason.strip())
    return application


@transaction.atomic
def withdraw(*, application: Application, by, reason: str = "") -> Application:
    """At the applicant's request (or when it no longer exists): the application ends without a decision."""
    _require(by, "stakeholders.manage_accreditation")
    application = _locked(application)
    if application.is_final:
        raise Conflict(_("This application is already decided or withdrawn."))
    application.status = Status.WITHDRAWN
    application.decided_at = timezone.now()
    application.decision_reason = reason.strip()
    application.save(update_fields=["status", "decided_at", "decision_reason"])
    audit(by, "stakeholders.withdrawn", application, reason=application.decision_reason)
    notify("stakeholders.withdrawn", application=application, reason=application.decision_reason)
    return application


# --- Rounds --------------------------------------------------------------------------------------


def waiting_for_round():
    """Confirmed applications without ECOSOC status that no round has circulated yet."""
    return Application.objects.filter(status=Status.RECEIVED, has_ecosoc_status=False).select_related("country")


@transaction.atomic
def open_round(*, by, title: str, period_days: int, visibility: str, applications) -> Round:
    """Circulate a list of applicants to States; each applicant and every State's focal point is told."""
    _require(by, "stakeholders.manage_accreditation")
    ids = [a.pk for a in applications]
    chosen = list(waiting_for_round().select_for_update(of=("self",)).filter(pk__in=ids))
    if not chosen or len(chosen) != len(set(ids)):
        raise Conflict(_("Choose applications that are waiting for a round."))
    now = timezone.now()
    round_ = Round.objects.create(
        title=title,
        period_days=period_days,
        visibility=visibility,
        opened_at=now,
        closes_at=now + datetime.timedelta(days=period_days),
        opened_by=by,
    )
    audit(by, "stakeholders.round_opened", round_, applications=len(chosen), visibility=visibility)
    for application in chosen:
        application.status = Status.CIRCULATED
        application.round = round_
        application.save(update_fields=["status", "round"])
        audit(by, "stakeholders.circulated", application, round=round_.title)
        notify("stakeholders.application_circulated", application=application, round=round_)
    notify("stakeholders.round_opened", round=round_)
    return round_


@transaction.atomic
def object_to(*, application: Application, by, basis: str = "") -> Objection:
    """A State's focal point objects, while the round is open; the basis is optional."""
    application = _locked(application)
    if not rules.has_perm("stakeholders.object_to_application", by, application):
        if rules.has_perm("stakeholders.object_to_application", by):
            raise Conflict(_("The non-objection period of this application has ended."))
        raise NotAllowed(_("Only the focal point of a State's delegation may object."))
    objection, created = Objection.objects.get_or_create(
        application=application,
        delegation=by.delegation,
        defaults={"basis": basis.strip(), "objected_by": by},
    )
    if not created:
        raise Conflict(_("Your delegation has already objected to this application."))
    audit(by, "stakeholders.objected", application, state=by.delegation.name, basis=objection.basis)
    notify("stakeholders.objected", application=application, objection=objection)
    return objection


@transaction.atomic
def close_round(*, round_: Round, by=None, now=None) -> Round:
    """End a round whose period is over: accredit the applications nobody objected to, not the others."""
    now = now or timezone.now()
    round_ = Round.objects.select_for_update(of=("self",)).get(pk=round_.pk)
    if round_.status == Round.Status.CLOSED:
        return round_
    if now < round_.closes_at:
        raise Conflict(_("The non-objection period of this round has not ended yet."))
    accredited = not_accredited = 0
    applications = round_.applications.select_for_update(of=("self",)).filter(status=Status.CIRCULATED)
    for application in applications.select_related("country").prefetch_related("objections"):
        if application.objections.all():
            _refuse(application, by=by, now=now, reason=_("A State objected during the non-objection period."))
            not_accredited += 1
        else:
            _accredit(application, by=by, now=now)
            accredited += 1
    round_.status = Round.Status.CLOSED
    round_.closed_at = now
    round_.save(update_fields=["status", "closed_at"])
    audit(by, "stakeholders.round_closed", round_, accredited=accredited, not_accredited=not_accredited)
    notify("stakeholders.round_closed", round=round_, accredited=accredited, not_accredited=not_accredited)
    return round_


def close_due_rounds(*, now=None) -> int:
    """Close every round whose period has ended; safe to run from several places at once."""
    now = now or timezone.now()
    closed = 0
    for round_ in Round.objects.filter(status=Round.Status.OPEN, closes_at__lte=now):
        close_round(round_=round_, now=now)
        closed += 1
    return closed
