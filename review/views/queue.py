"""The review queue: the list every reviewer starts the day with, its exports and bulk actions."""

import re
from html import escape  # Django's escape without its lazy-string wrapper: some 1,000 calls a page

from django.contrib import messages
from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import permission_required
from common.errors import show_refusal
from common.redirects import next_url
from indexing import search
from portal.bidi import ltr
from submissions.models import Submission

from .. import assignment, bulk, export, queue_cache, selectors
from ..assignment import AssignmentError
from ..queue_forms import REVIEWABLE_STATUSES, BulkActionForm, QueueFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Names the cookie that tells the queue page its export has arrived.
DOWNLOAD_TOKEN = re.compile(r"[A-Za-z0-9]{8,40}")


@permission_required("review.view_queue")
@require_GET
def queue(request):
    # The page but its navigation and CSRF token is kept until what it shows changes: review.queue_cache.
    # The key names the reader ("me" in the rows, the "assigned to me" filter), the language, the
    # time zone (months are counted in the reader's zone) and the whole query string (the page's
    # links keep every parameter).
    key = queue_cache.key(
        "page",
        request.user.pk,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        sorted(request.GET.lists()),
        names=(queue_cache.ROWS, queue_cache.COUNTS),
    )
    parts = queue_cache.remember(key, lambda: queue_parts(request))
    return render(request, "review/queue.html", {"parts": parts, "nav": "review"})


def queue_parts(request) -> dict[str, str]:
    """The queue's markup, read in full: the counts and chart with the filters, the table, the pages.

    The counts read every submitted paper (some 15 ms of PostgreSQL at 20,000 papers; kept on
    their own until a count may change, review.selectors.counts), and the rows, filter lists and
    markup as much of Python: kept, a page costs neither.
    """
    form = QueueFilterForm(request.GET or None)
    params = form.params()
    board = selectors.dashboard(request.user, params, page_number=request.GET.get("page") or 1)
    chart = chart_data(board, params)
    context = {
        "form": form,
        "params": params,
        "board": board,
        "page": board.page,
        "chart": chart,
        # The chart's table, with the labels the chart has already formatted (four years are
        # some fifty months: formatting each twice was a tenth of the template's time).
        "month_rows": list(zip(chart["months"]["labels"], chart["months"]["counts"], strict=True)),
        "search_cap": search.MATCH_CAP,
        "status_cards": [(value, label, board.status_counts.get(value, 0)) for value, label in REVIEWABLE_STATUSES],
        "page_range": board.page.paginator.get_elided_page_range(board.page.number, on_each_side=2, on_ends=1),
        "bulk_form": BulkActionForm(reviewer_choices=form.reviewer_choices),
        "sort": params.get("sort") or selectors.DEFAULT_SORT,
        "rows": rows_html(board.page.object_list, request.user),
    }
    return {
        part: render_to_string(f"review/_queue_{part}.html", context, request) for part in ("head", "table", "pages")
    }


def rows_html(rows, user) -> SafeString:
    """The table's rows, written here rather than in the template.

    Fifty rows of a dozen cells each are some 1,500 template variables, 500 conditions and
    150 loops: the template engine spent more time on them than everything else of the
    page together (see docs/PERFORMANCE.md). Built here, every value is escaped once, every
    label translated once per page. Keep the markup in step with the table head in
    review/queue.html (the data-label and stack-* classes lay a row out as a card on phones).
    """
    link = export.link_maker(absolute=False)
    # Labels once per page, not once per row (each get_FOO_display() translates every choice).
    kinds = {value: str(label) for value, label in Submission.Kind.choices}
    statuses = {value: str(label) for value, label in Submission.Status.choices}
    label = {
        key: escape(text)
        for key, text in {
            "reference": _("Reference"),
            "delegation": _("Delegation"),
            "cosponsors": _("Co-sponsors"),
            "sub_items": _("Sub-items"),
            "languages": _("Languages"),
            "assigned": _("Assigned"),
            "submitted": _("Submitted"),
            "failed": _("Text extraction failed"),
            "questions": _("open questions"),
            "me": _("me"),
        }.items()
    }
    none = '<span class="text-body-secondary">—</span>'
    out = []
    for row in rows:
        pid = row.public_id
        title_line = f"{escape(kinds.get(row.kind, row.kind))} · {escape(row.session.localized_title)}"
        if row.pages:
            title_line += " · " + escape(ngettext("%(n)d page", "%(n)d pages", row.pages) % {"n": row.pages})
        cosponsors = ", ".join(escape(d.display_name) for d in row.cosponsors) or none
        sub_items = "".join(
            f'<span class="badge text-bg-light border" title="{escape(item.localized_title)}">{ltr(item.code)}</span> '
            for item in row.sub_items
        )
        languages = (
            " ".join(f'<abbr class="lang-chip" title="{escape(c)}">{escape(c.upper())}</abbr>' for c in row.languages)
            or none
        )
        if row.indexing_state == "failed":
            languages += (
                f'<i class="bi bi-exclamation-triangle text-danger" title="{label["failed"]}" aria-hidden="true"></i>'
                f'<span class="visually-hidden">{label["failed"]}</span>'
            )
        questions = (
            f'<div class="small text-warning-emphasis"><i class="bi bi-chat-left-dots" aria-hidden="true"></i> '
            f"{label['questions']}</div>"
            if row.has_open_questions
            else ""
        )
        if not row.assigned_to:
            assigned = none
        elif row.assigned_to_id == user.pk:
            assigned = f"<strong>{label['me']}</strong>"
        else:
            assigned = escape(row.assigned_to)
        submitted = ""
        if row.submitted_at:
            local = timezone.localtime(row.submitted_at)
            submitted = f'<time datetime="{local.isoformat()}">{dateformat.format(local, "j M Y")}</time>'
        out.append(
            "<tr>"
            f'<td class="stack-select"><input class="form-check-input row-check" type="checkbox" name="selected" '
            f'value="{pid}" id="select-{pid}" aria-labelledby="title-{pid}"></td>'
            f'<td class="text-nowrap small" data-label="{label["reference"]}">{ltr(row.reference or "—")}</td>'
            f'<td class="stack-title"><a href="{escape(link(pid))}" id="title-{pid}">{escape(row.title)}</a>'
            f'<div class="small text-body-secondary">{title_line}</div></td>'
            f'<td data-label="{label["delegation"]}">{escape(row.delegation.display_name)}</td>'
            f'<td class="small" data-label="{label["cosponsors"]}">{cosponsors}</td>'
            f'<td data-label="{label["sub_items"]}">{sub_items}</td>'
            f'<td data-label="{label["languages"]}">{languages}</td>'
            f'<td class="stack-status"><span class="badge status-badge status-{escape(row.status)}">'
            f"{escape(statuses.get(row.status, row.status))}</span>{questions}</td>"
            f'<td class="small" data-label="{label["assigned"]}">{assigned}</td>'
            f'<td class="small text-nowrap" data-label="{label["submitted"]}">{submitted}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 (every value escaped above)


def chart_data(board: selectors.Dashboard, params: dict) -> dict:
    """What the two charts draw, embedded in the page with json_script."""
    return {
        "sub_items": {
            "labels": [item.code for item, _n in board.sub_item_counts],
            "titles": [item.localized_title for item, _n in board.sub_item_counts],
            "counts": [n for _item, n in board.sub_item_counts],
        },
        "selected": next((item.code for item, _n in board.sub_item_counts if item.pk == params.get("sub_item")), ""),
        "months": {
            "labels": [date_format(month, "YEAR_MONTH_FORMAT") for month, _n in board.month_counts],
            "counts": [n for _month, n in board.month_counts],
        },
    }


@permission_required("review.view_queue")
@require_GET
def export_view(request):
    """The current view of the queue (same filters and order), as CSV or as an Excel workbook."""
    file_format = request.GET.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        return HttpResponseBadRequest(_("Choose csv or xlsx."))
    params = QueueFilterForm(request.GET or None).params()
    response = export_response(selectors.for_export(request.user, params), file_format)
    token = request.GET.get("download_token", "")
    if DOWNLOAD_TOKEN.fullmatch(token):
        # The page that asked for the file shows "preparing…" until this cookie arrives with it.
        response.set_cookie(f"export_{token}", "done", max_age=120, samesite="Lax", secure=request.is_secure())
    return response


def export_response(queryset, file_format: str):
    if file_format == "xlsx":
        return FileResponse(
            export.xlsx_file(queryset), as_attachment=True, filename=export.filename("xlsx"), content_type=XLSX
        )
    response = StreamingHttpResponse(export.csv_stream(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename("csv")}"'
    return response


@permission_required("review.view_queue")
@require_POST
def bulk_action(request):
    """Assign, change the status of, or export the ticked submissions."""
    back = next_url(request, "review:queue")
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    selection = selectors.reviewable_submissions(request.user).filter(public_id__in=data["selected"])
    action = data["action"]
    if action in (form.EXPORT_CSV, form.EXPORT_XLSX):
        queryset = selection.order_by(*selectors.ordering(None))
        return export_response(queryset, "xlsx" if action == form.EXPORT_XLSX else "csv")
    if action == form.ASSIGN:
        assign_selection(request, selection, form.assignee())
    elif action == form.STATUS:
        change_selection_status(request, selection, data["to_status"], data.get("comment", ""))
    return redirect(back)


def assign_selection(request, selection, to) -> None:
    try:
        changed = assignment.assign(submissions=list(selection), to=to, by=request.user)
    except AssignmentError as error:
        show_refusal(request, error)
        return
    if to is None:
        text = ngettext("%(n)d submission unassigned.", "%(n)d submissions unassigned.", len(changed))
    else:
        text = ngettext(
            "%(n)d submission assigned to %(name)s.", "%(n)d submissions assigned to %(name)s.", len(changed)
        )
    messages.success(request, text % {"n": len(changed), "name": to})


def change_selection_status(request, selection, to: str, comment: str) -> None:
    outcome = bulk.change_status_of(submissions=list(selection.order_by("pk")), to=to, by=request.user, comment=comment)
    if outcome.changed:
        messages.success(
            request,
            ngettext("%(n)d submission changed status.", "%(n)d submissions changed status.", len(outcome.changed))
            % {"n": len(outcome.changed)},
        )
    # One message per reason, naming the papers it kept as they were.
    by_reason: dict[str, list[str]] = {}
    for submission, reason in outcome.refused:
        by_reason.setdefault(reason, []).append(submission.reference or submission.title)
    for reason, references in by_reason.items():
        messages.warning(
            request,
            _("Left as they were: %(references)s. %(reason)s")
            % {"references": ", ".join(references), "reason": reason},
        )
