"""Mail tasks: take an id, call the sending service, own the retry policy."""

from celery import shared_task

from . import sending, services


@shared_task(name="notifications.tasks.send_message", bind=True, max_retries=None, acks_late=True)
def send_message(self, message_id: int) -> str:
    result = sending.deliver(message_id)
    if result.retry_in is not None and not self.request.is_eager:
        # The row holds next_attempt_at too: if this retry is lost, send_pending picks the message up.
        raise self.retry(countdown=result.retry_in)
    return result.outcome.value


@shared_task(name="notifications.tasks.send_pending")
def send_pending() -> int:
    return sending.send_due()


@shared_task(name="notifications.tasks.send_daily_digests")
def send_daily_digests() -> int:
    return services.compose_digests()
