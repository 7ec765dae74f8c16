"""The compendium built by a real `celery worker` on Redis and PostgreSQL, and cancelled while it runs.

The worker is held at its first write to the compendium's row by a lock the test takes from another
connection; the cancel is written under that lock, so it always lands while the build runs.
"""

import psycopg
import pytest

from compendium import services
from compendium.models import Compendium
from tests.compendium.conftest import choices, world  # noqa: F401 (the fixture)

from .conftest import test_database_url as database_url
from .conftest import wait_for, worker_waiting_on_lock

pytestmark = pytest.mark.integration


def state(compendium) -> str:
    return Compendium.objects.values_list("state", flat=True).get(pk=compendium.pk)


def test_a_worker_builds_the_compendium_on_the_default_queue(world, worker, chair_team):  # noqa: F811
    compendium = services.start_compendium(by=chair_team, choices=choices(world))

    wait_for(lambda: state(compendium) == Compendium.State.READY, timeout=120, what="the compendium built")
    compendium.refresh_from_db()
    assert compendium.paper_count == 3
    assert compendium.proposals.filter(text__startswith="We propose the establishment").count() == 2
    with compendium.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_running_build_is_cancelled_and_writes_no_document(world, worker, chair_team):  # noqa: F811
    with psycopg.connect(database_url()) as conn:
        compendium = services.start_compendium(by=chair_team, choices=choices(world))
        conn.execute("SELECT 1 FROM compendium_compendium WHERE id = %s FOR UPDATE", [compendium.pk])
        wait_for(lambda: worker_waiting_on_lock(conn), timeout=60, what="the worker at the compendium's row")
        conn.execute("UPDATE compendium_compendium SET cancel_requested = true WHERE id = %s", [compendium.pk])
        conn.commit()

    wait_for(lambda: state(compendium) == Compendium.State.CANCELLED, timeout=60, what="the build cancelled")
    compendium.refresh_from_db()
    assert not compendium.pdf and not compendium.docx and not compendium.csv
