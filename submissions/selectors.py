"""Reads that more than one place needs, scoped to what the person may see."""

import rules
from django.db.models import Prefetch, QuerySet

from .models import CoSponsorship, Submission, Version


def with_listing_data(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    """Everything a list row shows, in a constant number of queries."""
    return queryset.select_related("delegation", "session").prefetch_related(
        "sub_items",
        Prefetch(
            "cosponsorships",
            queryset=CoSponsorship.objects.select_related("delegation").order_by("delegation__name"),
        ),
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
    # get(), not first(): the id is unique, so the six tables' join needs no ORDER BY.
    try:
        submission = (
            with_listing_data(Submission.objects.filter(public_id=public_id))
            .select_related("created_by", "submitted_by", "withdrawn_by")
            .get()
        )
    except Submission.DoesNotExist:
        return None
    if not rules.has_perm("submissions.view_submission", user, submission):
        return None
    return submission


def invitation_for(user, submission: Submission) -> CoSponsorship | None:
    if not rules.has_perm("submissions.view_own_submissions", user):
        return None
    # One per delegation (a constraint); read from the co-sponsorships submission_for prefetched.
    return next((c for c in submission.cosponsorships.all() if c.delegation_id == user.delegation_id), None)
