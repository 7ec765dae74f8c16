"""Internal notes of the Chair's team and the Secretariat on a paper; delegations never see them."""

import rules
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit
from submissions.models import Submission
from submissions.services import record_event

from .models import Note
from .workflow import ReviewError, TransitionNotAllowed


@transaction.atomic
def add_note(*, submission: Submission, by, text: str) -> Note:
    if submission.is_draft:
        raise ReviewError(_("A draft is its delegation's alone; notes are written once it is submitted."))
    if not rules.has_perm("review.add_note", by, submission):
        raise TransitionNotAllowed(_("Only the Chair's team and the Secretariat write internal notes."))
    text = (text or "").strip()
    if not text:
        raise ReviewError(_("Write the note."))
    note = Note.objects.create(submission=submission, author=by, text=text)
    record_event(submission, "note_added", actor=by, internal=True, note=note.pk)
    audit(by, "note.added", submission, note=note.pk)
    return note
