"""The written inputs of a consultation as CSV (one row per input) and DOCX (one chapter per question)."""

import csv
import io

from django.utils.translation import gettext as _

from portal.time_format import when


def inputs_csv(consultation, inputs) -> str:
    questions = list(consultation.questions.all())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("Organisation"), _("Country"), _("Submitted"), _("File")] + [f"{q.number}. {q.text}" for q in questions]
    )
    for written in inputs:
        answers = {a.question_id: a.text for a in written.answers.all()}
        country = organisation_country(written.organisation)
        writer.writerow(
            [written.organisation.name, country, when(written.submitted_at), written.file_name]
            + [_safe(answers.get(q.pk, "")) for q in questions]
        )
    return out.getvalue()


def organisation_country(organisation) -> str:
    accreditation = getattr(organisation, "accreditation", None)
    return accreditation.country.localized_name if accreditation else ""


def _safe(text: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def inputs_docx(consultation, rows) -> bytes:
    """rows: selectors.side_by_side — a chapter per guiding question, each organisation's answer under it."""
    from docx import Document

    document = Document()
    document.core_properties.title = consultation.title
    document.add_heading(consultation.title, level=0)
    document.add_paragraph(
        f"{consultation.sub_item} · {when(consultation.held_at)} · {consultation.get_format_display()}"
    )
    document.add_paragraph(consultation.introduction)
    for question, answers in rows:
        document.add_page_break()
        document.add_heading(_("Question %(number)s") % {"number": question.number}, level=1)
        document.add_paragraph(question.text, style="Intense Quote")
        for written, text in answers:
            document.add_heading(written.organisation.name, level=2)
            document.add_paragraph(text or _("No answer to this question."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
