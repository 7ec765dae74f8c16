import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django import db
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# What a task meets when PostgreSQL or Redis restarts under it: it tries again, soon and often,
# and finishes once the service is back (1, 2, 4, then every 5 s, for about five minutes;
# past that, beat's sweeps pick the work up from the database).
OUTAGE_ERRORS = (OperationalError, InterfaceError, BrokerOperationalError, ConnectionError)
OUTAGE_RETRY = {"retry_backoff": 1, "retry_backoff_max": 5, "retry_jitter": False, "max_retries": 60}

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fixup closes the database connections after every task (unless this is set; then
# after every 2 × this many): each task paid for a new PostgreSQL connection, a server process with
# cold caches (about 3 ms of the worker's CPU and 8-10 ms of the server's, against some 90 ms for a
# whole 65-page PDF). Connections are kept between tasks as between requests instead (below).
app.add_defaults({"CELERY_DB_REUSE_MAX": 1_000_000})
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_connections(sender=None, **kwargs) -> None:
    """As Django does around each request: a connection past CONN_MAX_AGE, or broken (the database
    restarted under a task), is closed and the next query opens a new one; a sound one is checked
    again before its next use (CONN_HEALTH_CHECKS)."""
    if not getattr(getattr(sender, "request", None), "is_eager", False):
        db.close_old_connections()


from celery.worker.consumer import Consumer as _CeleryConsumer  # noqa: E402


class Consumer(_CeleryConsumer):
    """The worker's broker connection, re-established every 5 s at most while the broker is away.

    Celery backs off to 30 s between attempts, so a worker could stay away half a minute after Redis
    came back from a long outage; with this it is back within seconds, however long the outage.
    (Settings: CELERY_WORKER_CONSUMER, and CELERY_BROKER_CONNECTION_MAX_RETRIES, which never gives up.)
    """

    def ensure_connected(self, conn):
        ensure = conn.ensure_connection

        def sooner(*args, **kwargs):
            kwargs.setdefault("interval_start", 1)
            kwargs.setdefault("interval_step", 1)
            kwargs.setdefault("interval_max", 5)
            return ensure(*args, **kwargs)

        conn.ensure_connection = sooner
        return super().ensure_connected(conn)
