"""Celery tasks of the indexing app: they take an id, call a service, and own retry and time-limit policy."""

import logging
import resource

from celery import shared_task
from celery.signals import worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    name="indexing.extract_version",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=services.SOFT_TIME_LIMIT,
    time_limit=services.HARD_TIME_LIMIT,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def extract_version(self, version_id: int) -> str:
    extraction = services.run_extraction(version_id=version_id, task_id=self.request.id or "")
    return extraction.state if extraction else "skipped"


@shared_task(name="indexing.tasks.requeue_stale_versions", acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stale_versions() -> dict:
    return services.requeue_stale_versions()


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
