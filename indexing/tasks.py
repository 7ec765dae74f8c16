"""Celery tasks of the indexing app: they take an id, call a service, and own retry and time-limit policy."""

import logging
import resource

from celery import shared_task
from celery.signals import worker_init, worker_process_init, worker_ready
from django.conf import settings

from portal.celery import OUTAGE_ERRORS, OUTAGE_RETRY

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    name="indexing.extract_version",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=services.SOFT_TIME_LIMIT,
    time_limit=services.HARD_TIME_LIMIT,
    autoretry_for=OUTAGE_ERRORS,
    ignore_result=True,  # the row holds the outcome
    **OUTAGE_RETRY,
)
def extract_version(self, version_id: int) -> str:
    # A retry after a database or broker outage is not a run that died: it does not use up an attempt.
    extraction = services.run_extraction(
        version_id=version_id, task_id=self.request.id or "", count_attempt=not self.request.retries
    )
    return extraction.state if extraction else "skipped"


# Routed to the default queue (settings.CELERY_TASK_ROUTES), not behind long files on the extraction
# queue: the sweep must run while every extraction worker is busy, and must not count itself as waiting work.
@shared_task(name="indexing.tasks.requeue_stale_versions", acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stale_versions() -> dict:
    return services.requeue_stale_versions()


@worker_ready.connect
def sweep_when_a_worker_starts(sender=None, **kwargs) -> None:
    """A worker back from a crash asks for the sweep at once instead of waiting for beat's next tick."""
    try:
        requeue_stale_versions.apply_async(retry=False)
    except Exception:  # the broker is away; beat will run the sweep when it is back
        logger.warning("indexing: could not ask for the stale-work sweep at worker start", exc_info=True)


@worker_init.connect
def prepare_extraction_worker(sender=None, **kwargs) -> None:
    """In an extraction worker's main process, before it forks its children: the readers imported and
    the language models loaded once, shared by every child, instead of in each child's first file."""
    if "extraction" not in sender.app.amqp.queues.consume_from:
        return
    from . import language
    from .extractors import office, pdf, plaintext  # noqa: F401

    language.warm_up()


@worker_process_init.connect
def limit_child_memory(**kwargs) -> None:
    """A ceiling on each worker child's address space: a hostile file fails with MemoryError
    (or, at worst, kills its child, whose task is then redelivered) instead of taking the machine."""
    limit_mb = getattr(settings, "INDEXING_WORKER_ADDRESS_SPACE_MB", 4096)
    if not limit_mb:
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb * 1024 * 1024, resource.RLIM_INFINITY))
    except (ValueError, OSError):
        logger.warning("indexing: could not limit worker memory to %s MB", limit_mb)
