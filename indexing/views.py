from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from common.redirects import next_url
from submissions.models import Submission, Version

from . import search, selectors, services

PER_PAGE = 20
MAX_PAGE = 50


@permission_required("indexing.search_submissions")
def search_page(request):
    query = request.GET.get("q", "").strip()[:200]
    try:
        page_number = min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except ValueError:
        page_number = 1
    results = page = None
    if query:
        results = search.search(
            query,
            submissions=Submission.objects.visible_to(request.user),
            limit=PER_PAGE,
            offset=(page_number - 1) * PER_PAGE,
        )
        # A paginator over the total, for the page links; the hits are this page's already.
        page = Paginator(range(min(results.total, PER_PAGE * MAX_PAGE)), PER_PAGE).get_page(page_number)
    return render(request, "indexing/search.html", {"query": query, "results": results, "page": page, "nav": "search"})


@permission_required("indexing.view_status")
def status_page(request):
    return render(
        request,
        "indexing/status.html",
        {
            "counts": selectors.state_counts(),
            "stalled": selectors.stalled_extractions(),
            "failed": selectors.failed_extractions(),
            "nav": "search",
        },
    )


@permission_required("indexing.view_status")
def status_json(request):
    return JsonResponse(selectors.state_counts())


@permission_required("indexing.reindex")
@require_POST
def reindex_failed(request):
    count = services.reindex_failed(by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s failed version is queued for indexing again.",
            "%(count)s failed versions are queued for indexing again.",
            count,
        )
        % {"count": count},
    )
    return redirect("indexing:status")


@permission_required("indexing.reindex")
@require_POST
def reindex_version(request, public_id):
    version = get_object_or_404(Version.objects.select_related("submission"), public_id=public_id)
    services.reindex_version(version=version, by=request.user)
    messages.success(
        request,
        _("Version %(number)s of “%(title)s” is queued for indexing again.")
        % {"number": version.number, "title": version.submission.title},
    )
    return redirect(next_url(request, "indexing:status"))
