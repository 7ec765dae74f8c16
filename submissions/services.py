"""Every change to a submission: one function each, called by views, admin and commands."""

import zoneinfo

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import m2m_changed
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import require
from agenda.models import DeadlineExtension
from audit.models import AuditEntry
from audit.services import audit, audit_entry
from common.errors import ActionRefused, Conflict
from notifications.services import notify
from portal.time_format import when

from . import signals
from .files import inspect_upload
from .models import UN_LANGUAGES, CoSponsorship, Event, Submission, Version


class SubmissionError(ActionRefused):
    """A rule of the workflow refused the action; the message is for the person."""


class SubmissionClosed(SubmissionError, Conflict):
    """The deadline has passed, or the paper is no longer open to this change."""


def next_number(key: str) -> int:
    """Take the next number of a named sequence; the row lock serialises concurrent takers.

    One statement on Counter's table (PostgreSQL and SQLite alike): the row is made at 1 or moved on by one, and
    locked until the caller's transaction ends, so no number is given twice.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "submissions_counter" ("key", "last") VALUES (%s, 1) ON CONFLICT ("key") '
            'DO UPDATE SET "last" = "submissions_counter"."last" + 1 RETURNING "last"',
            [key],
        )
        return cursor.fetchone()[0]


def new_event(
    submission: Submission, kind: str, *, actor=None, comment: str = "", internal: bool = False, **data
) -> Event:
    """An entry of the paper's history, unsaved."""
    return Event(submission=submission, kind=kind, actor=actor, comment=comment, internal=internal, data=data)


def record_event(submission: Submission, kind: str, **fields) -> Event:
    event = new_event(submission, kind, **fields)
    event.save(force_insert=True)
    return event


class History:
    """The events and audit entries of one service call, written in one INSERT per table at its end.

    Only within one transaction.atomic function: if it raises, nothing was written and nothing is.
    """

    def __init__(self):
        self.events: list[Event] = []
        self.entries: list[AuditEntry] = []

    def event(self, submission, kind: str, **fields) -> None:
        self.events.append(new_event(submission, kind, **fields))

    def audit(self, actor, action: str, obj, **data) -> None:
        self.entries.append(audit_entry(actor, action, obj, **data))

    def write(self) -> None:
        # Nobody follows these rows' saves (unlike a paper's or a version's): bulk_create tells no one.
        if self.events:
            Event.objects.bulk_create(self.events)
        if self.entries:
            AuditEntry.objects.bulk_create(self.entries)
        self.events, self.entries = [], []


def _add_sub_items(submission: Submission, items) -> None:
    """Link a new paper to its sub-items in one INSERT (add() reads the existing links first when
    someone follows its changes), telling m2m_changed's receivers what add() would tell them."""
    through = Submission.sub_items.through
    pks = {item.pk for item in items}
    if not pks:
        return
    signal = {"sender": through, "instance": submission, "reverse": False, "pk_set": pks, "using": connection.alias}
    model = Submission.sub_items.field.related_model
    m2m_changed.send(action="pre_add", model=model, **signal)
    through.objects.bulk_create([through(submission=submission, agendaitem_id=pk) for pk in sorted(pks)])
    m2m_changed.send(action="post_add", model=model, **signal)


def check_deadline(submission: Submission, *, now=None) -> None:
    # A paper read with its delegation's latest extension (extended_deadline) is not asked again.
    if hasattr(submission, "extended_deadline"):
        deadline = max(filter(None, [submission.session.submission_deadline, submission.extended_deadline]))
    else:
        deadline = submission.session.deadline_for(submission.delegation)
    if (now or timezone.now()) > deadline:
        raise SubmissionClosed(
            _(
                "Submissions for %(session)s closed on %(deadline)s. Your draft is kept; "
                "ask the Secretariat for an extension if you still need to submit it."
            )
            % {
                "session": submission.session.localized_title,
                "deadline": when(deadline),
            }
        )


@transaction.atomic
def create_submission(
    *,
    by,
    title: str,
    session,
    sub_items,
    kind: str = Submission.Kind.CONCEPT_PAPER,
    summary: str = "",
    original_language: str = "en",
    cosponsors=(),
    file=None,
    file_note: str = "",
    form_token=None,
    delegation=None,
) -> Submission:
    """Create a draft for the person's delegation (or, for the Secretariat, on a delegation's behalf).

    A form posted twice carries the same token and gets the submission the first post made; the
    token is its author's: another person's (copied from a page, or guessed) gives nothing of theirs.
    """
    delegation = delegation or by.delegation
    if not (
        rules.has_perm("submissions.create_submission", by, delegation)
        or rules.has_perm("submissions.record_emailed_paper", by)
    ):
        raise PermissionDenied
    fields = {
        "title": title.strip(),
        "summary": summary.strip(),
        "kind": kind,
        "session": session,
        "delegation": delegation,
        "original_language": original_language,
        "created_by": by,
        # Its first file is stored below, in this transaction: counted in the INSERT, not by an UPDATE after it.
        "version_count": 1 if file is not None else 0,
    }
    # The token's unique constraint tells a second post of the form (no query to look for it first).
    try:
        with transaction.atomic():
            submission = Submission.objects.create(form_token=form_token, **fields)
    except IntegrityError:
        existing = Submission.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        if existing.created_by_id == by.pk:
            return existing  # the same form posted again (or at the same instant): the first post's paper
        submission = Submission.objects.create(form_token=None, **fields)  # another person's token: ignored
    sub_items = sorted(sub_items, key=lambda item: (item.order, item.pk))
    _add_sub_items(submission, sub_items)  # a new paper has none: no need to read them first
    history = History()
    history.event(submission, "created", actor=by)
    history.audit(by, "submission.created", submission)
    if cosponsors:
        history.write()  # the invitations' events come after the creation's
    invitations = [invite_cosponsor(submission=submission, delegation=cosponsor, by=by) for cosponsor in cosponsors]
    if file is not None:
        # The row was made in this transaction, so nobody else can hold it, and its first file is revision 1.
        _check_revisable(submission, by)
        _store_version(
            submission=submission,
            by=by,
            file=file,
            language=original_language,
            note=file_note,
            revision=1,
            history=history,
            counted=True,
        )
    history.write()
    _remember_links(submission, sub_items=sub_items, cosponsorships=invitations)
    return submission


def _remember_links(submission: Submission, *, sub_items: list, cosponsorships: list) -> None:
    """Keep on a new paper what was linked to it, for a submit in the same transaction (the form's
    "Submit now"): until that transaction commits nobody else sees the paper, so only this code can
    change them, and the submit's notices need not read them again. Forgotten at the commit, and by
    every service that changes them (_forget_links)."""
    links = {
        "sub_items": sub_items,
        "cosponsorships": sorted(cosponsorships, key=lambda c: (c.delegation.name, c.pk)),
    }
    submission.links_made_in_transaction = links
    transaction.on_commit(links.clear)


def _links_made_in_transaction(submission: Submission) -> dict:
    return getattr(submission, "links_made_in_transaction", None) or {}


def _forget_links(submission: Submission) -> None:
    submission.__dict__.pop("links_made_in_transaction", None)


@transaction.atomic
def update_draft(*, submission: Submission, by, sub_items=None, **fields) -> Submission:
    require(by, "submissions.edit_draft", submission)
    allowed = {"title", "summary", "kind", "session", "original_language"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(submission, name, value.strip() if isinstance(value, str) else value)
    submission.save()
    if sub_items is not None:
        _forget_links(submission)
        submission.sub_items.set(sub_items)
    signals.submission_changed.send(Submission, submission=submission)
    record_event(submission, "edited", actor=by)
    audit(by, "submission.edited", submission, fields=sorted(fields))
    return submission


@transaction.atomic
def add_version(
    *,
    submission: Submission,
    by,
    file,
    language: str,
    note: str = "",
    form_token=None,
    translation_of: int | None = None,
) -> Version:
    """Keep an uploaded file as the submission's next version and queue its indexing.

    The file starts the paper's next revision, or, with `translation_of`, is the text of an
    existing revision in another language.

    The lock on the submission serialises uploads, so a form posted twice (same token)
    finds the version its first post made instead of adding another.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if form_token and (existing := Version.objects.filter(form_token=form_token).first()):
        if existing.submission_id == submission.pk and existing.uploaded_by_id == by.pk:
            return existing
        form_token = None  # another person's token: it neither finds their upload nor blocks this one
    _check_revisable(submission, by)
    revision = language_slot(submission, language=language, translation_of=translation_of)
    return _store_version(
        submission=submission, by=by, file=file, language=language, note=note, revision=revision, form_token=form_token
    )


def _check_revisable(submission: Submission, by) -> None:
    # The Secretariat attaches the file of a paper it received by email and is recording (in the rule).
    if not rules.has_perm("submissions.revise_submission", by, submission):
        if rules.has_perm("submissions.edit_submission", by, submission):
            raise SubmissionError(
                _("This submission can no longer be revised (it is %(status)s).")
                % {"status": submission.get_status_display().lower()}
            )
        raise PermissionDenied


def _store_version(
    *,
    submission: Submission,
    by,
    file,
    language: str,
    note: str,
    revision: int,
    form_token=None,
    history: History | None = None,
    counted: bool = False,
) -> Version:
    """Store the file as the paper's next version, in `revision`; the caller holds the paper's row
    and has checked that this person may revise it. With `history`, its event and audit entry are
    left to the caller to write. `counted`: the paper's row, just written, counts this file already."""
    own_history = history is None
    history = History() if own_history else history
    # Checked already by the form's field (PaperFileField) when the file came through one.
    info = getattr(file, "inspected", None) or inspect_upload(file)
    number = submission.version_count + (0 if counted else 1)
    version = Version(
        submission=submission,
        number=number,
        revision=revision,
        original_name=(getattr(file, "name", "") or f"paper{info.content_type}")[-255:],
        size=info.size,
        sha256=info.sha256,
        content_type=info.content_type,
        language=language,
        note=note.strip(),
        uploaded_by=by,
        form_token=form_token,
    )
    version.file.save(version.original_name, file, save=False)
    version.save()
    revised = not submission.is_draft
    if not counted:
        submission.version_count = number
        if submission.status == Submission.Status.QUESTIONS_SENT:
            submission.status = Submission.Status.REVISED
        submission.save(update_fields=["version_count", "status", "updated_at"])
    history.event(
        submission,
        "version_uploaded",
        actor=by,
        comment=version.note,
        number=number,
        revision=revision,
        language=version.get_language_display(),
    )
    history.audit(
        by,
        "version.uploaded",
        version,
        submission=submission.reference or str(submission.public_id),
        sha256=info.sha256,
    )
    if own_history:
        history.write()
    signals.version_stored.send(Version, version=version)
    if revised:
        notify("version.uploaded", submission=submission, version=version, actor=by)
    return version


def language_slot(submission: Submission, *, language: str, translation_of: int | None) -> int:
    """The revision a new file goes to: the next one, or the revision it translates."""
    revisions = dict.fromkeys(submission.versions.values_list("revision", flat=True).order_by("revision"))
    if translation_of is None:
        return max(revisions, default=0) + 1
    if translation_of not in revisions:
        raise SubmissionError(_("There is no revision %(revision)s to translate.") % {"revision": translation_of})
    if submission.versions.filter(revision=translation_of, language=language).exists():
        raise SubmissionError(
            _("Revision %(revision)s already has its %(language)s text; upload a new revision instead.")
            % {"revision": translation_of, "language": dict(UN_LANGUAGES).get(language, language)}
        )
    return translation_of


@transaction.atomic
def submit_submission(*, submission: Submission, by, received_at=None) -> Submission:
    """Submit a draft: check the deadline, give it its reference, tell everyone concerned.

    `received_at` is for a paper the Secretariat received by email and records on the
    delegation's behalf: the deadline applies to the day it arrived.
    """
    given = submission
    extensions = getattr(given.session, "extended_until", None)
    if _links_made_in_transaction(given) and extensions is not None:
        # Made in this transaction (the form's "Submit now"): nobody else sees the paper yet, so it
        # is as this code left it and needs no lock, and its session is one of the kept list
        # (agenda.selectors.current_sessions), with its body and the deadline extensions.
        submission.extended_deadline = extensions.get(submission.delegation_id)
    else:
        submission = (
            Submission.objects.select_for_update()
            .select_related("session__body", "delegation")
            .annotate(
                extended_deadline=Subquery(
                    DeadlineExtension.objects.filter(
                        session=OuterRef("session_id"), delegation=OuterRef("delegation_id")
                    )
                    .order_by("-deadline")
                    .values("deadline")[:1]
                )
            )
            .get(pk=submission.pk)
        )
    if not submission.is_draft and rules.has_perm("submissions.edit_submission", by, submission):
        return submission  # submitted already (a second click): nothing to do
    require(by, "submissions.submit_submission", submission)
    on_behalf = received_at is not None and not rules.has_perm("submissions.edit_submission", by, submission)
    if not submission.version_count:  # kept with the versions by _store_version, read with the row
        raise SubmissionError(_("Upload the file of your paper before submitting it."))
    check_deadline(submission, now=received_at)
    now = received_at or timezone.now()
    submission.reference = allocate_submission_reference(submission, now=now)
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = now
    submission.submitted_by = by
    submission.save(update_fields=["reference", "status", "submitted_at", "submitted_by", "updated_at"])
    history = History()
    history.event(submission, "submitted", actor=by, reference=submission.reference)
    if on_behalf:
        history.event(submission, "recorded_from_email", actor=by, received=f"{received_at:%Y-%m-%d}")
    history.audit(by, "submission.submitted", submission, reference=submission.reference)
    history.write()
    # Read once (or not at all for a paper this transaction made): the receipt lists them, and the
    # invited ones are told now.
    links = _links_made_in_transaction(given)
    cosponsorships = links.get("cosponsorships")
    if cosponsorships is None:
        cosponsorships = list(submission.cosponsorships.select_related("delegation").order_by("delegation__name"))
    notify(
        "submission.received",
        submission=submission,
        cosponsorships=cosponsorships,
        sub_items=links.get("sub_items"),
        actor=by,
    )
    invited = [c for c in cosponsorships if c.status == CoSponsorship.Status.INVITED]
    for invitation in sorted(invited, key=lambda c: (c.invited_at, c.pk)):
        notify(
            "cosponsor.invited",
            submission=submission,
            cosponsorship=invitation,
            cosponsorships=cosponsorships,
            actor=by,
        )
    return submission


def allocate_submission_reference(submission: Submission, *, now) -> str:
    """A receipt number such as OEWG-2026-0042: per body and year, never reused.

    The year is that in which the paper was received, in the sessions' time zone (not UTC, and not
    the zone of the person who happens to record it): a paper received on 31 December in New York
    is numbered in that year.
    """
    received = timezone.localtime(now, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    prefix = f"{submission.session.body.short_name}-{received:%Y}"
    return f"{prefix}-{next_number(f'submission:{prefix}'):04d}"


@transaction.atomic
def discard_draft(*, submission: Submission, by) -> None:
    """Delete a draft that was never submitted, with its files: nobody outside its delegation saw it."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    require(by, "submissions.delete_draft", submission)
    files = list(submission.versions.values_list("file", flat=True))
    signals.versions_deleted.send(Version, version_ids=submission.versions.values_list("pk", flat=True))
    audit(by, "submission.discarded", submission, title=submission.title, files=len(files))
    submission.delete()
    storage = Version._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files if name])


@transaction.atomic
def record_emailed_paper(*, by, delegation, received_at, file, title: str, session, sub_items, **fields) -> Submission:
    """The Secretariat records a paper a delegation sent by email; it then follows the usual path."""
    require(by, "submissions.record_emailed_paper")
    # Checked before anything is stored: a file written to storage is not rolled back with the rows.
    check_deadline(Submission(session=session, delegation=delegation), now=received_at)
    cosponsors = fields.pop("cosponsors", ())
    submission = create_submission(
        by=by, delegation=delegation, title=title, session=session, sub_items=sub_items, file=file, **fields
    )
    if cosponsors:
        _forget_links(submission)
    for cosponsor in cosponsors:
        CoSponsorship.objects.get_or_create(submission=submission, delegation=cosponsor, defaults={"invited_by": by})
    return submit_submission(submission=submission, by=by, received_at=received_at)


@transaction.atomic
def withdraw_submission(*, submission: Submission, by, reason: str = "") -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not rules.has_perm("submissions.withdraw_submission", by, submission):
        if submission.is_withdrawn and rules.has_perm("submissions.view_submission", by, submission):
            return submission  # withdrawn already (a second click)
        raise PermissionDenied
    old = submission.get_status_display()
    submission.status = Submission.Status.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.withdrawn_by = by
    submission.withdrawal_reason = reason.strip()
    submission.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    record_event(submission, "withdrawn", actor=by, comment=submission.withdrawal_reason, old=old)
    audit(by, "submission.withdrawn", submission, reason=submission.withdrawal_reason)
    if submission.reference:
        notify("submission.withdrawn", submission=submission, actor=by)
    return submission


@transaction.atomic
def invite_cosponsor(*, submission: Submission, delegation, by) -> CoSponsorship:
    require(by, "submissions.invite_cosponsor", submission)
    if delegation.pk == submission.delegation_id:
        raise SubmissionError(_("A delegation cannot co-sponsor its own submission."))
    _forget_links(submission)
    invitation, created = CoSponsorship.objects.get_or_create(
        submission=submission, delegation=delegation, defaults={"invited_by": by}
    )
    if not created:
        if invitation.status != CoSponsorship.Status.DECLINED:
            return invitation  # already invited or co-sponsoring
        invitation.status = CoSponsorship.Status.INVITED
        invitation.invited_by = by
        invitation.invited_at = timezone.now()
        invitation.responded_by = invitation.responded_at = None
        invitation.save()
    record_event(submission, "cosponsor_invited", actor=by, delegation=delegation.name)
    audit(by, "cosponsor.invited", submission, delegation=delegation.name)
    if not submission.is_draft:
        notify("cosponsor.invited", submission=submission, cosponsorship=invitation, actor=by)
    return invitation


@transaction.atomic
def cancel_invitation(*, invitation: CoSponsorship, by) -> None:
    submission = invitation.submission
    require(by, "submissions.edit_submission", submission)
    _forget_links(submission)
    if invitation.status == CoSponsorship.Status.ACCEPTED:
        raise SubmissionError(
            _("%(delegation)s already co-sponsors this submission.") % {"delegation": invitation.delegation}
        )
    record_event(submission, "cosponsor_cancelled", actor=by, delegation=invitation.delegation.name)
    audit(by, "cosponsor.cancelled", submission, delegation=invitation.delegation.name)
    invitation.delete()


@transaction.atomic
def respond_to_invitation(*, invitation: CoSponsorship, by, accept: bool) -> CoSponsorship:
    invitation = (
        CoSponsorship.objects.select_for_update().select_related("submission", "delegation").get(pk=invitation.pk)
    )
    require(by, "submissions.respond_to_invitation", invitation)
    wanted = CoSponsorship.Status.ACCEPTED if accept else CoSponsorship.Status.DECLINED
    if invitation.status == wanted:
        return invitation  # the same answer twice
    if invitation.status != CoSponsorship.Status.INVITED:
        raise SubmissionError(_("Your delegation has already answered this invitation."))
    if invitation.submission.is_withdrawn:
        raise SubmissionError(_("This submission has been withdrawn."))
    invitation.status = wanted
    invitation.responded_by = by
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_by", "responded_at"])
    kind = "cosponsor_accepted" if accept else "cosponsor_declined"
    record_event(invitation.submission, kind, actor=by, delegation=invitation.delegation.name)
    audit(
        by,
        f"cosponsor.{'accepted' if accept else 'declined'}",
        invitation.submission,
        delegation=invitation.delegation.name,
    )
    notify(
        f"cosponsor.{'accepted' if accept else 'declined'}",
        submission=invitation.submission,
        cosponsorship=invitation,
        actor=by,
    )
    return invitation
