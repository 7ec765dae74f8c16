"""Reads of the public site: only published papers, and of them only what is public.

Every list, feed and API answer starts from ``published_papers()``; every object is checked
against the rule ``submissions.view_public_submission``. Rows carry what a list shows in a
constant number of queries, whatever the number of papers. What is derived from the published
set (its counts, the newest papers of each group, a paper with its public data) is kept under
the set's version (``derived``), so that no page reads every published paper.
"""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from agenda.models import AgendaItem, Session
from delegations.models import Delegation
from publication.models import Publication
from submissions.models import CoSponsorship, Submission, Version

from .references import reference_for

LATEST_PER_GROUP = 5
# What is derived from the published set (counts, the newest papers of each group) is kept
# under its version (last_change), which every publication and unpublication moves. The
# expiry only bounds one rare case: two publications committed in the opposite order of
# their times leave the version where the later one put it.
DERIVED_SECONDS = 600
# Sessions and agenda items change only when an administrator edits them.
ADMINISTERED_SECONDS = 300
# Related papers are chosen among this many of the newest sharing a sub-item with the paper.
RELATED_CANDIDATES = 200


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


def derived(name: str, version: str | None, build):
    """`build()`, kept for this version of the published set (computed afresh without one)."""
    if version is None:
        return build()
    key = hashlib.sha256(f"{name}|{version}".encode()).hexdigest()[:40]
    return cache.get_or_set(f"publicsite:{key}", build, DERIVED_SECONDS)


def with_current_publication(papers):
    """Papers whose publication is current: the join that lets a list walk the publication index
    (publication_newest) in order and stop at the page shown, instead of sorting every paper."""
    return papers.filter(publication__published_at__isnull=False, publication__unpublished_at__isnull=True)


class PaperIds:
    """Ordered ids of published papers with their number: a Paginator slices and counts it.

    The number comes from the published set's counts, or is counted once per version of the
    published set and filters: counting every published paper again for each page is what
    made the list slower as papers accumulate.
    """

    def __init__(self, ids, count):
        self.ids = ids
        self._count = count

    def count(self) -> int:
        return self._count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        return self.ids[key]


def paper_list(filters: dict | None = None, *, sort: str = "newest", version: str | None = None) -> PaperIds:
    """The ids of the filtered published papers in order; ``rows()`` loads a page of them.

    Ordering the ids alone, then loading one page with everything it shows, keeps a page of
    20,000 papers cheap: joining every row's delegation, session and files before the sort
    cost twenty times more.
    """
    filters = {k: v for k, v in (filters or {}).items() if k not in ("q", "sort")}
    papers = with_current_publication(apply_filters(published_papers(), filters))
    ids = papers.order_by(*SORTS.get(sort, SORTS["newest"])).values_list("pk", flat=True)
    return PaperIds(ids, lambda: count_of(filters, version))


def count_of(filters: dict, version: str | None) -> int:
    """How many published papers pass these filters: from the counts when one filter (or none)
    is set, otherwise counted once for this version of the published set."""
    counts = published_counts(version)
    if not filters:
        return counts.total
    if len(filters) == 1:
        [(name, value)] = filters.items()
        known = {
            "session": counts.by_session,
            "sub_item": counts.by_sub_item,
            "delegation": counts.submitted,
            "cosponsor": counts.cosponsored,
        }.get(name)
        if known is not None:
            return known.get(value, 0)
    key = "count|" + "|".join(f"{k}={filters[k]}" for k in sorted(filters))
    return derived(key, version, lambda: apply_filters(published_papers(), filters).count())


def rows(ids) -> list[Submission]:
    """Papers with their public data, in the order of `ids` (a slice of paper_list, or a list)."""
    ids = list(ids)
    papers = with_public_data(published_papers().filter(pk__in=ids)).in_bulk()
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


def paper_by_slug(slug: str, user, *, version: str | None = None) -> Submission | None:
    """The published paper at this address, or None: unpublished papers have no public page.

    The paper with its public data is kept for this version of the published set; the rule is
    asked on every request.
    """
    reference = reference_for(slug)
    paper = derived(
        f"paper|{reference}",
        version,
        lambda: (
            with_public_data(Submission.objects.filter(publication__reference=reference))
            .select_related("session__body")
            .first()
        ),
    )
    if paper is None or not user.has_perm("submissions.view_public_submission", paper):
        return None
    if not paper.publication.is_published:
        return None
    return paper


def published_version(paper: Submission, language: str) -> Version | None:
    return next((v for v in paper.publication.public_versions if v.language == language), None)


def earlier_published_versions(paper: Submission, *, version: str | None = None) -> list[Version]:
    """Files published with the paper before, since replaced or left out by a later publication.

    The publication's record of its published versions tells which, and when: only those are
    public, never a file that was not published. Each carries `first_published` and
    `last_published` (when its last stretch of publication ended); one query, whatever the paper.
    """
    return derived(f"earlier|{paper.pk}", version, lambda: _earlier_published_versions(paper))


def _earlier_published_versions(paper: Submission) -> list[Version]:
    current = [v.pk for v in paper.publication.public_versions]
    return list(
        Version.objects.filter(
            publication_periods__publication=paper.publication, publication_periods__ended_at__isnull=False
        )
        .exclude(pk__in=current)
        .annotate(
            first_published=Min("publication_periods__published_at"),
            last_published=Max("publication_periods__ended_at"),
        )
        .defer("note", "form_token")
        .order_by("-revision", "language")
    )


def related_papers(paper: Submission, *, limit: int = 5, version: str | None = None) -> list[int]:
    """Ids of other published papers on the same sub-items (those sharing the most first), then, to
    make up the number, of those whose published text shares the most distinctive words of its title.

    Only the RELATED_CANDIDATES newest papers sharing a sub-item are weighed: a sub-item with
    thousands of papers would otherwise have all of them counted for each paper page. The
    choice is kept for this version of the published set.
    """
    return derived(f"related|{paper.pk}|{limit}", version, lambda: _related(paper, limit))


def _related(paper: Submission, limit: int) -> list[int]:
    from .search import similar_papers

    sub_items = [item.pk for item in paper.sub_items.all()]
    ids = []
    if sub_items:
        sharing = with_current_publication(published_papers().exclude(pk=paper.pk).filter(sub_items__in=sub_items))
        # A paper comes once for each sub-item it shares; the sort keeps the newest first among equals.
        newest = list(
            sharing.order_by("-publication__published_at", "-pk").values_list("pk", flat=True)[:RELATED_CANDIDATES]
        )
        shared = Counter(newest)
        ids = sorted(dict.fromkeys(newest), key=lambda pk: -shared[pk])[:limit]
    if len(ids) < limit:
        others = published_papers().exclude(pk__in=[paper.pk, *ids])
        ids += similar_papers(paper, others, limit=limit - len(ids))
    return ids


def public_text(version: Version) -> str:
    extraction = getattr(version, "extraction", None)
    return extraction.text if extraction is not None and extraction.state == "indexed" else ""


# --- Home and agenda --------------------------------------------------------------------------------
def current_session(*, now=None) -> Session | None:
    """The session under way or next to come; the latest one when none is ahead.

    Sessions change when an administrator edits them: each process keeps the answer a few
    minutes, as it keeps the filters' choices (forms.CHOICES_SECONDS).
    """
    today = timezone.localdate(now)

    def find():
        sessions = Session.objects.filter(body__is_current=True).select_related("body")
        ahead = sessions.filter(end_date__gte=today).order_by("start_date").first()
        return ahead or sessions.order_by("-start_date").first()

    return cache.get_or_set(f"publicsite:current-session:{today.isoformat()}", find, ADMINISTERED_SECONDS)


def agenda_items() -> list[AgendaItem]:
    """The current body's agenda items in order, kept a few minutes like the current session."""
    return cache.get_or_set(
        "publicsite:agenda-items",
        lambda: list(AgendaItem.objects.filter(body__is_current=True).order_by("order")),
        ADMINISTERED_SECONDS,
    )


@dataclass
class AgendaRow:
    item: AgendaItem
    count: int = 0
    latest: list = field(default_factory=list)  # ids of its newest papers (the view draws them)
    sub_items: list = field(default_factory=list)


def _latest_per(group_field: str, group_ids: list[int], *, limit: int, version: str | None) -> dict[int, list[int]]:
    """Ids of the `limit` newest published papers of each group (sub-item, session), newest first.

    Ranking every published paper of the groups is done once per version of the published set.
    """
    if not group_ids:
        return {}

    def newest_ids() -> dict[int, list[int]]:
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
            .values_list("pk", "group_id", "position")
        )
        grouped: dict[int, list[tuple[int, int]]] = {}
        for pk, group_id, position in ranked:
            if position <= limit:
                grouped.setdefault(group_id, []).append((position, pk))
        return {group_id: [pk for _position, pk in sorted(rows)] for group_id, rows in grouped.items()}

    return derived(f"latest|{group_field}|{limit}|{','.join(map(str, sorted(group_ids)))}", version, newest_ids)


def agenda(*, latest: int = LATEST_PER_GROUP, version: str | None = None) -> list[AgendaRow]:
    """The current body's agenda items, each sub-item with its number of papers and the newest ones."""
    items = agenda_items()
    counts = published_counts(version).by_sub_item
    newest = (
        _latest_per("sub_items", [i.pk for i in items if i.parent_id], limit=latest, version=version) if latest else {}
    )
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
    latest: list = field(default_factory=list)  # ids of its newest papers (the view draws them)


def sessions_with_papers(*, latest: int = LATEST_PER_GROUP, version: str | None = None) -> list[SessionRow]:
    sessions = list(Session.objects.filter(body__is_current=True).order_by("-start_date"))
    counts = published_counts(version).by_session
    newest = _latest_per("session", [s.pk for s in sessions], limit=latest, version=version) if latest else {}
    return [SessionRow(session=s, count=counts.get(s.pk, 0), latest=newest.get(s.pk, [])) for s in sessions]


def of_delegation(delegation) -> Q:
    """Papers a delegation submitted or co-sponsors."""
    cosponsored = CoSponsorship.objects.filter(delegation=delegation, status=CoSponsorship.Status.ACCEPTED)
    return Q(delegation=delegation) | Q(pk__in=cosponsored.values("submission_id"))


def delegation_papers(delegation: Delegation, *, version: str | None = None) -> PaperIds:
    """A delegation's published papers: those it submitted and those it co-sponsors."""
    ids = (
        with_current_publication(published_papers().filter(of_delegation(delegation)))
        .order_by("-publication__published_at", "-pk")
        .values_list("pk", flat=True)
    )
    return PaperIds(ids, lambda: published_counts(version).of_delegation.get(delegation.pk, 0))


def delegations_with_papers(*, version: str | None = None) -> list[Delegation]:
    """Delegations that submitted or co-sponsor at least one published paper, with their counts
    (`submitted`, `cosponsored`), by name."""
    counts = published_counts(version)
    with_papers = [pk for pk, n in counts.of_delegation.items() if n]
    delegations = list(Delegation.objects.filter(pk__in=with_papers).order_by("name"))
    for delegation in delegations:
        delegation.submitted = counts.submitted.get(delegation.pk, 0)
        delegation.cosponsored = counts.cosponsored.get(delegation.pk, 0)
    return delegations


@dataclass
class PublishedCounts:
    """How many papers are published, in all and per session, sub-item and delegation."""

    total: int = 0
    by_session: dict[int, int] = field(default_factory=dict)
    by_sub_item: dict[int, int] = field(default_factory=dict)
    submitted: dict[int, int] = field(default_factory=dict)  # by the delegation that submitted them
    cosponsored: dict[int, int] = field(default_factory=dict)  # by a delegation that co-sponsors them
    of_delegation: dict[int, int] = field(default_factory=dict)  # submitted or co-sponsored: its page


def published_counts(version: str | None) -> PublishedCounts:
    """The counts of the home page, the agenda, the lists and the API, once per version of the
    published set: counting them for each page read every published paper."""
    return derived("counts", version, _count_published)


def _count_published() -> PublishedCounts:
    papers = published_papers().order_by()
    by_session: dict[int, int] = {}
    submitted: dict[int, int] = {}
    for session, delegation, n in papers.values_list("session", "delegation").annotate(n=Count("pk")):
        by_session[session] = by_session.get(session, 0) + n
        submitted[delegation] = submitted.get(delegation, 0) + n
    # One co-sponsorship per paper and delegation (a unique constraint): rows are papers. A
    # delegation is not its own co-sponsor; were it recorded so, its page would count the paper once.
    cosponsored, own = {}, {}
    # (The papers' status is joined once, rather than as published_papers() in a subquery.)
    published = Submission.Status.PUBLISHED
    accepted = CoSponsorship.objects.filter(status=CoSponsorship.Status.ACCEPTED, submission__status=published)
    for delegation, n, of_its_own in (
        accepted.order_by()
        .values_list("delegation")
        .annotate(n=Count("pk"), own=Count("pk", filter=Q(submission__delegation=F("delegation"))))
    ):
        cosponsored[delegation], own[delegation] = n, of_its_own
    through = Submission.sub_items.through
    by_sub_item = dict(
        through.objects.filter(submission__status=published)
        .order_by()
        .values_list("agendaitem")
        .annotate(n=Count("pk"))
    )
    return PublishedCounts(
        total=sum(by_session.values()),
        by_session=by_session,
        by_sub_item=by_sub_item,
        submitted=submitted,
        cosponsored=cosponsored,
        of_delegation={
            pk: submitted.get(pk, 0) + cosponsored.get(pk, 0) - own.get(pk, 0) for pk in {*submitted, *cosponsored}
        },
    )


def last_change() -> datetime.datetime | None:
    """When the published set last changed (a publication or an unpublication): the pages' Last-Modified."""
    marks = Publication.objects.aggregate(published=Max("published_at"), unpublished=Max("unpublished_at"))
    return max(filter(None, marks.values()), default=None)
