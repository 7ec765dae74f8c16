"""Mail tasks: take an id, call the sending service, own the retry policy."""

import logging

from celery import shared_task

from portal.celery import OUTAGE_ERRORS, OUTAGE_RETRY

from . import sending, services

logger = logging.getLogger(__name__)


# A message the server refused for now waits in the outbox (next_attempt_at), not in the broker:
# send_pending, run by beat every few seconds, sends it when due. So no task sits in Redis with a
# long countdown, and a redelivered task finds nothing to claim.
@shared_task(
    name="notifications.tasks.send_message", bind=True, acks_late=True, autoretry_for=OUTAGE_ERRORS, **OUTAGE_RETRY
)
def send_message(self, message_id: int) -> str:
    result = sending.deliver(message_id)
    if result.woke and not self.request.is_eager:
        # The server is back: those that waited for it go now, one after the other.
        try:
            send_pending.apply_async(retry=False)
        except Exception:
            logger.warning("Outbox: could not queue the waiting messages; beat will send them", exc_info=True)
    return result.outcome.value


# Run by beat every few seconds: after an outage the next run is the retry.
@shared_task(name="notifications.tasks.send_pending")
def send_pending() -> int:
    return sending.send_due()


@shared_task(name="notifications.tasks.send_daily_digests")
def send_daily_digests() -> int:
    return services.compose_digests()
