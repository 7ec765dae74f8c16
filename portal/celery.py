import os

from celery import Celery
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
app.autodiscover_tasks()
