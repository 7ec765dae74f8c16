"""Every change to a compendium: start, cancel, choose its proposals, delete. Each checks the rule,
writes in one transaction, records an audit entry and queues the build after commit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import require
from audit.services import audit
from common.errors import ActionRefused, Conflict, NotAllowed

from .models import Compendium


class CompendiumRefused(ActionRefused):
    pass


def _require(user, perm: str, obj=None) -> None:
    try:
        require(user, perm, obj)
    except PermissionDenied as error:
        raise NotAllowed(str(error) or _("You may not do this with compendia.")) from error


def _queue_build(compendium: Compendium) -> None:
    from .tasks import build_compendium

    transaction.on_commit(lambda: build_compendium.delay(compendium.pk))


def _worker_gone(compendium: Compendium) -> bool:
    """A build running for longer than its hard time limit has no worker any more (the limit kills
    it; a broker that lost its message never redelivers it): nothing would read the cancel flag."""
    from .tasks import HARD_TIME_LIMIT

    started = compendium.started_at
    return (
        compendium.state == Compendium.State.BUILDING
        and started is not None
        and (timezone.now() - started).total_seconds() > HARD_TIME_LIMIT
    )


def _steps(choices: dict) -> int:
    # One step per sub-item, and one for the annex and the files.
    return len(choices.get("sub_items", [])) + 1


@transaction.atomic
def start_compendium(*, by, choices: dict, title: str = "") -> Compendium:
    """Keep the choices and queue the build; the page follows its progress."""
    _require(by, "compendium.build_compendium")
    if not choices.get("sessions") or not choices.get("sub_items") or not choices.get("statuses"):
        raise CompendiumRefused(_("Choose at least one session, one sub-item and one status."))
    if "draft" in choices["statuses"]:
        raise CompendiumRefused(_("Drafts belong to their delegation and never go into a compendium."))
    compendium = Compendium.objects.create(
        created_by=by, title=title.strip(), choices=choices, steps_total=_steps(choices)
    )
    audit(by, "compendium.started", compendium, choices=choices)
    _queue_build(compendium)
    return compendium


@transaction.atomic
def cancel_compendium(*, compendium: Compendium, by) -> Compendium:
    """Stop a build: at once if no worker has taken it yet, else between two sub-items."""
    _require(by, "compendium.change_compendium", compendium)
    compendium = Compendium.objects.select_for_update().get(pk=compendium.pk)
    if not compendium.is_running:
        raise Conflict(_("This compendium is no longer being built."))
    if compendium.state == Compendium.State.WAITING or _worker_gone(compendium):
        compendium.state = Compendium.State.CANCELLED
        compendium.finished_at = timezone.now()
    compendium.cancel_requested = True
    compendium.save(update_fields=["state", "finished_at", "cancel_requested"])
    audit(by, "compendium.cancelled", compendium)
    return compendium


@transaction.atomic
def choose_proposals(*, compendium: Compendium, by, included: set[int], shown: set[int]) -> Compendium:
    """Keep the ticks of the proposals shown on one page: ticked ones go in, the others stay out.

    Proposals of other pages, and ids of other compendia, are left alone. The documents are
    written again when the team asks (``write_documents``), not at each page.
    """
    _require(by, "compendium.change_compendium", compendium)
    compendium = Compendium.objects.select_for_update().get(pk=compendium.pk)
    if compendium.state != Compendium.State.READY or not compendium.proposals_found:
        raise Conflict(_("The proposals can be chosen once the compendium is ready."))
    page = compendium.proposals.filter(pk__in=shown)
    changed = page.filter(pk__in=included, included=False).update(included=True)
    changed += page.exclude(pk__in=included).filter(included=True).update(included=False)
    if changed:
        compendium.ticks_pending = True
        compendium.save(update_fields=["ticks_pending"])
        audit(by, "compendium.proposals_chosen", compendium, changed=changed)
    return compendium


@transaction.atomic
def write_documents(*, compendium: Compendium, by) -> Compendium:
    """Write the documents again with the proposals ticked now (the papers are read again too)."""
    _require(by, "compendium.change_compendium", compendium)
    compendium = Compendium.objects.select_for_update().get(pk=compendium.pk)
    if compendium.state != Compendium.State.READY or not compendium.proposals_found:
        raise Conflict(_("The documents can be written again once the compendium is ready."))
    compendium.state = Compendium.State.WAITING
    compendium.steps_done = 0
    compendium.current_step = ""
    compendium.cancel_requested = False
    compendium.failure_reason = ""
    compendium.finished_at = None
    compendium.save(
        update_fields=["state", "steps_done", "current_step", "cancel_requested", "failure_reason", "finished_at"]
    )
    audit(by, "compendium.documents_requested", compendium, included=compendium.proposals.filter(included=True).count())
    _queue_build(compendium)
    return compendium


@transaction.atomic
def delete_compendium(*, compendium: Compendium, by) -> None:
    """An administrator removes an old draft, its proposals and its files."""
    _require(by, "compendium.delete_compendium", compendium)
    compendium = Compendium.objects.select_for_update().get(pk=compendium.pk)
    if compendium.is_running:
        raise Conflict(_("Cancel the build before deleting this compendium."))
    files = [f for f in (compendium.docx, compendium.pdf, compendium.csv) if f]
    storage_names = [(f.storage, f.name) for f in files]
    audit(by, "compendium.deleted", compendium, title=str(compendium), created_by=str(compendium.created_by))
    compendium.delete()

    def remove_files():
        for storage, name in storage_names:
            storage.delete(name)

    transaction.on_commit(remove_files)
