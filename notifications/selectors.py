"""Reads of the outbox and of preferences, scoped to what the person may see."""

import rules
from django.db.models import Count, Q, QuerySet

from agenda.models import AgendaItem
from common.kept import kept

from .events import kinds_for
from .models import Follow, Message, Preference


def messages_for(user) -> QuerySet[Message]:
    """The messages the portal sent this person (digest parts included), newest first."""
    if not user.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(recipient=user).select_related("digest").order_by("-created_at", "-id")


def message_for(user, public_id) -> Message | None:
    """One message: the person's own; the Secretariat may open any from the outbox."""
    if not user.is_authenticated:
        return None
    messages = Message.objects.select_related("recipient", "digest")
    if not rules.has_perm("notifications.view_outbox", user):
        messages = messages.filter(recipient=user)
    return messages.filter(public_id=public_id).first()


def outbox(*, state: str = "", query: str = "") -> QuerySet[Message]:
    messages = Message.objects.select_related("recipient").order_by("-created_at", "-id")
    if state:
        messages = messages.filter(state=state)
    if query:
        messages = messages.filter(Q(to_email__icontains=query) | Q(subject__icontains=query))
    return messages


def outbox_counts() -> dict[str, int]:
    return dict(Message.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))


def preferences_for(user) -> list[dict]:
    """Each kind of notice that can reach the person, with how they receive it now."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        {
            "kind": notice.key,
            "label": notice.label,
            "locked": notice.locked,
            "delivery": "immediate" if notice.locked else chosen.get(notice.key, notice.default),
        }
        for notice in kinds_for(user)
    ]


def followable_items() -> QuerySet[AgendaItem]:
    """Agenda sub-items (5(a)…), those of the current body first."""
    return (
        AgendaItem.objects.filter(parent__isnull=False)
        .select_related("body", "parent")
        .order_by("-body__is_current", "body__name", "order", "code")
    )


def followed_sub_items() -> set[int]:
    """The sub-items someone follows: most events concern none of them, and then nobody is read.

    Kept in the cache between changes of the follows (common.kept, NotificationsConfig.ready).
    """
    return kept(
        "notifications.followed-sub-items", lambda: set(Follow.objects.values_list("agenda_item_id", flat=True))
    )


def followed_item_ids(user) -> set[int]:
    return set(Follow.objects.filter(user=user).values_list("agenda_item_id", flat=True))
