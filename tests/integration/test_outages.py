"""A database outage under running tasks: they wait it out and finish within seconds of its return.

The worker runs on a PostgreSQL cluster of the test's own (a copy of the test database), which the
test stops and starts; the machine's server is never touched.
"""

import time

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions import services
from tests.factories import ChairTeamFactory, make_pdf

from .conftest import test_database_url as source_database_url
from .conftest import wait_for

pytestmark = pytest.mark.integration

RECOVERY_SECONDS = 30


def rows(url: str, sql: str) -> list | None:
    """The rows, or None while the server does not answer."""
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            return conn.execute(sql).fetchall()
    except psycopg.OperationalError:
        return None


def test_extraction_and_mail_tasks_that_meet_a_database_outage_finish_once_it_is_back(
    client, private_postgres, private_redis, use_broker, smtp_server, start_worker, delegate, session, sub_item
):
    ChairTeamFactory(email="chair@un.example")  # someone to tell of the submission
    broker = use_broker(private_redis.url)
    draft = services.create_submission(by=delegate, title="Resilience paper", session=session, sub_items=[sub_item])
    client.force_login(delegate)
    for number in range(3):
        response = client.post(
            reverse("submissions:upload_version", args=[draft.public_id]),
            {"file": SimpleUploadedFile(f"p{number}.pdf", make_pdf(f"Paper part {number}."), "application/pdf"),
             "language": "en", "note": ""},
        )  # fmt: skip
        assert response.status_code == 302
    services.submit_submission(submission=draft, by=delegate)

    # The worker's database: a copy of the test's, on a server of our own, which then goes down.
    url = private_postgres.copy_database(source_database_url())
    messages = rows(url, "SELECT count(*) FROM notifications_message WHERE state = 'queued'")[0][0]
    assert messages >= 2
    private_postgres.stop()
    worker = start_worker(broker_url=broker, database_url=url, extra_env={"EMAIL_URL": smtp_server.url})

    def retrying(task: str, wait: str = "") -> bool:
        return any(task in line and f"Retry in {wait}" in line for line in worker.log_path.read_text().splitlines())

    # Down for about ten seconds, as in a restart under load: long enough for the back-off to reach its cap.
    wait_for(
        lambda: retrying("notifications.tasks.send_message") and retrying("indexing.extract_version", "5s"),
        timeout=60,
        what="the tasks to meet the outage and retry",
    )

    private_postgres.start()
    back = time.monotonic()
    wait_for(
        lambda: (
            rows(url, "SELECT DISTINCT state FROM indexing_extraction") == [("indexed",)]
            and rows(url, "SELECT DISTINCT state FROM notifications_message") == [("sent",)]
        ),
        timeout=90,
        what="every version indexed and every message sent",
    )
    took = time.monotonic() - back
    assert took < RECOVERY_SECONDS, f"the work finished {took:.1f}s after the database was back"
    assert len(rows(url, "SELECT 1 FROM indexing_extraction")) == 3
    # Each message once.
    arrived = smtp_server.received()
    assert len(arrived) == messages == len({message["Message-ID"] for message in arrived})
    # A retry after an outage is not a run that died: no attempt was used up by it.
    assert rows(url, "SELECT DISTINCT attempts FROM indexing_extraction") == [(1,)]
