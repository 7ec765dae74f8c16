"""Sending one outbox row through the configured mail backend, exactly once where SMTP allows it.

A row is claimed by one atomic UPDATE (queued and due → sending) that also counts the
attempt: a task that runs twice, or the periodic job racing a task, finds nothing to
claim, and the attempt number fences every later write of this run (a run that was
given up for dead cannot overwrite the run that replaced it).

Just before the final "." that asks the SMTP server to take the message, the row is
marked handed over (`handed_over_at`, committed). A worker that dies before that mark
left a message the server cannot have kept: it is sent again. One that dies after it
left a message the server has in full, whose answer was lost: it is recorded as sent
("answer not received") and never sent again, so that nobody gets it twice. The 250
answer is recorded at once, before the connection is closed. See docs/ARCHITECTURE.md,
"Recovery", for the one case that remains.

A temporary refusal puts the row back with its next attempt time (exponential back-off),
which the periodic job honours; a row waiting because the server could not be reached
is sent as soon as the server answers again (a probe, or any other message that goes
through). A permanent refusal fails the row at once with the server's answer.
"""

import enum
import logging
import smtplib
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

from django import db
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .models import Message

logger = logging.getLogger(__name__)

# What the outbox says of a message whose worker died between handing it over and the answer.
UNCONFIRMED = gettext_lazy(
    "Handed to the mail server in full, but its answer was not received (the sending worker stopped). "
    "It was very probably delivered; it is not sent again, so that nobody gets it twice."
)


def stale_after() -> timedelta:
    """A row "sending" for longer than this belongs to a worker that died: every socket operation
    times out after EMAIL_TIMEOUT, so a live worker has finished or failed by then."""
    return timedelta(seconds=float(getattr(settings, "MAIL_STALE_SECONDS", 30)))


class NotHandedOver(Exception):
    """The hand-over could not be recorded: the message must not be handed over (the row stays "sending"
    and is recovered, then sent again)."""


class Superseded(NotHandedOver):
    """This run was given up for dead and its row handed to another: it must not hand the message over."""


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
    # Messages that were waiting for the server were made due again: someone should send them.
    woke: int = 0


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
        .update(state=Message.State.SENDING, attempts=F("attempts") + 1, last_attempt_at=now, handed_over_at=None)
    )
    if not claimed:
        return Result(Outcome.SKIPPED)
    message = Message.objects.get(pk=message_id)
    # This run's rows: the attempt number fences off a run that was given up for dead.
    mine = Message.objects.filter(pk=message_id, attempts=message.attempts)

    handed_over = []

    def hand_over():
        try:
            marked = mine.filter(state=Message.State.SENDING).update(handed_over_at=timezone.now())
        except DatabaseError as error:
            raise NotHandedOver(str(error)) from error
        if not marked:
            raise Superseded
        handed_over.append(True)

    connection = connection or get_connection(fail_silently=False)
    connection.on_handover = hand_over
    try:
        connection.open()
        sent = build_email(message, connection).send()
        if not sent:
            raise ValueError(f"{message.to_email!r} was not accepted as an address")
    except NotHandedOver as error:
        _drop(connection)
        logger.warning("Message %s not handed over (%s); it is sent again by another run", message_id, error)
        return Result(Outcome.SKIPPED)
    except Exception as error:
        _close(connection)
        if handed_over and not isinstance(error, smtplib.SMTPResponseException):
            # The server has the whole message and its answer never came (timeout, dropped connection):
            # as when a worker dies at this point, recorded as sent, never sent twice.
            logger.warning("Message %s handed over, answer not received: %s", message.pk, error)
            _record(mine, state=Message.State.SENT, sent_at=timezone.now(), last_error=str(UNCONFIRMED),
                    next_attempt_at=None, waiting_for_server=False)  # fmt: skip
            return Result(Outcome.SENT)
        permanent, answer, unreachable = classify(error)
        logger.warning("Message %s to %s not sent: %s", message.pk, message.to_email, answer)
        if permanent or message.attempts >= max_attempts():
            if not permanent:
                answer = f"{answer} (gave up after {message.attempts} attempts)"
            _record(mine, state=Message.State.FAILED, last_error=answer, next_attempt_at=None)
            return Result(Outcome.FAILED)
        delay = backoff(message.attempts)
        _record(
            mine,
            state=Message.State.QUEUED,
            last_error=answer,
            next_attempt_at=now + timedelta(seconds=delay),
            waiting_for_server=unreachable,
        )
        return Result(Outcome.RETRY, retry_in=delay, unreachable=unreachable)
    # The server answered 250: say so before anything else can fail (closing the connection may stall).
    _record(
        mine, state=Message.State.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None,
        waiting_for_server=False,
    )  # fmt: skip
    _close(connection)
    return Result(Outcome.SENT, woke=wake_waiting())


def _record(rows, **fields) -> None:
    """Write a run's outcome, waiting out a short database outage (a lost "sent" would mean a resend)."""
    deadline = time.monotonic() + float(getattr(settings, "MAIL_RECORD_PATIENCE_SECONDS", 120))
    pause = 0.5
    while True:
        try:
            rows.update(**fields)
            return
        except DatabaseError:
            if time.monotonic() > deadline:
                raise  # the row stays "sending"; recovery reads handed_over_at and does not resend
            logger.warning("Outbox: the database is unreachable; recording the outcome again in %ss", pause)
            db.close_old_connections()
            time.sleep(pause)
            pause = min(pause * 2, 5)


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # a server that stalls or vanishes at QUIT changes nothing for the message
        logger.debug("Outbox: closing the mail connection failed", exc_info=True)


def _drop(connection) -> None:
    """Cut the connection without QUIT: in the middle of DATA, the server then discards the message."""
    sock_owner = getattr(connection, "connection", None)
    if sock_owner is not None:
        try:
            sock_owner.close()
        finally:
            connection.connection = None


def wake_waiting(now=None) -> int:
    """The server answers again: messages that waited for it are due now, not at their back-off."""
    return Message.objects.filter(state=Message.State.QUEUED, waiting_for_server=True).update(
        next_attempt_at=now or timezone.now(), waiting_for_server=False
    )


def server_answers() -> bool:
    """Open and close one connection to the mail server (no message): is it back?"""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception:
        return False
    _close(connection)
    return True


def recover_interrupted(now=None) -> dict:
    """Rows whose worker died while sending them, within a minute of the death.

    Not yet handed over: the server cannot have kept the message; it is sent again.
    Handed over: the server has it in full and answered a dead worker; recorded as sent.
    """
    now = now or timezone.now()
    stale = Message.objects.filter(state=Message.State.SENDING, last_attempt_at__lt=now - stale_after())
    counts = {
        "unconfirmed": stale.filter(handed_over_at__isnull=False).update(
            state=Message.State.SENT, sent_at=F("handed_over_at"), last_error=str(UNCONFIRMED), next_attempt_at=None
        ),
        "requeued": stale.filter(handed_over_at__isnull=True).update(state=Message.State.QUEUED, next_attempt_at=now),
    }
    if any(counts.values()):
        logger.warning("Outbox: recovered messages of a worker that died while sending: %s", counts)
    return counts


def requeue_stale(now=None) -> int:
    """Kept for callers of the old name: how many interrupted rows were recovered."""
    return sum(recover_interrupted(now).values())


def send_due(*, limit: int = 200) -> int:
    """Send whatever is queued and due (the periodic job); stop early if the server cannot be reached.

    Messages go one after the other, at most MAIL_SEND_RATE a second, so that a backlog after
    an outage reaches the server at once but at a pace it accepts.
    """
    recover_interrupted()
    if (
        Message.objects.filter(state=Message.State.QUEUED, waiting_for_server=True)
        .exclude(next_attempt_at__lte=timezone.now())
        .exists()
        and server_answers()
    ):
        wake_waiting()
    interval = 1 / max(float(getattr(settings, "MAIL_SEND_RATE", 10)), 0.1)
    sent = tried = 0
    while tried < limit:
        due = list(
            Message.objects.filter(state=Message.State.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[: min(50, limit - tried)]
        )
        if not due:
            break
        for message_id in due:
            started = time.monotonic()
            result = deliver(message_id)
            tried += 1
            sent += result.outcome == Outcome.SENT
            if result.unreachable:
                return sent
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
    return sent
