"""The review queue: the list every reviewer starts the day with, its exports and bulk actions."""

import re

from django.contrib import messages
from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import permission_required
from common.redirects import next_url
from submissions.models import Submission

from .. import assignment, bulk, export, selectors
from ..assignment import AssignmentError
from ..queue_forms import REVIEWABLE_STATUSES, BulkActionForm, QueueFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Names the cookie that tells the queue page its export has arrived.
DOWNLOAD_TOKEN = re.compile(r"[A-Za-z0-9]{8,40}")


@permission_required("review.view_queue")
@require_GET
def queue(request):
    form = QueueFilterForm(request.GET or None)
    params = form.params()
    board = selectors.dashboard(request.user, params, page_number=request.GET.get("page") or 1)
    link = export.link_maker(absolute=False)
    # Labels once per page, not once per row (each get_FOO_display() translates every choice).
    kinds = {value: str(label) for value, label in Submission.Kind.choices}
    statuses = {value: str(label) for value, label in Submission.Status.choices}
    for submission in board.page.object_list:
        submission.detail_url = link(submission.public_id)
        submission.kind_label = kinds.get(submission.kind, submission.kind)
        submission.status_label = statuses.get(submission.status, submission.status)
        if submission.pages:
            submission.pages_label = ngettext("%(n)d page", "%(n)d pages", submission.pages) % {"n": submission.pages}
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "params": params,
            "board": board,
            "page": board.page,
            "chart": chart_data(board, params),
            "status_cards": [(value, label, board.status_counts.get(value, 0)) for value, label in REVIEWABLE_STATUSES],
            "page_range": board.page.paginator.get_elided_page_range(board.page.number, on_each_side=2, on_ends=1),
            "bulk_form": BulkActionForm(reviewer_choices=form.reviewer_choices),
            "sort": params.get("sort") or selectors.DEFAULT_SORT,
            "nav": "review",
        },
    )


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
        messages.error(request, str(error))
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
