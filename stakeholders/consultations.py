"""The Chair's informal consultations: creating one, registering, answering, publishing. One function each."""

import logging
import os
import tempfile

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.refusals import reason_for
from audit.services import audit
from common.errors import Conflict, NotAllowed
from notifications.services import notify

from .models import Answer, Consultation, GuidingQuestion, Participation, WrittenInput

logger = logging.getLogger(__name__)


def _require(by, perm: str, obj=None) -> None:
    if not rules.has_perm(perm, by, obj):
        raise NotAllowed(reason_for(perm) or _("You may not do this."))


@transaction.atomic
def create_consultation(*, by, questions: list[str], **fields) -> Consultation:
    """The Chair's team opens a consultation; the organisations that may take part are invited."""
    _require(by, "stakeholders.manage_consultations")
    consultation = Consultation.objects.create(created_by=by, **fields)
    GuidingQuestion.objects.bulk_create(
        GuidingQuestion(consultation=consultation, number=n, text=text) for n, text in enumerate(questions, 1)
    )
    audit(by, "consultations.created", consultation, questions=len(questions))
    notify("consultations.opened", consultation=consultation)
    return consultation


def _check_open(consultation: Consultation, by) -> None:
    _require(by, "stakeholders.take_part", consultation)
    if not consultation.is_open:
        raise Conflict(_("The deadline of this consultation has passed."))


@transaction.atomic
def register(*, consultation: Consultation, by) -> Participation:
    _check_open(consultation, by)
    participation, created = Participation.objects.get_or_create(
        consultation=consultation, organisation=by.delegation, defaults={"registered_by": by}
    )
    if created:
        audit(by, "consultations.registered", consultation, organisation=by.delegation.name)
        notify("consultations.registered", consultation=consultation, organisation=by.delegation)
    return participation


@transaction.atomic
def submit_input(*, consultation: Consultation, by, answers: dict[int, str], upload=None) -> WrittenInput:
    """An answer per guiding question and optionally a file; sent again before the deadline, it replaces the first."""
    _check_open(consultation, by)
    organisation = by.delegation
    Participation.objects.get_or_create(
        consultation=consultation, organisation=organisation, defaults={"registered_by": by}
    )
    written, created = WrittenInput.objects.select_for_update(of=("self",)).get_or_create(
        consultation=consultation, organisation=organisation, defaults={"submitted_by": by}
    )
    questions = {q.pk: q for q in consultation.questions.all()}
    for question_id, text in answers.items():
        if question_id in questions:
            Answer.objects.update_or_create(
                written_input=written, question=questions[question_id], defaults={"text": text}
            )
    written.submitted_by = by
    written.submitted_at = timezone.now()
    fields = ["submitted_by", "submitted_at", "search_text"]
    if upload is not None:
        written.file.save(f"input-{written.public_id}", upload, save=False)
        written.file_name = os.path.basename(upload.name)[:255]
        written.content_type = upload.inspected.content_type
        fields += ["file", "file_name", "content_type"]
    written.search_text = _answers_text(written)
    written.save(update_fields=fields)
    audit(by, "consultations.input_submitted", consultation, organisation=organisation.name, replaced=not created)
    notify("consultations.input_submitted", consultation=consultation, organisation=organisation)
    if upload is not None:
        from .tasks import index_written_input

        transaction.on_commit(lambda: index_written_input.delay(written.pk))
    return written


def _answers_text(written: WrittenInput) -> str:
    return "\n".join(a.text for a in written.answers.all()).lower()


def index_file(*, written_input_id: int) -> None:
    """Add the file's text to what the search reads (the answers are there at once)."""
    from indexing.extractors import ExtractionFailed, extract

    written = WrittenInput.objects.filter(pk=written_input_id).first()
    if written is None or not written.file:
        return
    with tempfile.NamedTemporaryFile() as local:
        with written.file.open("rb") as stored:
            for chunk in iter(lambda: stored.read(1 << 20), b""):
                local.write(chunk)
        local.flush()
        try:
            text = extract(local.name, written.content_type).text
        except ExtractionFailed:
            logger.info("No text from the file of written input %s", written.pk)
            text = ""
    WrittenInput.objects.filter(pk=written.pk).update(search_text=_answers_text(written) + "\n" + text.lower())


@transaction.atomic
def publish_inputs(*, consultation: Consultation, by) -> Consultation:
    """The working group posts the written inputs on its webpage: the public page shows them from now on."""
    _require(by, "stakeholders.manage_consultations")
    consultation = Consultation.objects.select_for_update(of=("self",)).get(pk=consultation.pk)
    if consultation.inputs_published_at:
        raise Conflict(_("The written inputs of this consultation are already published."))
    if not consultation.inputs.exists():
        raise Conflict(_("There is no written input to publish yet."))
    consultation.inputs_published_at = timezone.now()
    consultation.save(update_fields=["inputs_published_at"])
    audit(by, "consultations.inputs_published", consultation, inputs=consultation.inputs.count())
    notify("consultations.inputs_published", consultation=consultation)
    return consultation
