"""Which events send what to whom: the registry.

Each event name maps to the notices it sends. A notice names who receives it
(a recipient group, combined with ``|``), the email templates it is rendered
from, how the preferences page describes it, whether a person may turn it off
and how it is delivered by default.

Adding an event takes a template set and one line:

1. Write ``notifications/templates/notifications/email/<template>.subject.txt``,
   ``<template>.txt`` (extends ``notifications/email/base.txt``) and
   ``<template>.html`` (extends ``notifications/email/base.html``). They get the
   context passed to ``notify()`` plus ``recipient``, ``submission_url``,
   ``sub_items``, ``cosponsorships``, ``site_url`` and ``preferences_url``.
2. Add a line to ``EVENTS`` below, for example::

       "question.asked": (Notice(SUBMITTING_DELEGATION | COSPONSORS, "question_asked",
                                 _("Questions from the Chair's team"), locked=True),),

3. Call ``notify("question.asked", submission=..., actor=..., question=...)``
   inside the service's transaction.

Notices that share a ``kind`` share one preference (accepted and declined
invitations are one choice for the person). ``locked`` notices are always sent
at once: receipts, and questions addressed to one's own delegation.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import rules
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Delivery

DELEGATION_ROLES = (User.Role.DELEGATE, User.Role.FOCAL_POINT)


@dataclass(frozen=True)
class Members:
    """Who a group names for one event: people (with their preferences) and shared mailboxes."""

    users: list = field(default_factory=list)
    mailboxes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Group:
    """A rule naming recipients from the event's context."""

    name: str
    members: Callable[[dict], Members]
    # Whether the group can ever name this person: the preferences page shows only such notices.
    may_include: Callable[[User], bool]

    def __or__(self, other: "Group") -> "Group":
        def members(context: dict) -> Members:
            first, second = self.members(context), other.members(context)
            return Members(users=[*first.users, *second.users], mailboxes=[*first.mailboxes, *second.mailboxes])

        return Group(
            name=f"{self.name}|{other.name}",
            members=members,
            may_include=lambda user: self.may_include(user) or other.may_include(user),
        )


def _active():
    return User.objects.filter(is_active=True).select_related("delegation")


def _mailbox(setting_name: str) -> list[str]:
    address = getattr(settings, setting_name, "")
    return [address] if address else []


def _delegation_members(delegation_ids: Iterable[int]) -> list:
    return list(_active().filter(delegation_id__in=list(delegation_ids), role__in=DELEGATION_ROLES))


def _is_delegate(user) -> bool:
    return user.is_delegate


def _followers(context: dict) -> Members:
    """People following one of the paper's sub-items who may read it (all of them once it is published)."""
    submission = context["submission"]
    sub_item_ids = [item.pk for item in context.get("sub_items") or submission.sub_items.all()]
    followers = _active().filter(follows__agenda_item_id__in=sub_item_ids).distinct()
    if rules.has_perm("submissions.view_public_submission", None, submission):
        return Members(users=list(followers))
    return Members(
        users=[user for user in followers if rules.has_perm("submissions.view_submission", user, submission)]
    )


CHAIR_TEAM = Group(
    "chair_team",
    lambda context: Members(
        users=list(_active().filter(role=User.Role.CHAIR_TEAM)), mailboxes=_mailbox("CHAIR_TEAM_EMAIL")
    ),
    lambda user: user.role == User.Role.CHAIR_TEAM,
)
SECRETARIAT = Group(
    "secretariat",
    lambda context: Members(
        users=list(_active().filter(role=User.Role.SECRETARIAT)), mailboxes=_mailbox("SECRETARIAT_EMAIL")
    ),
    lambda user: user.role == User.Role.SECRETARIAT,
)
REVIEWERS = CHAIR_TEAM | SECRETARIAT
SUBMITTING_DELEGATION = Group(
    "submitting_delegation",
    lambda context: Members(users=_delegation_members([context["submission"].delegation_id])),
    _is_delegate,
)
COSPONSORS = Group(
    "cosponsors",
    lambda context: Members(
        users=_delegation_members(
            context["submission"].cosponsorships.filter(status="accepted").values_list("delegation_id", flat=True)
        )
    ),
    _is_delegate,
)
# The co-sponsors, when the reviewers chose to address them too (the context says so).
ADDRESSED_COSPONSORS = Group(
    "addressed_cosponsors",
    lambda context: COSPONSORS.members(context) if context.get("include_cosponsors") else Members(),
    _is_delegate,
)
INVITED_DELEGATION = Group(
    "invited_delegation",
    lambda context: Members(users=_delegation_members([context["cosponsorship"].delegation_id])),
    _is_delegate,
)
FOLLOWERS = Group("followers", _followers, lambda user: True)


@dataclass(frozen=True)
class Notice:
    to: Group
    template: str
    label: str | Promise
    locked: bool = False
    default: str = Delivery.IMMEDIATE
    kind: str = ""

    @property
    def key(self) -> str:
        return self.kind or self.template


ANSWERS = _("Answers to our co-sponsorship invitations")
FOLLOWED = _("New papers on the sub-items I follow")
# Published papers reach everyone following their sub-items (unpublished ones only those who may read them).
FOLLOWED_PUBLISHED = Notice(
    FOLLOWERS, "followed_paper_published", FOLLOWED, default=Delivery.DIGEST, kind="followed_new_paper"
)

EVENTS: dict[str, tuple[Notice, ...]] = {
    "submission.received": (
        Notice(
            SUBMITTING_DELEGATION, "submission_receipt", _("Receipts for papers my delegation submits"), locked=True
        ),
        Notice(REVIEWERS, "submission_received", _("New papers submitted")),
        Notice(FOLLOWERS, "followed_new_paper", FOLLOWED, default=Delivery.DIGEST),
    ),
    "version.uploaded": (Notice(REVIEWERS, "version_uploaded", _("Revisions of submitted papers")),),
    "cosponsor.invited": (Notice(INVITED_DELEGATION, "cosponsor_invited", _("Invitations to co-sponsor a paper")),),
    "cosponsor.accepted": (Notice(SUBMITTING_DELEGATION, "cosponsor_accepted", ANSWERS, kind="cosponsor_answer"),),
    "cosponsor.declined": (Notice(SUBMITTING_DELEGATION, "cosponsor_declined", ANSWERS, kind="cosponsor_answer"),),
    "submission.withdrawn": (Notice(REVIEWERS | COSPONSORS, "submission_withdrawn", _("Papers withdrawn")),),
    "indexing.failed": (Notice(SECRETARIAT, "indexing_failed", _("Files whose text could not be indexed")),),
    "question.asked": (
        Notice(
            SUBMITTING_DELEGATION | ADDRESSED_COSPONSORS,
            "question_asked",
            _("Questions from the Chair's team"),
            locked=True,
        ),
    ),
    "question.answered": (
        Notice(REVIEWERS, "question_answered", _("Answers of delegations to the Chair's questions")),
    ),
    "decision.announced": (
        Notice(
            SUBMITTING_DELEGATION | COSPONSORS,
            "decision_announced",
            _("Decisions on papers my delegation submits or co-sponsors"),
        ),
    ),
    "submission.published": (
        Notice(
            SUBMITTING_DELEGATION | COSPONSORS,
            "submission_published",
            _("Publication of papers my delegation submits or co-sponsors"),
            kind="publication",
        ),
        FOLLOWED_PUBLISHED,
    ),
    "submission.unpublished": (
        Notice(
            SUBMITTING_DELEGATION | COSPONSORS,
            "submission_unpublished",
            _("Publication of papers my delegation submits or co-sponsors"),
            kind="publication",
        ),
    ),
    "status.changed": (
        Notice(SUBMITTING_DELEGATION, "status_changed", _("Changes in the review status of my delegation's papers")),
    ),
}


def register(event: str, *notices: Notice) -> None:
    """Add an event from another app's ready(), for apps that prefer not to edit EVENTS."""
    EVENTS[event] = tuple(notices)


def kinds_for(user) -> list[Notice]:
    """The kinds of notice that can reach this person, one per preference, in registry order."""
    seen: dict[str, Notice] = {}
    for notices in EVENTS.values():
        for notice in notices:
            if notice.key not in seen and notice.to.may_include(user):
                seen[notice.key] = notice
    return list(seen.values())


def notice_by_kind(kind: str) -> Notice | None:
    for notices in EVENTS.values():
        for notice in notices:
            if notice.key == kind:
                return notice
    return None
