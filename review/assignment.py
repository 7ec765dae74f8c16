"""Who studies a submission: assigning it to a member of the Chair's team or the Secretariat."""

import rules
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.decorators import require
from audit.services import audit
from common.errors import ActionRefused
from submissions.events import register
from submissions.models import Event, Submission
from submissions.services import new_event

from . import queue_cache


class AssignmentError(ActionRefused):
    """The assignment was refused; the message is for the person who tried."""


register(
    "assigned",
    lambda d: _("Assigned to %(to)s") % d if d.get("to") else _("No longer assigned to anyone"),
)


@transaction.atomic
def assign(*, submissions, to, by) -> list[Submission]:
    """Assign each submission to `to` (a reviewer), or to nobody when `to` is None.

    All or nothing: the rows are locked and changed in one transaction. Returns the
    submissions whose assignment changed; those already assigned so are left alone.
    """
    require(by, "review.assign_submission")
    if to is not None and not rules.has_perm("review.view_queue", to):
        raise AssignmentError(_("%(name)s is not a member of the Chair's team or the Secretariat.") % {"name": to})
    ids = [submission.pk for submission in submissions]
    rows = list(
        Submission.objects.select_for_update(of=("self",))
        .select_related("assigned_to")
        .filter(pk__in=ids)
        .submitted()
        .order_by("pk")
    )
    changed = [row for row in rows if row.assigned_to_id != (to.pk if to else None)]
    if not changed:
        return []
    Submission.objects.filter(pk__in=[row.pk for row in changed]).update(assigned_to=to)
    queue_cache.changed(queue_cache.ROWS)  # update() sends no signal
    Event.objects.bulk_create(
        [
            new_event(
                row,
                "assigned",
                actor=by,
                internal=True,
                **{"to": str(to) if to else "", "from": str(row.assigned_to) if row.assigned_to_id else ""},
            )
            for row in changed
        ]
    )
    for row in changed:
        audit(
            by,
            "submission.assigned",
            row,
            to=to.email if to else None,
            previous=row.assigned_to_id,
        )
        row.assigned_to = to
    return changed
