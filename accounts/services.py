"""Changes to people: one function each."""

import logging
import secrets
import smtplib

import rules
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import audit
from common.errors import ActionRefused

from .forms import SetPasswordLinkForm
from .models import User

logger = logging.getLogger(__name__)


class MembershipError(ActionRefused):
    """A rule refused the change; the message is for the focal point."""


def _manages(by: User, delegation) -> bool:
    return rules.has_perm("accounts.manage_members", by, delegation)


@transaction.atomic
def add_member(
    *, by: User, delegation, email: str, full_name: str, role: str = User.Role.DELEGATE, request=None
) -> User:
    """A focal point adds a person to their delegation; the person sets a password from an emailed link."""
    if not _manages(by, delegation):
        raise PermissionDenied
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing and existing.delegation_id != delegation.pk:
        # Whether an address has an account elsewhere (another delegation, the Chair's team, the
        # Secretariat) is not the focal point's to learn: the refusal does not say why, and the
        # Secretariat, who can move an account, finds the request in the audit log.
        audit(by, "member.add_refused", existing, delegation=delegation.name)
        raise MembershipError(
            _(
                "%(email)s cannot be added from this page. If this person should join your delegation, "
                "ask the Secretariat to add them."
            )
            % {"email": email}
        )
    if existing and existing.is_active:
        raise MembershipError(_("%(email)s is already a member of your delegation.") % {"email": email})
    if existing:
        existing.is_active = True
        existing.role = role
        existing.save(update_fields=["is_active", "role"])
        member = existing
    else:
        # A random password nobody knows: the member chooses their own from the emailed link.
        try:
            with transaction.atomic():
                member = User.objects.create_user(
                    email=email,
                    full_name=full_name.strip(),
                    role=role,
                    delegation=delegation,
                    password=secrets.token_urlsafe(32),
                )
        except IntegrityError:
            # The same form posted twice at once (a double click): the other post added them.
            raise MembershipError(_("%(email)s is already a member of your delegation.") % {"email": email})
    audit(by, "member.added", member, delegation=delegation.name, role=role)
    return member


def send_set_password_link(user: User, *, request=None) -> bool:
    """Email a new member the link to choose a password; False if the mail server refused.

    Sent at once rather than through the outbox: the link is a credential, and it must not
    sit in a table that the Secretariat reads. The focal point can send it again.
    """
    form = SetPasswordLinkForm({"email": user.email})
    if not form.is_valid():
        return False
    try:
        form.save(
            request=request,
            use_https=bool(request and request.is_secure()),
            subject_template_name="registration/invitation_subject.txt",
            email_template_name="registration/invitation_email.txt",
        )
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not send the set-password link to %s", user.email, exc_info=True)
        return False
    return True


@transaction.atomic
def deactivate_member(*, by: User, member: User) -> User:
    if not member.delegation or not _manages(by, member.delegation):
        raise PermissionDenied
    if member.pk == by.pk:
        raise MembershipError(_("You cannot remove yourself; ask another focal point or the Secretariat."))
    member.is_active = False
    member.save(update_fields=["is_active"])
    audit(by, "member.deactivated", member, delegation=member.delegation.name)
    return member
