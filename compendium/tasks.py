"""The compendium's task: it takes an id and runs the build; it owns only the time limits."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _

from . import building
from .models import Compendium

# Far above the time 2,000 papers take (docs/PERFORMANCE.md), so only a stuck build is stopped; and
# the hard limit stays under Redis's visibility timeout (settings.CELERY_BROKER_TRANSPORT_OPTIONS),
# past which a running task would be handed to a second worker (it allows for these 660 s).
SOFT_TIME_LIMIT = 600
HARD_TIME_LIMIT = SOFT_TIME_LIMIT + 60


@shared_task(
    name="compendium.build",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=HARD_TIME_LIMIT,
)
def build_compendium(compendium_id: int) -> str:
    try:
        return building.run_build(compendium_id)
    except SoftTimeLimitExceeded:
        Compendium.objects.filter(pk=compendium_id).update(
            state=Compendium.State.FAILED,
            failure_reason=_("The build took longer than %(minutes)d minutes and was stopped; choose fewer papers.")
            % {"minutes": SOFT_TIME_LIMIT // 60},
        )
        return Compendium.State.FAILED
