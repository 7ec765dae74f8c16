"""The public pages: anyone may read them, logged in or not. Only published papers appear."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import http_date
from django.utils.translation import gettext as _

from delegations.models import Delegation
from submissions.models import UN_LANGUAGES
from submissions.views import home as workspace_home

from . import caching, search, selectors
from .caching import public
from .forms import PaperFilterForm
from .items import paper_items

PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20
LANGUAGE_NAMES = dict(UN_LANGUAGES)


def home(request):
    """Anonymous visitors get the public home; people logged in go on to their own work."""
    if request.user.is_authenticated:
        return workspace_home(request)
    return public_home(request)


@public
def public_home(request):
    return render(
        request,
        "publicsite/home.html",
        {
            "session": selectors.current_session(),
            "latest": paper_items(selectors.paper_list()[:8], version=caching.version(request)),
            "agenda": selectors.agenda(latest=0, version=caching.version(request)),
            "nav": "public",
        },
    )


@public
def agenda(request):
    version = caching.version(request)
    agenda, sessions = selectors.agenda(version=version), selectors.sessions_with_papers(version=version)
    groups = [sub for row in agenda for sub in row.sub_items] + sessions
    items = {item.pk: item for item in paper_items({pk for g in groups for pk in g.latest}, version=version)}
    for group in groups:
        group.latest = [items[pk] for pk in group.latest if pk in items]
    return render(request, "publicsite/agenda.html", {"agenda": agenda, "sessions": sessions, "nav": "agenda"})


def _page(request, ids, per_page):
    """One page of papers: the ids are counted and sliced, then that page's items are drawn."""
    page = Paginator(ids, per_page, allow_empty_first_page=True).get_page(request.GET.get("page"))
    page.object_list = paper_items(page.object_list, version=caching.version(request))
    return page


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@public
def paper_list(request):
    form = PaperFilterForm(request.GET or None)
    filters = form.filters
    papers = selectors.paper_list(filters, sort=filters.get("sort", "newest"), version=caching.version(request))
    page = _page(request, papers, PAGE_SIZE)
    return render(
        request,
        "publicsite/papers.html",
        {"form": form, "page": page, "query": _query_without_page(request), "nav": "papers"},
    )


@public
def search_page(request):
    form = PaperFilterForm(request.GET or None)
    filters = form.filters
    query = filters.get("q", "")
    page_number = _page_number(request)
    results, hits = None, []
    if query:
        papers = selectors.apply_filters(selectors.published_papers(), filters)
        offset = (page_number - 1) * SEARCH_PAGE_SIZE
        version = caching.version(request)
        results = search.search_papers(
            query, papers, limit=SEARCH_PAGE_SIZE, offset=offset, version=version, load=False
        )
        snippets = {hit.paper_id: hit.snippet for hit in results.hits}
        hits = paper_items(snippets, version=version, snippets=snippets)
    pages = -(-min(results.ranked, search.index.COUNT_CAP) // SEARCH_PAGE_SIZE) if results else 0
    own = search.own_unpublished(query, request.user) if query and page_number == 1 else None
    return render(
        request,
        "publicsite/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "hits": hits,
            "page_number": page_number,
            "has_next": page_number < pages,
            "pages": pages,
            "own": own,
            "querystring": _query_without_page(request),
            "nav": "public_search",
        },
    )


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        return 1


def _paper_or_404(request, slug):
    paper = selectors.paper_by_slug(slug, request.user, version=caching.version(request))
    if paper is None:
        raise Http404(_("No published paper has this reference."))
    return paper


@public
def paper_detail(request, slug):
    paper = _paper_or_404(request, slug)
    languages = [(code, name, selectors.published_version(paper, code)) for code, name in UN_LANGUAGES]
    version = caching.version(request)
    return render(
        request,
        "publicsite/paper.html",
        {
            "paper": paper,
            "publication": paper.publication,
            "language_rows": languages,
            "earlier": selectors.earlier_published_versions(paper, version=version),
            "related": paper_items(selectors.related_papers(paper, version=version), version=version),
            "can_open_workspace": request.user.has_perm("submissions.view_submission", paper),
            "nav": "papers",
        },
    )


@public
def paper_text(request, slug, language):
    paper = _paper_or_404(request, slug)
    version = selectors.published_version(paper, language)
    if version is None:
        raise Http404(_("This paper is not published in that language."))
    version = type(version).objects.select_related("extraction").get(pk=version.pk)
    return render(
        request,
        "publicsite/paper_text.html",
        {
            "paper": paper,
            "version": version,
            "language_name": LANGUAGE_NAMES.get(language, language),
            "text": selectors.public_text(version),
            "nav": "papers",
        },
    )


@public(shared=True)
def paper_download(request, slug, language):
    paper = _paper_or_404(request, slug)
    version = selectors.published_version(paper, language)
    if version is None:
        raise Http404(_("This paper is not published in that language."))
    return _file(paper, version, f"{language}")


@public(shared=True)
def earlier_version_download(request, slug, public_id):
    """A file published with the paper before, since replaced; never a file that was not published."""
    paper = _paper_or_404(request, slug)
    earlier = selectors.earlier_published_versions(paper, version=caching.version(request))
    version = next((v for v in earlier if v.public_id == public_id), None)
    if version is None:
        raise Http404(_("No earlier published version of this paper has this address."))
    return _file(paper, version, f"r{version.revision}-{version.language}")


def _file(paper, version, suffix: str):
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404
    extension = version.extension or ""
    name = f"{paper.publication.reference.replace('/', '-')}-{suffix}{extension}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=version.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Last-Modified"] = http_date(paper.publication.published_at.timestamp())
    return response


@public
def delegations(request):
    return render(
        request,
        "publicsite/delegations.html",
        {"delegations": selectors.delegations_with_papers(version=caching.version(request)), "nav": "delegations"},
    )


@public
def delegation(request, pk):
    delegation = get_object_or_404(Delegation, pk=pk)
    papers = selectors.delegation_papers(delegation, version=caching.version(request))
    page = _page(request, papers, PAGE_SIZE)
    return render(
        request,
        "publicsite/delegation.html",
        {"delegation": delegation, "page": page, "query": _query_without_page(request), "nav": "delegations"},
    )
