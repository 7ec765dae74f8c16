"""Sending one outbox row through the configured mail backend, exactly once.

A row is claimed by one atomic UPDATE (queued and due → sending): a task that runs
twice, or the periodic job racing a task, finds nothing to claim. A temporary
refusal puts the row back with its next attempt time (exponential back-off), so
the periodic job honours it even if the broker lost the task's retry. A permanent
refusal fails the row at once with the server's answer.
"""

import enum
import logging
import smtplib
import socket
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from .models import Message

logger = logging.getLogger(__name__)

# A row left "sending" this long belongs to a worker that died mid-send: it is tried again.
STALE_AFTER = timedelta(minutes=15)


class Outcome(enum.Enum):
    SENT = "sent"
    FAILED = "failed"
    RETRY = "retry"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    retry_in: float | None = None
    # The server could not be reached at all: no point trying other messages now.
    unreachable: bool = False


def retry_base_seconds() -> float:
    return float(getattr(settings, "MAIL_RETRY_BASE_SECONDS", 60))


def max_attempts() -> int:
    return int(getattr(settings, "MAIL_MAX_ATTEMPTS", 12))


def backoff(attempts: int) -> float:
    """Seconds before attempt number attempts+1: base, 2×base, 4×base… capped at six hours."""
    return min(retry_base_seconds() * 2 ** max(attempts - 1, 0), 6 * 60 * 60)


def classify(error: Exception) -> tuple[bool, str, bool]:
    """(permanent, the server's answer, server unreachable) for an exception raised while sending."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = list(error.recipients.values())
        permanent = all(code >= 500 for code, _text in answers)
        text = "; ".join(f"{code} {_decode(reply)}" for code, reply in answers)
        return permanent, text, False
    if isinstance(error, smtplib.SMTPAuthenticationError):
        # The portal's credentials, not the message: keep it for when they are fixed.
        return False, f"{error.smtp_code} {_decode(error.smtp_error)}", True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500, f"{error.smtp_code} {_decode(error.smtp_error)}", False
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | socket.timeout | TimeoutError):
        return False, f"{type(error).__name__}: {error}", True
    if isinstance(error, OSError | smtplib.SMTPException):
        return False, f"{type(error).__name__}: {error}", True
    if isinstance(error, ValueError):
        # Django refuses an address it cannot encode: no server would take it either.
        return True, f"Invalid address: {error}", False
    return False, f"{type(error).__name__}: {error}", False


def _decode(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def build_email(message: Message, connection=None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        reply_to=[settings.REPLY_TO_EMAIL] if settings.REPLY_TO_EMAIL else None,
        headers={
            "Message-ID": message.message_id,
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            "Content-Language": message.language,
        },
        connection=connection,
    )
    email.attach_alternative(message.body_html, "text/html")
    return email


def deliver(message_id: int, *, connection=None) -> Result:
    """Send one queued, due message; do nothing if it is not (sent already, being sent, or not due)."""
    now = timezone.now()
    claimed = (
        Message.objects.filter(pk=message_id, state=Message.State.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(state=Message.State.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not claimed:
        return Result(Outcome.SKIPPED)
    message = Message.objects.get(pk=message_id)
    row = Message.objects.filter(pk=message_id, state=Message.State.SENDING)
    try:
        sent = build_email(message, connection or get_connection(fail_silently=False)).send()
        if not sent:
            raise ValueError(f"{message.to_email!r} was not accepted as an address")
    except Exception as error:
        permanent, answer, unreachable = classify(error)
        logger.warning("Message %s to %s not sent: %s", message.pk, message.to_email, answer)
        if permanent or message.attempts >= max_attempts():
            if not permanent:
                answer = f"{answer} (gave up after {message.attempts} attempts)"
            row.update(state=Message.State.FAILED, last_error=answer, next_attempt_at=None)
            return Result(Outcome.FAILED)
        delay = backoff(message.attempts)
        row.update(state=Message.State.QUEUED, last_error=answer, next_attempt_at=now + timedelta(seconds=delay))
        return Result(Outcome.RETRY, retry_in=delay, unreachable=unreachable)
    row.update(state=Message.State.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None)
    return Result(Outcome.SENT)


def requeue_stale(now=None) -> int:
    """Put back rows whose worker died while sending them."""
    now = now or timezone.now()
    return Message.objects.filter(state=Message.State.SENDING, last_attempt_at__lt=now - STALE_AFTER).update(
        state=Message.State.QUEUED, next_attempt_at=now
    )


def send_due(*, limit: int = 200) -> int:
    """Send whatever is queued and due (the periodic job); stop early if the server cannot be reached."""
    requeue_stale()
    due = list(
        Message.objects.filter(state=Message.State.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in due:
        result = deliver(message_id)
        sent += result.outcome == Outcome.SENT
        if result.unreachable:
            break
    return sent
