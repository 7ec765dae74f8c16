"""The queue as a file a report writer opens: CSV, streamed, or an Excel workbook.

Both read the queryset in chunks of CHUNK rows (each chunk with its prefetches), so
memory stays flat however large the view. CSV is streamed as it is written. The
workbook is written synchronously in openpyxl's write-only mode to a temporary file:
20,000 rows take about two seconds (see docs/PERFORMANCE.md), shorter than a Celery
round trip plus a progress page would make the Secretariat wait, so no task is used.
"""

import csv
import datetime
import tempfile
import uuid
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import describe_row

CHUNK = 500
# A cell that starts with one of these is a formula to a spreadsheet: CSV cells get a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns() -> list[str]:
    return [
        _("Reference"),
        _("Title"),
        _("Delegation"),
        _("Co-sponsors"),
        _("Sub-items"),
        _("Kind"),
        _("Status"),
        _("Session"),
        _("Submitted"),
        _("Last updated"),
        _("Languages"),
        _("Pages"),
        _("Assigned to"),
        _("Link"),
    ]


def link_maker(*, absolute: bool = True):
    """A function from a submission to its (absolute) dashboard URL, reversing the route once."""
    placeholder = uuid.UUID(int=0)
    try:
        pattern = reverse("review:detail", args=[placeholder])
    except NoReverseMatch:
        pattern = reverse("submissions:detail", args=[placeholder])
    prefix, suffix = pattern.split(str(placeholder))
    site = settings.SITE_URL if absolute else ""
    return lambda submission: f"{site}{prefix}{submission.public_id}{suffix}"


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    # Excel has no time zones: the portal's local time, without tzinfo.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


def rows(queryset) -> Iterator[list]:
    """One list of values per submission, in the order of columns()."""
    link = link_maker()
    for submission in queryset.iterator(chunk_size=CHUNK):
        describe_row(submission)
        yield [
            submission.reference or "",
            submission.title,
            submission.delegation.name,
            "; ".join(c.delegation.name for c in submission.accepted_cosponsorships),
            ", ".join(item.code for item in submission.sub_items.all()),
            submission.get_kind_display(),
            submission.get_status_display(),
            submission.session.title,
            local(submission.submitted_at),
            local(submission.updated_at),
            ", ".join(code.upper() for code in submission.languages),
            submission.pages,
            str(submission.assigned_to) if submission.assigned_to_id else "",
            link(submission),
        ]


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def csv_stream(queryset) -> Iterable[str]:
    """The CSV text, line by line, with a byte-order mark so that Excel reads it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(columns())
    for values in rows(queryset):
        yield writer.writerow([csv_cell(value) for value in values])


def xlsx_file(queryset):
    """The workbook in a temporary file, rewound, ready to be sent."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Submissions")[:31])
    widths = [18, 60, 28, 40, 14, 18, 16, 30, 17, 17, 12, 8, 24, 60]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in columns():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows(queryset):
        line = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # A title such as "=HYPERLINK(…)" stays text, never a formula.
                cell.data_type = "s"
            elif isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            line.append(cell)
        sheet.append(line)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(output)
    output.seek(0)
    return output


def filename(extension: str) -> str:
    return f"oewg-submissions-{timezone.localtime():%Y-%m-%d-%H%M}.{extension}"
