"""The notices of submissions' events, and what the other apps' paper notices share.

Registered in SubmissionsConfig.ready. The groups (the submitting delegation, its co-sponsors,
the followers of its sub-items) and ``PAPER``, which says what a paper notice is about, are used
by the apps above (review, publication, indexing) for their own notices.
"""

import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_delegate
from notifications.events import (
    REVIEWERS,
    Group,
    Members,
    Notice,
    Subject,
    active_users,
    delegation_members,
    register,
)
from notifications.models import Delivery
from notifications.rendering import absolute
from notifications.selectors import followed_sub_items


def _followers(context: dict) -> Members:
    """People following one of the paper's sub-items who may read it (all of them once it is published)."""
    submission = context["submission"]
    sub_item_ids = [item.pk for item in context.get("sub_items") or submission.sub_items.all()]
    if not followed_sub_items().intersection(sub_item_ids):
        return Members()  # nobody follows these sub-items: no one to read
    followers = active_users().filter(follows__agenda_item_id__in=sub_item_ids).distinct()
    if rules.has_perm("submissions.view_public_submission", None, submission):
        return Members(users=list(followers))
    return Members(
        users=[user for user in followers if rules.has_perm("submissions.view_submission", user, submission)]
    )


SUBMITTING_DELEGATION = Group(
    "submitting_delegation",
    lambda context: Members(users=delegation_members([context["submission"].delegation_id])),
    is_delegate,
)
COSPONSORS = Group(
    "cosponsors",
    lambda context: Members(
        users=delegation_members(
            context["submission"].cosponsorships.filter(status="accepted").values_list("delegation_id", flat=True)
        )
    ),
    is_delegate,
)
# The co-sponsors, when the reviewers chose to address them too (the context says so).
ADDRESSED_COSPONSORS = Group(
    "addressed_cosponsors",
    lambda context: COSPONSORS.members(context) if context.get("include_cosponsors") else Members(),
    is_delegate,
)
INVITED_DELEGATION = Group(
    "invited_delegation",
    lambda context: Members(users=delegation_members([context["cosponsorship"].delegation_id])),
    is_delegate,
)
FOLLOWERS = Group("followers", _followers, lambda user: True)


def paper_url(submission) -> str:
    return absolute(reverse("submissions:detail", args=[submission.public_id]))


def _paper_context(context: dict) -> dict:
    """What every paper notice's templates use, read once per event rather than once per recipient."""
    submission = context["submission"]
    # An event may link elsewhere (the team reads answers on its dashboard): it passes submission_url.
    url = context.get("submission_url") or paper_url(submission)
    # What the caller has read already is not read again, even when there is none.
    sub_items = context.get("sub_items")
    cosponsorships = context.get("cosponsorships")
    return {
        "submission_url": url,
        "url": url,
        "sub_items": list(submission.sub_items.order_by("order")) if sub_items is None else sub_items,
        "cosponsorships": list(submission.cosponsorships.select_related("delegation").order_by("delegation__name"))
        if cosponsorships is None
        else cosponsorships,
    }


def _paper_for(user, context: dict) -> dict:
    if user is not None and not rules.has_perm("submissions.view_submission", user, context["submission"]):
        # A follower outside the paper's delegations: no link to a page they cannot open.
        return {"url": "", "submission_url": ""}
    return {}


# A notice about one paper: `notify(event, submission=paper, …)`.
PAPER = Subject(instance=lambda context: context["submission"], prepare=_paper_context, personalise=_paper_for)

ANSWERS = _("Answers to our co-sponsorship invitations")
FOLLOWED = _("New papers on the sub-items I follow")


def register_notices() -> None:
    register(
        "submission.received",
        Notice(
            SUBMITTING_DELEGATION,
            "submissions/email/submission_receipt",
            _("Receipts for papers my delegation submits"),
            locked=True,
        ),
        Notice(REVIEWERS, "submissions/email/submission_received", _("New papers submitted")),
        Notice(FOLLOWERS, "submissions/email/followed_new_paper", FOLLOWED, default=Delivery.DIGEST),
        about=PAPER,
    )
    register(
        "version.uploaded",
        Notice(REVIEWERS, "submissions/email/version_uploaded", _("Revisions of submitted papers")),
        about=PAPER,
    )
    register(
        "cosponsor.invited",
        Notice(INVITED_DELEGATION, "submissions/email/cosponsor_invited", _("Invitations to co-sponsor a paper")),
        about=PAPER,
    )
    register(
        "cosponsor.accepted",
        Notice(SUBMITTING_DELEGATION, "submissions/email/cosponsor_accepted", ANSWERS, kind="cosponsor_answer"),
        about=PAPER,
    )
    register(
        "cosponsor.declined",
        Notice(SUBMITTING_DELEGATION, "submissions/email/cosponsor_declined", ANSWERS, kind="cosponsor_answer"),
        about=PAPER,
    )
    register(
        "submission.withdrawn",
        Notice(REVIEWERS | COSPONSORS, "submissions/email/submission_withdrawn", _("Papers withdrawn")),
        about=PAPER,
    )
