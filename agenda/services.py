"""Changes to sessions and their deadlines: one function each, for views, admin and commands."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.decorators import require
from audit.services import audit
from common.errors import ActionRefused

from .models import DeadlineExtension, Session


class DeadlineError(ActionRefused):
    """A rule refused the change; the message is for the Secretariat."""


@transaction.atomic
def set_deadline(*, session: Session, deadline, by) -> Session:
    require(by, "agenda.manage_deadlines")
    old = session.submission_deadline
    session.submission_deadline = deadline
    session.save(update_fields=["submission_deadline"])
    audit(by, "deadline.changed", session, old=old.isoformat(), new=deadline.isoformat())
    return session


@transaction.atomic
def grant_extension(*, session: Session, delegation, deadline, by, reason: str = "") -> DeadlineExtension:
    """Extend one session's deadline for one delegation (a second grant replaces the first)."""
    require(by, "agenda.manage_deadlines")
    if deadline <= session.submission_deadline:
        raise DeadlineError(_("An extension must end after the session's own deadline."))
    extension, _created = DeadlineExtension.objects.update_or_create(
        session=session,
        delegation=delegation,
        defaults={"deadline": deadline, "reason": reason.strip(), "granted_by": by},
    )
    audit(by, "deadline.extended", extension, delegation=delegation.name, deadline=deadline.isoformat(), reason=reason)
    return extension


@transaction.atomic
def revoke_extension(*, extension: DeadlineExtension, by) -> None:
    require(by, "agenda.manage_deadlines")
    audit(by, "deadline.extension_removed", extension.session, delegation=extension.delegation.name)
    extension.delete()
