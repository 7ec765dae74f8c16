"""Every change to the outbox and to notification preferences: one function each.

``notify()`` is called inside the service transaction of the event that causes it.
It writes one Message row per recipient address (rendered in that person's
language) and queues sending once the transaction commits. If the broker is down
the rows wait: ``notifications.tasks.send_pending`` sends them.
"""

import logging
from email.utils import make_msgid
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.decorators import require
from audit.services import audit
from common.kept import forget

from .events import EVENTS, SUBJECTS, Notice, Subject, kinds_for
from .models import Delivery, Follow, Message, Preference
from .rendering import language_for, render_email

logger = logging.getLogger(__name__)


class UnknownEvent(ValueError):
    pass


def _message_id() -> str:
    return make_msgid(domain=urlparse(settings.SITE_URL).hostname or "oewg-portal.localhost")


NO_SUBJECT = Subject(instance=lambda context: None)


def _deliveries(notice: Notice, users: list) -> dict[int, str]:
    if notice.locked:
        return {user.pk: Delivery.IMMEDIATE for user in users}
    if not users:  # nobody to ask about (no reviewer, no follower): not even a query to build
        return {}
    chosen = dict(Preference.objects.filter(user__in=users, kind=notice.key).values_list("user_id", "delivery"))
    return {user.pk: chosen.get(user.pk, notice.default) for user in users}


def notify(event: str, **context) -> list[Message]:
    """Write the outbox rows of an event, inside the caller's transaction, and send them after commit."""
    notices = EVENTS.get(event)
    if notices is None:
        raise UnknownEvent(
            f"No notices are registered for the event {event!r}; register it in the notices.py of the app that raises it."
        )
    about = SUBJECTS.get(event, NO_SUBJECT)
    # What every template may use, computed once per event rather than once per recipient.
    context = {**context, **about.prepare(context)}
    instance = about.instance(context)
    about_type = ContentType.objects.get_for_model(instance) if instance is not None else None
    now = timezone.now()
    addressed: set[str] = set()
    messages: list[Message] = []

    def add(notice: Notice, email: str, user, delivery: str) -> None:
        language = language_for(user)
        personal = {**context, "recipient": user, "notice": notice, **about.personalise(user, context)}
        rendered = render_email(notice.template, personal, language=language)
        addressed.add(email.lower())
        messages.append(
            Message(
                event=event,
                kind=notice.key,
                recipient=user,
                to_email=email,
                language=language,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                url=personal.get("url", ""),
                about_type=about_type,
                about_id=instance.pk if instance is not None else None,
                message_id=_message_id(),
                state=Message.State.HELD if delivery == Delivery.DIGEST else Message.State.QUEUED,
                next_attempt_at=now if delivery == Delivery.IMMEDIATE else None,
            )
        )

    for notice in notices:
        members = notice.to.members(context)
        users = [user for user in members.users if user.email]
        deliveries = _deliveries(notice, users)
        for user in users:
            if deliveries[user.pk] != Delivery.OFF and user.email.lower() not in addressed:
                add(notice, user.email, user, deliveries[user.pk])
        for mailbox in members.mailboxes:
            if mailbox.lower() not in addressed:
                add(notice, mailbox, None, Delivery.IMMEDIATE)
    Message.objects.bulk_create(messages)
    send_after_commit([message.pk for message in messages if message.state == Message.State.QUEUED])
    return messages


def send_after_commit(message_ids: list[int]) -> None:
    if message_ids:
        transaction.on_commit(lambda: enqueue(message_ids))


def enqueue(message_ids: list[int]) -> None:
    """Hand messages to the broker; if it is down they wait in the outbox for the periodic job."""
    from .tasks import send_message

    for message_id in message_ids:
        try:
            send_message.apply_async(
                args=[message_id],
                retry=True,
                retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
            )
        except Exception:
            logger.warning(
                "Could not queue messages %s: the broker is unreachable; the periodic job will send them.",
                message_ids,
                exc_info=True,
            )
            return


# --- Resending ----------------------------------------------------------------


@transaction.atomic
def resend_message(*, message: Message, by) -> Message:
    """Send a message again: a failed one is retried, a sent one is sent anew as a copy."""
    require(by, "notifications.resend_message")
    message = Message.objects.select_for_update().get(pk=message.pk)
    now = timezone.now()
    if message.state == Message.State.FAILED:
        message.state = Message.State.QUEUED
        message.attempts = 0
        message.next_attempt_at = now
        message.save(update_fields=["state", "attempts", "next_attempt_at"])
        queued = message
    elif message.state == Message.State.SENT:
        queued = Message.objects.create(
            **{
                name: getattr(message, name)
                for name in ("event", "kind", "recipient", "to_email", "language", "subject", "body_text")
            },
            body_html=message.body_html,
            url=message.url,
            about_type_id=message.about_type_id,
            about_id=message.about_id,
            message_id=_message_id(),
            state=Message.State.QUEUED,
            next_attempt_at=now,
            resend_of=message,
        )
    elif message.state == Message.State.QUEUED:
        # Waiting for its next attempt: try now instead.
        message.next_attempt_at = now
        message.save(update_fields=["next_attempt_at"])
        queued = message
    else:
        return message  # being sent right now, or part of a digest
    audit(by, "message.resent", message, to=message.to_email)
    send_after_commit([queued.pk])
    return queued


def resend_failed(*, by) -> int:
    require(by, "notifications.resend_message")
    failed = list(Message.objects.filter(state=Message.State.FAILED).order_by("pk"))
    for message in failed:
        resend_message(message=message, by=by)
    return len(failed)


# --- Preferences ----------------------------------------------------------------


@transaction.atomic
def update_preferences(*, user, deliveries: dict[str, str], followed_items=None) -> None:
    """Save how the person wants each kind of notice; locked kinds and unknown kinds are ignored."""
    allowed = {notice.key for notice in kinds_for(user) if not notice.locked}
    valid = set(Delivery.values)
    for kind, delivery in deliveries.items():
        if kind in allowed and delivery in valid:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    if followed_items is not None:
        wanted = {item.pk for item in followed_items if item.parent_id is not None}
        Follow.objects.filter(user=user).exclude(agenda_item_id__in=wanted).delete()
        existing = set(Follow.objects.filter(user=user).values_list("agenda_item_id", flat=True))
        Follow.objects.bulk_create([Follow(user=user, agenda_item_id=pk) for pk in sorted(wanted - existing)])
        forget("notifications.followed-sub-items")  # bulk_create tells no signal


def delivery_for(user, notice: Notice) -> str:
    if notice.locked:
        return Delivery.IMMEDIATE
    preference = Preference.objects.filter(user=user, kind=notice.key).first()
    return preference.delivery if preference else notice.default


# --- Daily digests ------------------------------------------------------------


def compose_digests() -> int:
    """Gather each person's held notices into one digest message; return how many digests were written."""
    user_ids = list(
        Message.objects.filter(state=Message.State.HELD, recipient__isnull=False)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(_compose_digest(user_id) for user_id in user_ids)


@transaction.atomic
def _compose_digest(user_id: int) -> int:
    items = list(
        Message.objects.select_for_update(skip_locked=True)
        .filter(state=Message.State.HELD, recipient_id=user_id)
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
    if not items:
        return 0  # another run took them
    user = items[0].recipient
    language = language_for(user)
    rendered = render_email("digest", {"recipient": user, "items": items}, language=language)
    digest = Message.objects.create(
        event="digest",
        kind="digest",
        recipient=user,
        to_email=user.email,
        language=language,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        message_id=_message_id(),
        state=Message.State.QUEUED,
        next_attempt_at=timezone.now(),
    )
    Message.objects.filter(pk__in=[item.pk for item in items]).update(state=Message.State.DIGESTED, digest=digest)
    send_after_commit([digest.pk])
    return 1
