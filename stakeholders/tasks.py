"""Celery tasks of the stakeholders app: they call a service and own only the retry policy."""

from celery import shared_task

from portal.celery import OUTAGE_ERRORS, OUTAGE_RETRY


@shared_task(name="stakeholders.tasks.close_due_rounds", acks_late=True, autoretry_for=OUTAGE_ERRORS, **OUTAGE_RETRY)
def close_due_rounds() -> int:
    from .services import close_due_rounds

    return close_due_rounds()


@shared_task(name="stakeholders.index_written_input", acks_late=True, autoretry_for=OUTAGE_ERRORS, **OUTAGE_RETRY)
def index_written_input(written_input_id: int) -> None:
    from .consultations import index_file

    index_file(written_input_id=written_input_id)
