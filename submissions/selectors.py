"""Reads that more than one place needs, scoped to what the person may see."""

import rules
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from .models import CoSponsorship, Submission, Version


def _cosponsorships_by_name() -> Prefetch:
    return Prefetch(
        "cosponsorships", queryset=CoSponsorship.objects.select_related("delegation").order_by("delegation__name")
    )


def with_listing_data(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    """Everything a list row shows, in a constant number of queries."""
    return queryset.select_related("delegation", "session").prefetch_related(
        "sub_items",
        _cosponsorships_by_name(),
        Prefetch(
            "versions",
            queryset=Version.objects.order_by("number")
            .select_related("extraction__duplicate_of__submission")
            .defer("extraction__text"),
        ),
    )


def delegation_submissions(user) -> QuerySet[Submission]:
    """The list page of a delegate: their delegation's papers and those it co-sponsors."""
    return with_listing_data(Submission.objects.visible_to(user)).order_by("-updated_at")


def pending_invitations(user) -> QuerySet[CoSponsorship]:
    if not rules.has_perm("submissions.view_own_submissions", user):
        return CoSponsorship.objects.none()
    return (
        CoSponsorship.objects.filter(delegation_id=user.delegation_id, status=CoSponsorship.Status.INVITED)
        .filter(submission__in=Submission.objects.submitted())
        .exclude(submission__status=Submission.Status.WITHDRAWN)
        .select_related("submission__delegation", "submission__session", "invited_by")
        .order_by("-invited_at")
    )


def submission_for(user, public_id) -> Submission | None:
    """One submission with its details, or None if this person may not see it."""
    # get(), not first(): the id is unique, so the joins need no ORDER BY. The paper's page shows
    # who submitted it, not who created it; who withdrew it only on a withdrawn paper (rare: read
    # then, rather than joined for every page).
    try:
        submission = (
            Submission.objects.filter(public_id=public_id)
            .select_related("delegation", "session", "submitted_by")
            .prefetch_related(
                "sub_items",
                _cosponsorships_by_name(),
                Prefetch(
                    "versions",
                    queryset=Version.objects.order_by("number").select_related("extraction").defer("extraction__text"),
                ),
            )
            .get()
        )
    except Submission.DoesNotExist:
        return None
    if not rules.has_perm("submissions.view_submission", user, submission):
        return None
    # A file identical to an earlier one names it: read only when there is one (rare), not joined
    # for every page.
    extractions = [
        version.extraction
        for version in submission.versions.all()
        if getattr(version, "extraction", None) is not None and version.extraction.duplicate_of_id
    ]
    if extractions:
        prefetch_related_objects(
            extractions, Prefetch("duplicate_of", queryset=Version.objects.select_related("submission"))
        )
    return submission


def invitation_for(user, submission: Submission) -> CoSponsorship | None:
    if not rules.has_perm("submissions.view_own_submissions", user):
        return None
    # One per delegation (a constraint); read from the co-sponsorships submission_for prefetched.
    return next((c for c in submission.cosponsorships.all() if c.delegation_id == user.delegation_id), None)
