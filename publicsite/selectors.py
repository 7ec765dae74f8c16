"""Reads of the public site: only published papers, and of them only what is public.

Every list, feed and API answer starts from ``published_papers()``; every object is checked
against the rule ``submissions.view_public_submission``. Rows carry what a list shows in a
constant number of queries, whatever the number of papers.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from agenda.models import AgendaItem, Session
from delegations.models import Delegation
from publication.models import Publication
from submissions.models import CoSponsorship, Submission, Version

from .references import reference_for

LATEST_PER_GROUP = 5


def published_papers():
    """Published papers: the one door of every public list, feed, search and API answer."""
    return Submission.objects.published()


def published_versions():
    """The files chosen for publication of published papers, never any other."""
    return Version.objects.published()


def with_public_data(papers):
    """What a public row shows: reference, delegation, co-sponsors, sub-items, published languages.

    Only public fields are loaded; internal ones (notes, questions, people) are never joined.
    """
    return papers.select_related("delegation", "session", "publication").prefetch_related(
        Prefetch("sub_items", queryset=AgendaItem.objects.select_related("parent").order_by("order")),
        Prefetch(
            "cosponsorships",
            queryset=CoSponsorship.objects.filter(status=CoSponsorship.Status.ACCEPTED)
            .select_related("delegation")
            .order_by("delegation__name"),
            to_attr="public_cosponsors",
        ),
        Prefetch(
            "publication__versions",
            queryset=Version.objects.defer("note", "form_token").order_by("revision", "language"),
            to_attr="public_versions",
        ),
    )


SORTS = {
    "newest": ("-publication__published_at", "-pk"),
    "oldest": ("publication__published_at", "pk"),
    "title": ("title", "pk"),
    "reference": ("publication__session__start_date", "publication__number"),
}


def paper_list(filters: dict | None = None, *, sort: str = "newest"):
    """The ids of the filtered published papers in order; ``rows()`` loads a page of them.

    Ordering the ids alone, then loading one page with everything it shows, keeps a page of
    20,000 papers cheap: joining every row's delegation, session and files before the sort
    cost twenty times more.
    """
    papers = apply_filters(published_papers(), filters or {})
    return papers.order_by(*SORTS.get(sort, SORTS["newest"])).values_list("pk", flat=True)


def rows(ids) -> list[Submission]:
    """Papers with their public data, in the order of `ids` (a slice of paper_list, or a list)."""
    ids = list(ids)
    papers = with_public_data(Submission.objects.filter(pk__in=ids)).in_bulk()
    return [papers[pk] for pk in ids if pk in papers]


def apply_filters(papers, filters: dict):
    """The filters of the list, the search, the feeds and the API, from cleaned form data."""
    if filters.get("session"):
        papers = papers.filter(session=filters["session"])
    if filters.get("sub_item"):
        papers = papers.filter(sub_items=filters["sub_item"])
    if filters.get("kind"):
        papers = papers.filter(kind=filters["kind"])
    if filters.get("delegation"):
        papers = papers.filter(delegation=filters["delegation"])
    if filters.get("cosponsor"):
        papers = papers.filter(
            cosponsorships__delegation=filters["cosponsor"], cosponsorships__status=CoSponsorship.Status.ACCEPTED
        )
    if filters.get("language"):
        papers = papers.filter(publication__versions__language=filters["language"])
    if filters.get("published_from"):
        papers = papers.filter(publication__published_at__date__gte=filters["published_from"])
    if filters.get("published_to"):
        papers = papers.filter(publication__published_at__date__lte=filters["published_to"])
    return papers


def paper_by_slug(slug: str, user) -> Submission | None:
    """The published paper at this address, or None: unpublished papers have no public page."""
    paper = (
        with_public_data(Submission.objects.filter(publication__reference=reference_for(slug)))
        .select_related("session__body")
        .first()
    )
    if paper is None or not user.has_perm("submissions.view_public_submission", paper):
        return None
    if not paper.publication.is_published:
        return None
    return paper


def published_version(paper: Submission, language: str) -> Version | None:
    return next((v for v in paper.publication.public_versions if v.language == language), None)


def earlier_published_versions(paper: Submission) -> list[Version]:
    """Files published with the paper before, since replaced by a later publication.

    Each publication records the numbers of the files it published in the paper's history
    ("published" events); only those are public, never a file that was not published.
    """
    current = {v.pk for v in paper.publication.public_versions}
    numbers = set()
    for data in paper.events.filter(kind="published").values_list("data", flat=True):
        for label in (data or {}).get("versions", []):
            number = str(label).split(" ", 1)[0]
            if number.isdigit():
                numbers.add(int(number))
    if not numbers:
        return []
    return list(
        paper.versions.filter(number__in=numbers)
        .exclude(pk__in=current)
        .defer("note", "form_token")
        .order_by("-revision", "language")
    )


def related_papers(paper: Submission, *, limit: int = 5) -> list[Submission]:
    """Other published papers on the same sub-items (those sharing the most first), then, to make
    up the number, those whose published text shares the most distinctive words of its title."""
    from .search import similar_papers

    sub_items = [item.pk for item in paper.sub_items.all()]
    ids = list(
        published_papers()
        .exclude(pk=paper.pk)
        .filter(sub_items__in=sub_items)
        .annotate(shared=Count("sub_items", filter=Q(sub_items__in=sub_items)))
        .order_by("-shared", "-publication__published_at")
        .values_list("pk", flat=True)[:limit]
    )
    if len(ids) < limit:
        others = published_papers().exclude(pk__in=[paper.pk, *ids])
        ids += similar_papers(paper, others, limit=limit - len(ids))
    return rows(ids)


def public_text(version: Version) -> str:
    extraction = getattr(version, "extraction", None)
    return extraction.text if extraction is not None and extraction.state == "indexed" else ""


# --- Home and agenda --------------------------------------------------------------------------------
def current_session(*, now=None) -> Session | None:
    """The session under way or next to come; the latest one when none is ahead."""
    today = timezone.localdate(now)
    sessions = Session.objects.filter(body__is_current=True).select_related("body")
    return (
        sessions.filter(end_date__gte=today).order_by("start_date").first() or sessions.order_by("-start_date").first()
    )


@dataclass
class AgendaRow:
    item: AgendaItem
    count: int = 0
    latest: list = field(default_factory=list)
    sub_items: list = field(default_factory=list)


def _latest_per(group_field: str, group_ids: list[int], *, limit: int) -> dict[int, list[Submission]]:
    """The `limit` newest published papers of each group (sub-item, session) in one query."""
    if not group_ids:
        return {}
    ranked = (
        published_papers()
        .filter(**{f"{group_field}__in": group_ids})
        .annotate(
            group_id=F(group_field),
            position=Window(
                RowNumber(),
                partition_by=[F(group_field)],
                order_by=[F("publication__published_at").desc(), F("pk").desc()],
            ),
        )
        .values("pk", "group_id", "position")
    )
    rows = [row for row in ranked if row["position"] <= limit]
    papers = with_public_data(Submission.objects.filter(pk__in={row["pk"] for row in rows})).in_bulk()
    grouped: dict[int, list[Submission]] = {}
    for row in rows:
        grouped.setdefault(row["group_id"], []).append(papers[row["pk"]])
    for papers_of_group in grouped.values():
        papers_of_group.sort(key=lambda p: (p.publication.published_at, p.pk), reverse=True)
    return grouped


def agenda(*, latest: int = LATEST_PER_GROUP) -> list[AgendaRow]:
    """The current body's agenda items, each sub-item with its number of papers and the newest ones."""
    items = list(AgendaItem.objects.filter(body__is_current=True).order_by("order"))
    counts = dict(
        published_papers()
        .filter(sub_items__in=[i.pk for i in items])
        .values("sub_items")
        .annotate(n=Count("pk"))
        .values_list("sub_items", "n")
    )
    newest = _latest_per("sub_items", [i.pk for i in items if i.parent_id], limit=latest) if latest else {}
    rows = {
        item.pk: AgendaRow(item=item, count=counts.get(item.pk, 0), latest=newest.get(item.pk, [])) for item in items
    }
    top = []
    for item in items:
        if item.parent_id and item.parent_id in rows:
            rows[item.parent_id].sub_items.append(rows[item.pk])
        else:
            top.append(rows[item.pk])
    for row in top:
        row.count += sum(child.count for child in row.sub_items)
    return top


@dataclass
class SessionRow:
    session: Session
    count: int = 0
    latest: list = field(default_factory=list)


def sessions_with_papers(*, latest: int = LATEST_PER_GROUP) -> list[SessionRow]:
    sessions = list(Session.objects.filter(body__is_current=True).order_by("-start_date"))
    counts = dict(published_papers().values("session").annotate(n=Count("pk")).values_list("session", "n"))
    newest = _latest_per("session", [s.pk for s in sessions], limit=latest) if latest else {}
    return [SessionRow(session=s, count=counts.get(s.pk, 0), latest=newest.get(s.pk, [])) for s in sessions]


def of_delegation(delegation) -> Q:
    """Papers a delegation submitted or co-sponsors."""
    cosponsored = CoSponsorship.objects.filter(delegation=delegation, status=CoSponsorship.Status.ACCEPTED)
    return Q(delegation=delegation) | Q(pk__in=cosponsored.values("submission_id"))


def delegation_papers(delegation: Delegation):
    """A delegation's published papers: those it submitted and those it co-sponsors."""
    return (
        published_papers()
        .filter(of_delegation(delegation))
        .order_by("-publication__published_at", "-pk")
        .values_list("pk", flat=True)
    )


def delegations_with_papers():
    """Delegations that submitted or co-sponsor at least one published paper, with their counts."""
    published = Submission.Status.PUBLISHED
    accepted = CoSponsorship.Status.ACCEPTED
    return (
        Delegation.objects.annotate(
            submitted=Count("submissions", filter=Q(submissions__status=published), distinct=True),
            cosponsored=Count(
                "cosponsorships",
                filter=Q(cosponsorships__status=accepted, cosponsorships__submission__status=published),
                distinct=True,
            ),
        )
        .filter(Q(submitted__gt=0) | Q(cosponsored__gt=0))
        .order_by("name")
    )


def last_change() -> datetime.datetime | None:
    """When the published set last changed (a publication or an unpublication): the pages' Last-Modified."""
    marks = Publication.objects.aggregate(published=Max("published_at"), unpublished=Max("unpublished_at"))
    return max(filter(None, marks.values()), default=None)
