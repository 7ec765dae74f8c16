"""The audit log: every action by every person, read-only, filterable."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.decorators import permission_required

from ..forms import AuditFilterForm
from ..selectors_workflow import audit_actions, audit_entries

PAGE_SIZE = 50


@permission_required("review.view_audit_log")
@require_safe
def audit_log(request):
    form = AuditFilterForm(request.GET or None, actions=audit_actions(request.user))
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor": data["actor"],
            "action": data["action"],
            "object_query": data["object"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    page = Paginator(audit_entries(user=request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "nav": "review"},
    )
