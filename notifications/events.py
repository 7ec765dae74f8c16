"""Which events send what to whom: the registry, filled by the apps that raise the events.

Notifications knows no domain model. The app that raises an event registers it, in its
AppConfig.ready, from its own ``notices.py`` (``submissions/notices.py``, ``review/notices.py``…),
with the notices it sends and its email templates, which live in that app. Adding an event:

1. Write ``<app>/templates/<app>/email/<name>.subject.txt``, ``<name>.txt`` (extends
   ``notifications/email/base.txt``) and ``<name>.html`` (extends ``notifications/email/base.html``).
   They get the context passed to ``notify()``, what the event's ``Subject`` adds (for a paper:
   ``submission_url``, ``sub_items``, ``cosponsorships``), and ``recipient``, ``url``,
   ``site_url`` and ``preferences_url``.
2. Register it in the app's ``notices.py``, for example::

       register(
           "question.asked",
           Notice(SUBMITTING_DELEGATION | ADDRESSED_COSPONSORS, "review/email/question_asked",
                  _("Questions from the Chair's team"), locked=True),
           about=PAPER,
       )

3. Call ``notify("question.asked", submission=..., actor=..., question=...)`` inside the
   service's transaction.

A notice's kind (its preference, and ``Message.kind``) is its template's name without the folder,
unless it says otherwise. Notices that share a kind share one preference (accepted and declined
invitations are one choice for the person). ``locked`` notices are always sent at once: receipts,
and questions addressed to one's own delegation.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Model
from django.utils.functional import Promise

from accounts.models import User
from accounts.rules import is_chair_team_member, is_secretariat_member
from common.kept import kept

from .models import Delivery


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


def active_users():
    return User.objects.filter(is_active=True).select_related("delegation")


def delegation_members(delegation_ids: Iterable[int]) -> list:
    """The active delegates and focal points of these delegations."""
    return list(User.objects.delegation_members(delegation_ids).select_related("delegation"))


def _mailbox(setting_name: str) -> list[str]:
    address = getattr(settings, setting_name, "")
    return [address] if address else []


def staff() -> list:
    """The active members of the Chair's team and the Secretariat, with their delegations.

    Nearly every event tells them; kept in the cache between changes of people or delegations
    (common.kept, registered in NotificationsConfig.ready) rather than read for each event.
    """
    return kept(
        "notifications.staff",
        lambda: list(
            (User.objects.holding(User.Role.CHAIR_TEAM) | User.objects.holding(User.Role.SECRETARIAT)).select_related(
                "delegation"
            )
        ),
    )


# The staff and their shared mailboxes: groups every app's notices may name.
CHAIR_TEAM = Group(
    "chair_team",
    lambda context: Members(
        users=[user for user in staff() if user.role == User.Role.CHAIR_TEAM],
        mailboxes=_mailbox("CHAIR_TEAM_EMAIL"),
    ),
    is_chair_team_member,
)
SECRETARIAT = Group(
    "secretariat",
    lambda context: Members(
        users=[user for user in staff() if user.role == User.Role.SECRETARIAT],
        mailboxes=_mailbox("SECRETARIAT_EMAIL"),
    ),
    is_secretariat_member,
)
# Both staff groups at once (CHAIR_TEAM | SECRETARIAT would list them one after the other).
REVIEWERS = Group(
    "chair_team|secretariat",
    lambda context: Members(
        users=staff(),
        mailboxes=_mailbox("CHAIR_TEAM_EMAIL") + _mailbox("SECRETARIAT_EMAIL"),
    ),
    lambda user: is_chair_team_member(user) or is_secretariat_member(user),
)


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
        return self.kind or self.template.rsplit("/", 1)[-1]


def _nothing(context: dict) -> dict:
    return {}


def _no_change(user, context: dict) -> dict:
    return {}


@dataclass(frozen=True)
class Subject:
    """What an event's messages are about, as the app that registers the event knows it."""

    # The object the messages are about (the outbox keeps a generic reference to it), or None.
    instance: Callable[[dict], Model | None]
    # Computed once per event: what every template may use besides notify()'s context; "url" is the link.
    prepare: Callable[[dict], dict] = _nothing
    # Per recipient (None for a shared mailbox): what changes for this person, such as no link to a
    # page they may not open.
    personalise: Callable[[object, dict], dict] = _no_change


EVENTS: dict[str, tuple[Notice, ...]] = {}
SUBJECTS: dict[str, Subject] = {}


def register(event: str, *notices: Notice, about: Subject | None = None) -> None:
    """Register an event with its notices, from the ready() of the app that raises it."""
    EVENTS[event] = tuple(notices)
    if about is not None:
        SUBJECTS[event] = about


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
