"""Building a compendium, sub-item by sub-item: what the Celery task runs.

Each step reads one sub-item's papers, finds their proposals (the first build only; later builds
use the ones the team ticked) and hands the chapter to the three writers; between steps it writes
the progress and looks at the cancel flag. A failure is stored in words on the row. A run that a
worker lost is delivered again and starts over: the proposals of an unfinished first build are
found again.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from agenda.models import Session
from submissions.models import UN_LANGUAGES, Submission

from . import selectors
from .documents import AnnexGroup, TitlePage, labels
from .documents.csv import CsvWriter
from .documents.docx import DocxWriter
from .documents.pdf import FontsMissing, PdfWriter
from .models import Compendium, Proposal
from .proposals import find_proposals

logger = logging.getLogger(__name__)

FILES_STEP = "files"


class Cancelled(Exception):
    pass


def document_language(compendium: Compendium) -> str:
    """The language of the documents' headings: the chosen one, else that of the person who started it."""
    language = compendium.choices.get("language") or compendium.choices.get("interface_language") or "en"
    return "zh-hans" if language == "zh" else language


def _update(compendium: Compendium, **fields) -> None:
    # Never a save(): that would overwrite the cancel flag the team may have set meanwhile.
    Compendium.objects.filter(pk=compendium.pk).update(**fields)


def _check_cancel(compendium: Compendium) -> None:
    if Compendium.objects.filter(pk=compendium.pk, cancel_requested=True).exists():
        raise Cancelled


def _title_page(compendium: Compendium) -> TitlePage:
    choices = compendium.choices
    words = labels()
    sessions = list(Session.objects.filter(pk__in=choices.get("sessions", [])).select_related("body"))
    sessions.sort(key=lambda s: s.start_date)
    kinds = dict(Submission.Kind.choices)
    statuses = dict(Submission.Status.choices)
    languages = dict(UN_LANGUAGES)
    return TitlePage(
        title=compendium.title or words["title"],
        body=sessions[0].body.localized_name if sessions else "",
        sessions=[s.localized_title for s in sessions],
        sub_items=choices.get("sub_item_codes", []),
        made_by=compendium.created_by.full_name or compendium.created_by.email,
        made_on=formats.date_format(timezone.localtime(compendium.created_at), "DATETIME_FORMAT"),
        choices=[
            (_("Kinds of paper"), ", ".join(str(kinds.get(k, k)) for k in choices.get("kinds", [])) or _("every kind")),
            (_("Statuses"), ", ".join(str(statuses.get(s, s)) for s in choices.get("statuses", []))),
            (
                _("Language"),
                str(languages.get(choices.get("language"), "")) or _("each paper in its original language"),
            ),
            (_("Full texts"), _("included") if choices.get("full_text") else _("not included")),
        ],
    )


def _proposals_for(compendium: Compendium, sub_item, chapter, texts: dict, found_before: dict) -> None:
    """Attach to each paper of the chapter the proposals that go into the documents."""
    if compendium.proposals_found:
        for paper in chapter.papers:
            rows = found_before.get((sub_item.pk, paper.pk), [])
            paper.proposals = [p for p in rows if p.included]
        return
    rows = []
    for paper in chapter.papers:
        found = find_proposals(paper.summary, texts.get(paper.pk, ""))
        paper.proposals = [
            Proposal(
                compendium=compendium,
                submission_id=paper.pk,
                sub_item=sub_item,
                position=item.position,
                text=item.text,
                cue=item.cue,
                language=item.language,
            )
            for item in found
        ]
        rows.extend(paper.proposals)
    Proposal.objects.bulk_create(rows, batch_size=500)


def _build(compendium: Compendium) -> dict:
    """The three documents as bytes, and the number of papers."""
    with_text = bool(compendium.choices.get("full_text"))
    sub_items = selectors.sub_items_of(compendium)
    writers = {"docx": DocxWriter(with_text=with_text), "pdf": PdfWriter(with_text=with_text), "csv": CsvWriter()}
    page = _title_page(compendium)
    headings = [f"{item.code} {item.localized_title}" for item in sub_items] + [labels()["annex"]]
    for writer in writers.values():
        writer.title_page(page)
        writer.contents(headings)
    if compendium.proposals_found:
        found_before = selectors.proposals_by_place(compendium)
    else:
        # A first build delivered again after its worker died: its half-found proposals go.
        compendium.proposals.all().delete()
        found_before = {}
    annex: dict[int, selectors.PaperEntry] = {}
    for index, sub_item in enumerate(sub_items):
        _check_cancel(compendium)
        _update(compendium, steps_done=index, current_step=sub_item.code)
        chapter, texts = selectors.chapter(compendium, sub_item, with_text=with_text)
        _proposals_for(compendium, sub_item, chapter, texts, found_before)
        for writer in writers.values():
            writer.chapter(chapter)
        for paper in chapter.papers:
            paper.text = ""  # printed; the annex needs only the metadata
            annex.setdefault(paper.pk, paper)
    _check_cancel(compendium)
    _update(compendium, steps_done=len(sub_items), current_step=FILES_STEP)
    groups: dict[str, list] = {}
    for paper in annex.values():
        groups.setdefault(paper.delegation, []).append(paper)
    annex_groups = [AnnexGroup(delegation=name, papers=groups[name]) for name in sorted(groups, key=str.casefold)]
    for writer in writers.values():
        writer.annex(annex_groups)
    result = {name: writer.finish() for name, writer in writers.items()}
    result["paper_count"] = len(annex)
    return result


def _save_files(compendium: Compendium, result: dict) -> None:
    old = [(f.storage, f.name) for f in (compendium.docx, compendium.pdf, compendium.csv) if f]
    for name in ("docx", "pdf", "csv"):
        getattr(compendium, name).save(f"compendium-{compendium.pk}.{name}", ContentFile(result[name]), save=False)
    with transaction.atomic():
        _check_cancel(compendium)
        _update(
            compendium,
            state=Compendium.State.READY,
            steps_done=compendium.steps_total,
            current_step="",
            proposals_found=True,
            ticks_pending=False,
            paper_count=result["paper_count"],
            finished_at=timezone.now(),
            docx=compendium.docx.name,
            pdf=compendium.pdf.name,
            csv=compendium.csv.name,
        )
    new = {compendium.docx.name, compendium.pdf.name, compendium.csv.name}
    for storage, name in old:
        if name not in new:
            storage.delete(name)


def run_build(compendium_id: int) -> str:
    """Build one compendium; returns its final state. Called by compendium.tasks.build_compendium."""
    compendium = Compendium.objects.select_related("created_by").filter(pk=compendium_id).first()
    if compendium is None or not compendium.is_running:
        return "skipped"
    if compendium.cancel_requested:
        _update(compendium, state=Compendium.State.CANCELLED, finished_at=timezone.now())
        return Compendium.State.CANCELLED
    steps_total = len(compendium.choices.get("sub_items", [])) + 1
    compendium.steps_total = steps_total
    _update(
        compendium,
        state=Compendium.State.BUILDING,
        started_at=timezone.now(),
        steps_done=0,
        steps_total=steps_total,
        failure_reason="",
    )
    step = ""
    try:
        with translation.override(document_language(compendium)):
            result = _build(compendium)
            step = FILES_STEP
            _save_files(compendium, result)
    except Cancelled:
        _update(compendium, state=Compendium.State.CANCELLED, current_step="", finished_at=timezone.now())
        return Compendium.State.CANCELLED
    except FontsMissing as error:
        _fail(compendium, str(error))
        return Compendium.State.FAILED
    except Exception as error:  # stored for the team in words; the details go to the log
        logger.exception("compendium %s: the build failed", compendium.pk)
        step = Compendium.objects.filter(pk=compendium.pk).values_list("current_step", flat=True).first() or step
        _fail(compendium, failure_message(step, error))
        return Compendium.State.FAILED
    return Compendium.State.READY


def failure_message(step: str, error: BaseException) -> str:
    detail = str(error) or type(error).__name__
    if step == FILES_STEP:
        return _("The documents could not be written: %(error)s") % {"error": detail}
    if step:
        return _("The papers of sub-item %(code)s could not be read: %(error)s") % {"code": step, "error": detail}
    return _("The compendium could not be started: %(error)s") % {"error": detail}


def _fail(compendium: Compendium, reason: str) -> None:
    _update(compendium, state=Compendium.State.FAILED, failure_reason=reason[:1000], finished_at=timezone.now())
