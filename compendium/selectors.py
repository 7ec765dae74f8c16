"""Reads of the compendium: the papers its choices take in, one sub-item at a time, as plain entries.

Every paper starts from ``Submission.objects.submitted()`` (never a draft, whatever the choices)
and is then narrowed by the chosen statuses, sessions, kinds and sub-item; nothing else brings a
paper in. A chapter costs the same few queries whatever the number of papers.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import formats, timezone

from agenda.models import AgendaItem
from indexing.models import Extraction
from submissions.models import CoSponsorship, Submission, Version

from .models import Compendium, Proposal


@dataclass
class PaperEntry:
    """One paper as every document shows it, in the compendium's language where it exists."""

    pk: int
    reference: str
    un_symbol: str
    title: str
    delegation: str
    cosponsors: list[str]
    date: str
    languages: list[str]
    summary: str
    link: str
    text_language: str
    # Empty for a published paper; else its status ("Accepted"), so a reader knows it is not public.
    status: str = ""
    text: str = ""
    proposals: list[Proposal] = field(default_factory=list)
    sub_item_codes: list[str] = field(default_factory=list)


@dataclass
class Chapter:
    code: str
    title: str
    papers: list[PaperEntry]

    @property
    def heading(self) -> str:
        return f"{self.code} {self.title}"


def sub_items_of(compendium: Compendium) -> list[AgendaItem]:
    """The chosen sub-items, in agenda order: the chapters."""
    return list(AgendaItem.objects.filter(pk__in=compendium.choices.get("sub_items", [])).order_by("order", "code"))


def papers_of(choices: dict):
    """The papers the choices take in, on any of the chosen sub-items: never a draft."""
    papers = Submission.objects.submitted().filter(
        status__in=choices.get("statuses") or [Submission.Status.PUBLISHED],
        session__in=choices.get("sessions", []),
        sub_items__in=choices.get("sub_items", []),
    )
    if choices.get("kinds"):
        papers = papers.filter(kind__in=choices["kinds"])
    return papers.distinct()


def _slug_for(reference: str) -> str:
    # The public address of a paper by its reference (the rule of publicsite.references, which this
    # app may not import): a hyphen is doubled, a slash becomes a hyphen.
    return reference.replace("-", "--").replace("/", "-")


def _link(paper: Submission) -> str:
    publication = getattr(paper, "publication", None)
    if paper.status == Submission.Status.PUBLISHED and publication is not None and publication.is_published:
        path = reverse("publicsite:paper", kwargs={"slug": _slug_for(publication.reference)})
    else:
        # Not public: its page in the review, which only the Chair's team and the Secretariat open.
        path = reverse("review:detail", kwargs={"public_id": paper.public_id})
    return settings.SITE_URL + path


def _candidate_versions(paper: Submission) -> list[Version]:
    """The files a compendium may read: the published ones of a published paper, else every file."""
    publication = getattr(paper, "publication", None)
    if paper.status == Submission.Status.PUBLISHED and publication is not None:
        return list(publication.compendium_versions)
    return list(paper.compendium_versions)


def pick_version(versions: list[Version], language: str, original: str) -> Version | None:
    """The paper in the chosen language where it exists, else in its original, else its latest file."""
    if not versions:
        return None
    latest_first = sorted(versions, key=lambda v: (v.revision, v.number), reverse=True)
    for wanted in (language, original):
        if wanted:
            match = next((v for v in latest_first if v.language == wanted), None)
            if match is not None:
                return match
    return latest_first[0]


def chapter(compendium: Compendium, sub_item: AgendaItem, *, with_text: bool) -> tuple[Chapter, dict[int, str]]:
    """One sub-item's papers as entries, with the text read for each (to find proposals or print it).

    Returns the chapter and {paper id: text}; the text is read whether or not full texts are
    printed, since the proposals are found in it.
    """
    choices = compendium.choices
    language = choices.get("language") or ""
    papers = (
        papers_of(choices)
        .filter(sub_items=sub_item)
        .select_related("delegation", "publication")
        .prefetch_related(
            Prefetch(
                "cosponsorships",
                queryset=CoSponsorship.objects.filter(status=CoSponsorship.Status.ACCEPTED)
                .select_related("delegation")
                .order_by("delegation__name"),
                to_attr="accepted_cosponsors",
            ),
            Prefetch("sub_items", queryset=AgendaItem.objects.order_by("order"), to_attr="ordered_sub_items"),
            Prefetch(
                "versions",
                queryset=Version.objects.only("pk", "submission_id", "number", "revision", "language"),
                to_attr="compendium_versions",
            ),
            Prefetch(
                "publication__versions",
                queryset=Version.objects.only("pk", "submission_id", "number", "revision", "language"),
                to_attr="compendium_versions",
            ),
        )
        .order_by("submitted_at", "pk")
    )
    rows = []
    chosen: dict[int, Version] = {}
    for paper in papers:
        versions = _candidate_versions(paper)
        version = pick_version(versions, language, paper.original_language)
        if version is not None:
            chosen[paper.pk] = version
        publication = getattr(paper, "publication", None)
        published = paper.status == Submission.Status.PUBLISHED and publication is not None
        submitted = timezone.localtime(paper.submitted_at).date() if paper.submitted_at else None
        rows.append(
            PaperEntry(
                pk=paper.pk,
                reference=publication.reference if published else (paper.reference or ""),
                un_symbol=publication.un_symbol if published else "",
                title=paper.title,
                delegation=paper.delegation.localized_name,
                cosponsors=[c.delegation.localized_name for c in paper.accepted_cosponsors],
                date=formats.date_format(submitted, "DATE_FORMAT") if submitted else "",
                languages=sorted({v.language for v in versions}),
                summary=paper.summary,
                link=_link(paper),
                text_language=version.language if version else paper.original_language,
                status="" if published else str(paper.get_status_display()),
                sub_item_codes=[item.code for item in paper.ordered_sub_items],
            )
        )
    texts = dict(
        Extraction.objects.filter(version_id__in=[v.pk for v in chosen.values()], state=Extraction.State.INDEXED)
        .values_list("version_id", "text")
        .iterator()
    )
    by_paper = {pk: texts.get(version.pk, "") for pk, version in chosen.items()}
    if with_text:
        for row in rows:
            row.text = by_paper.get(row.pk, "")
    return Chapter(code=sub_item.code, title=sub_item.localized_title, papers=rows), by_paper


def proposals_by_place(compendium: Compendium) -> dict[tuple[int, int], list[Proposal]]:
    """The compendium's proposals, {(sub-item id, paper id): [proposal, …]} in the order of the text."""
    places: dict[tuple[int, int], list[Proposal]] = {}
    for proposal in compendium.proposals.order_by("sub_item_id", "submission_id", "position"):
        places.setdefault((proposal.sub_item_id, proposal.submission_id), []).append(proposal)
    return places


PAPERS_PER_PAGE = 25


def proposal_page(compendium: Compendium, sub_item_id, page_number) -> dict:
    """One page of the proposals to tick: one sub-item, its papers 25 at a time, each with its proposals.

    A page holds at most 25 × proposals.MAX_PER_PAPER checkboxes, under the form's field limit.
    """
    counts = dict(compendium.proposals.values("sub_item_id").annotate(n=Count("pk")).values_list("sub_item_id", "n"))
    items = [item for item in sub_items_of(compendium) if item.pk in counts]
    if not items:
        return {"sub_items": [], "sub_item": None, "page": None, "papers": []}
    sub_item = next((item for item in items if str(item.pk) == str(sub_item_id)), items[0])
    paper_ids = list(
        compendium.proposals.filter(sub_item=sub_item)
        .order_by("submission_id")
        .values_list("submission_id", flat=True)
        .distinct()
    )
    page = Paginator(paper_ids, PAPERS_PER_PAGE).get_page(page_number)
    proposals = (
        compendium.proposals.filter(sub_item=sub_item, submission_id__in=list(page.object_list))
        .select_related("submission__delegation", "submission__publication")
        .order_by("submission_id", "position")
    )
    papers: list[dict] = []
    for proposal in proposals:
        if not papers or papers[-1]["paper"].pk != proposal.submission_id:
            papers.append({"paper": proposal.submission, "proposals": []})
        papers[-1]["proposals"].append(proposal)
    return {
        "sub_items": [(item, counts[item.pk]) for item in items],
        "sub_item": sub_item,
        "page": page,
        "papers": papers,
    }


def compendia_for(user):
    """Every compendium kept, newest first, with who started it (reviewers see them all)."""
    return Compendium.objects.select_related("created_by")
