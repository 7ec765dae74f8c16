"""Reads for the review queue: the filtered list, its counts and its chart, in constant queries.

pretalx loads every proposal of an event on each organiser page, so a page costs in
proportion to the event. Here every figure is one aggregate query in the database and the
list is one page of rows (plus one query per prefetched relation), whatever the number of
submissions: see docs/PERFORMANCE.md and bench/queue.py.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

import rules
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from accounts.models import User
from agenda.models import AgendaItem
from common.translations import localized
from delegations.models import Delegation
from indexing.models import Extraction
from submissions.models import CoSponsorship, Submission, Version

from . import queue_cache

# The orders a person may choose, by the name used in the URL (`?sort=-submitted`).
SORTS = {
    "reference": "reference",
    "title": "title",
    "delegation": "delegation__name",
    "submitted": "submitted_at",
    "updated": "updated_at",
    "status": "status",
}
DEFAULT_SORT = "-submitted"
PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
# Filters whose counts are shown as facets: each facet is counted with every other filter.
FACETS = ("status", "sub_item")
# The filters on a paper's own fields and sub-items: under these alone the counts are kept in the
# cache until a count may change (review.queue_cache.COUNTS). The others (co-sponsor, language,
# indexing, assignee, questions, search) read rows that change without changing a count: under
# them the counts are read with the page.
COUNTED_FILTERS = ("session", "sub_item", "kind", "status", "delegation")
LIVE_FILTERS = ("cosponsor", "language", "indexing", "assigned", "questions", "q")


def reviewers() -> QuerySet[User]:
    """The people a submission can be assigned to."""
    return User.objects.reviewers().order_by("full_name", "email")


def reviewable_submissions(user) -> QuerySet[Submission]:
    """Every submission of every delegation, drafts excepted (those belong to their delegation)."""
    if not rules.has_perm("review.view_queue", user):
        return Submission.objects.none()
    return Submission.objects.submitted()


def open_questions():
    """Open questions of the outer submission, or None while the review models are not there."""
    try:
        from review.models import Question
    except ImportError:
        return None
    return Question.objects.filter(submission=OuterRef("pk"), answered_at__isnull=True)


def matching_search(query: str) -> Q | None:
    """Submissions with a version whose text, title or summary matches the query."""
    from indexing import search

    return search.matching_submissions(query)


def prepared(params: dict) -> dict:
    """The filters with the full-text search resolved once, for the several queries of a page."""
    if params.get("q") and "search" not in params:
        return {**params, "search": matching_search(params["q"])}
    return params


def filtered(user, params: dict, *, skip: tuple[str, ...] = ()) -> QuerySet[Submission]:
    """The reviewable submissions that pass every filter in `params` but those named in `skip`.

    `params` holds the cleaned values of review.filters.QueueFilterForm. Filters on
    related rows are EXISTS subqueries, so a submission never appears twice.
    """
    qs = reviewable_submissions(user)

    def given(name):
        return name not in skip and params.get(name) not in (None, "", [])

    if given("session"):
        qs = qs.filter(session_id=params["session"])
    if given("sub_item"):
        qs = qs.filter(
            Exists(
                Submission.sub_items.through.objects.filter(
                    submission_id=OuterRef("pk"), agendaitem_id=params["sub_item"]
                )
            )
        )
    if given("kind"):
        qs = qs.filter(kind=params["kind"])
    if given("status"):
        qs = qs.filter(status=params["status"])
    if given("delegation"):
        qs = qs.filter(delegation_id=params["delegation"])
    if given("cosponsor"):
        qs = qs.filter(
            Exists(
                CoSponsorship.objects.filter(
                    submission_id=OuterRef("pk"),
                    delegation_id=params["cosponsor"],
                    status=CoSponsorship.Status.ACCEPTED,
                )
            )
        )
    if given("language"):
        qs = qs.filter(Exists(Version.objects.filter(submission_id=OuterRef("pk"), language=params["language"])))
    if given("indexing"):
        # The state of the latest version, the one a reviewer reads.
        qs = qs.filter(
            Exists(
                Extraction.objects.filter(
                    version__submission_id=OuterRef("pk"),
                    version__number=OuterRef("version_count"),
                    state=params["indexing"],
                )
            )
        )
    if given("assigned"):
        assigned = params["assigned"]
        if assigned == "me":
            qs = qs.filter(assigned_to_id=user.pk)
        elif assigned == "none":
            qs = qs.filter(assigned_to__isnull=True)
        else:
            qs = qs.filter(assigned_to_id=int(assigned))
    if given("questions") and (questions := open_questions()) is not None:
        qs = qs.filter(Exists(questions)) if params["questions"] == "open" else qs.exclude(Exists(questions))
    if given("q"):
        search_filter = params["search"] if "search" in params else matching_search(params["q"])
        if search_filter is not None:
            qs = qs.filter(search_filter)
    return qs


def ordering(sort: str | None) -> list:
    """ORDER BY for a sort name; the id breaks ties, so that pages never overlap.

    Submitted papers always have a reference and a submission date, so no NULLS clause is
    needed, and the default order (newest first) walks the index on submitted_at.
    """
    sort = sort or DEFAULT_SORT
    descending = sort.startswith("-")
    column = SORTS.get(sort.lstrip("-"), SORTS[DEFAULT_SORT.lstrip("-")])
    return [F(column).desc() if descending else F(column).asc(), "-pk" if descending else "pk"]


def with_row_data(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """Everything a queue row or an export line shows, in a constant number of queries."""
    qs = qs.select_related("delegation", "session", "assigned_to").prefetch_related(
        Prefetch("sub_items", queryset=AgendaItem.objects.order_by("order", "code")),
        Prefetch(
            "cosponsorships",
            queryset=CoSponsorship.objects.filter(status=CoSponsorship.Status.ACCEPTED)
            .select_related("delegation")
            .order_by("delegation__name"),
            to_attr="accepted_cosponsorships",
        ),
        Prefetch(
            "versions",
            queryset=Version.objects.order_by("number")
            .select_related("extraction")
            .only(
                "id",
                "submission_id",
                "number",
                "language",
                "public_id",
                "extraction__id",
                "extraction__state",
                "extraction__pages",
            ),
        ),
    )
    questions = open_questions()
    if questions is not None:
        qs = qs.annotate(has_open_questions=Exists(questions))
    return qs


def queue(user, params: dict) -> QuerySet[Submission]:
    """The queue as filtered and sorted in `params`, with its rows' data."""
    return with_row_data(filtered(user, params)).order_by(*ordering(params.get("sort")))


def page_ids(user, params: dict) -> QuerySet:
    """The ids of the queue in order: paged first, so that a deep page (OFFSET 19,950) walks
    an index of ids only, and the joins and subqueries of a row run for the page's rows alone."""
    return filtered(user, params).order_by(*ordering(params.get("sort"))).values_list("pk", flat=True)


class Row(SimpleNamespace):
    """One line of the queue: plain values read as tuples, no model object per submission.

    Building a Submission, its session, delegation, assignee, sub-items, co-sponsorships,
    versions and extractions as model instances, through prefetch_related, took two thirds
    of the page's Python time (about 500 objects for 50 rows); tuples take a tenth of that.
    """


class Named(SimpleNamespace):
    """A session or sub-item as a row shows it: its English title and translations."""

    @property
    def localized_title(self) -> str:
        return localized(self, "title")


class DelegationName(SimpleNamespace):
    """A delegation as a row names it, by the model's own rules, without a model instance."""

    localized_name = Delegation.localized_name
    display_name = Delegation.display_name


def rows_for(ids: list[int]) -> list[Row]:
    """The page's submissions with what their rows show, in the order of `ids`: four queries."""
    if not ids:
        return []
    # The translations (JSON) are read only for a reader of another language than English.
    translated = (translation.get_language() or settings.LANGUAGE_CODE) != settings.LANGUAGE_CODE

    def read(queryset, *names):
        names = [name for name in names if translated or not name.endswith("_i18n")]
        for values in queryset.values_list(*names):
            yield dict(zip(names, values, strict=True))

    delegations: dict[int, DelegationName] = {}

    def delegation(values, prefix="delegation__") -> DelegationName:
        pk = values[prefix.replace("__", "_id")]
        if pk not in delegations:  # a few dozen per page, each made once
            delegations[pk] = DelegationName(
                name=values[prefix + "name"],
                short_name=values[prefix + "short_name"],
                name_i18n=values.get(prefix + "name_i18n") or {},
                short_name_i18n=values.get(prefix + "short_name_i18n") or {},
            )
        return delegations[pk]

    sessions: dict[int, Named] = {}
    rows_qs = Submission.objects.filter(pk__in=ids)
    questions = open_questions()
    if questions is not None:
        rows_qs = rows_qs.annotate(has_open_questions=Exists(questions))
    found = {}
    for values in read(
        rows_qs,
        "pk", "public_id", "reference", "title", "kind", "status", "submitted_at", "assigned_to_id",
        "delegation_id", "delegation__name", "delegation__short_name", "delegation__name_i18n",
        "delegation__short_name_i18n", "session_id", "session__title", "session__title_i18n",
        "assigned_to__full_name", "assigned_to__email", *(["has_open_questions"] if questions is not None else []),
    ):  # fmt: skip
        session_id = values["session_id"]
        if session_id not in sessions:
            sessions[session_id] = Named(
                title=values["session__title"], title_i18n=values.get("session__title_i18n") or {}
            )
        pk = values["pk"]
        found[pk] = Row(
            pk=pk,
            id=pk,
            public_id=values["public_id"],
            reference=values["reference"],
            title=values["title"],
            kind=values["kind"],
            status=values["status"],
            submitted_at=values["submitted_at"],
            delegation=delegation(values),
            session=sessions[session_id],
            assigned_to_id=values["assigned_to_id"],
            assigned_to=(values["assigned_to__full_name"] or values["assigned_to__email"])
            if values["assigned_to_id"]
            else None,
            has_open_questions=bool(values.get("has_open_questions")),
            sub_items=[],
            cosponsors=[],
            languages=[],
            pages=None,
            indexing_state="",
        )
    for values in read(
        Submission.sub_items.through.objects.filter(submission_id__in=ids).order_by(
            "agendaitem__order", "agendaitem__code"
        ),
        "submission_id",
        "agendaitem__code",
        "agendaitem__title",
        "agendaitem__title_i18n",
    ):
        found[values["submission_id"]].sub_items.append(
            Named(
                code=values["agendaitem__code"],
                title=values["agendaitem__title"],
                title_i18n=values.get("agendaitem__title_i18n") or {},
            )
        )
    for values in read(
        CoSponsorship.objects.filter(submission_id__in=ids, status=CoSponsorship.Status.ACCEPTED).order_by(
            "delegation__name"
        ),
        "submission_id",
        "delegation_id",
        "delegation__name",
        "delegation__short_name",
        "delegation__name_i18n",
        "delegation__short_name_i18n",
    ):
        found[values["submission_id"]].cosponsors.append(delegation(values))
    languages: dict[int, set] = {}
    for submission_id, language, state, pages in (
        Version.objects.filter(submission_id__in=ids)
        .order_by("number")
        .values_list("submission_id", "language", "extraction__state", "extraction__pages")
    ):
        # The latest version (the one a reviewer reads) comes last and gives the row its pages.
        row = found[submission_id]
        languages.setdefault(submission_id, set()).add(language)
        row.pages, row.indexing_state = pages, state or ""
    for submission_id, codes in languages.items():
        found[submission_id].languages = sorted(codes)
    return [found[pk] for pk in ids if pk in found]


def for_export(user, params: dict) -> QuerySet[Submission]:
    """The queue as filtered and sorted, without row data: review.export reads it as tuples."""
    return filtered(user, params).order_by(*ordering(params.get("sort")))


def sub_item_counts(user, params: dict) -> list[tuple[AgendaItem, int]]:
    """Every agenda sub-item with its number of submissions, under every filter but the sub-item one.

    One GROUP BY over the join of the submissions with their sub-items (a hash join on
    PostgreSQL), and the short list of sub-items beside it.
    """
    counts = dict(
        filtered(user, params, skip=("sub_item",))
        .filter(sub_items__isnull=False)
        .order_by()
        .values_list("sub_items")
        .annotate(n=Count("pk"))
    )
    items = AgendaItem.objects.filter(parent__isnull=False).order_by("body_id", "order", "code")
    return [(item, counts.get(item.pk, 0)) for item in items]


def status_and_month_counts(user, params: dict) -> tuple[dict[str, int], list[tuple]]:
    """Submissions per status (under every filter but the status one) and per month of
    submission (under every filter), from one GROUP BY status, month."""
    rows = (
        filtered(user, params, skip=("status",))
        .order_by()
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("status", "month")
        .annotate(n=Count("pk"))
    )
    by_status: dict[str, int] = {}
    by_month: dict[datetime.date, int] = {}
    wanted = params.get("status")
    for status, month, n in rows:
        by_status[status] = by_status.get(status, 0) + n
        if month is not None and (not wanted or status == wanted):
            day = month.date() if isinstance(month, datetime.datetime) else month
            by_month[day] = by_month.get(day, 0) + n
    return by_status, every_month(by_month)


def counts(user, params: dict) -> tuple[dict[str, int], list[tuple], list[tuple[AgendaItem, int]]]:
    """The status counts, the month chart and the sub-item counts of the queue under `params`.

    They read every submitted paper (some 20 ms of PostgreSQL at 20,000 papers) and change far
    less often than the rows: under the filters of COUNTED_FILTERS alone, they are kept until a
    change may alter one (review.queue_cache.COUNTS), so that a page built again after an
    extraction, a question or an assignment costs the same at 2,000 papers as at 20,000.
    """

    def build():
        by_status, by_month = status_and_month_counts(user, params)
        return by_status, by_month, sub_item_counts(user, params)

    if any(params.get(name) not in (None, "", []) for name in LIVE_FILTERS):
        return build()
    if not rules.has_perm("review.view_queue", user):
        return build()
    # Every reviewer sees every submitted paper: the counts are the same for all of them. The
    # months are counted in the reader's time zone.
    key = queue_cache.key(
        "counts",
        timezone.get_current_timezone_name(),
        tuple((name, params.get(name)) for name in COUNTED_FILTERS),
        names=(queue_cache.COUNTS,),
    )
    return queue_cache.remember(key, build)


def every_month(counted: dict) -> list[tuple]:
    """Every month from the first to the last, the empty ones at zero, so that the line is true."""
    if not counted:
        return []
    months, month, last = [], min(counted), max(counted)
    while month <= last:
        months.append((month, counted.get(month, 0)))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


class CountedPaginator(Paginator):
    """A paginator told its count, which the status facet has just computed: no second COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


@dataclass
class Dashboard:
    page: Page
    total: int
    status_counts: dict[str, int]
    sub_item_counts: list[tuple[AgendaItem, int]]
    month_counts: list[tuple] = field(default_factory=list)
    # The search matched more versions than indexing.search.MATCH_CAP: the view holds the newest.
    search_capped: bool = False


def dashboard(user, params: dict, *, page_number=1) -> Dashboard:
    """One page of the queue with the counts and the chart shown above it."""
    params = prepared(params)
    by_status, by_month, by_sub_item = counts(user, params)
    total = by_status.get(params["status"], 0) if params.get("status") else sum(by_status.values())
    paginator = CountedPaginator(
        page_ids(user, params), params.get("per_page") or DEFAULT_PAGE_SIZE, count=total, allow_empty_first_page=True
    )
    page = paginator.get_page(page_number)
    page.object_list = rows_for(list(page.object_list))
    return Dashboard(
        page=page,
        total=total,
        status_counts=by_status,
        sub_item_counts=by_sub_item,
        month_counts=by_month,
        search_capped=getattr(params.get("search"), "capped", False),
    )
