"""Indexing end to end: a real `celery worker`, Redis and PostgreSQL; workers killed, Redis emptied.

A worker is held in the middle of its task by a row lock that the test takes on the version's
extraction row; so the kill always lands mid-task, without a sleep or a race.
"""

import datetime
import subprocess
from contextlib import contextmanager

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF

from indexing import services
from indexing.models import Extraction
from submissions import services as submission_services
from tests.factories import make_pdf
from tests.indexing.corpus import encrypted_pdf

from .conftest import WorkerProcess, wait_for
from .conftest import test_database_url as database_url

pytestmark = pytest.mark.integration

PHRASE = "cooperative lighthouse mechanisms"


def hundred_page_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(1, 101):
        pdf.add_page()
        body = f"Page {number}. The working group discussed the needs of the States and their points of contact. " * 8
        if number == 80:
            body += f"A voluntary glossary of {PHRASE} is proposed here. "
        pdf.multi_cell(0, 6, body)
    return bytes(pdf.output())


@pytest.fixture
def draft(delegate, session, sub_item):
    return submission_services.create_submission(
        by=delegate, title="Lighthouse proposal", session=session, sub_items=[sub_item]
    )


def upload_through_the_page(client, delegate, draft, data: bytes, name: str = "paper.pdf"):
    client.force_login(delegate)
    response = client.post(
        reverse("submissions:upload_version", args=[draft.public_id]),
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf"), "language": "en", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return draft.versions.order_by("-number").first()


def state_of(version) -> str:
    extraction = Extraction.objects.filter(version=version).first()
    return extraction.state if extraction else "missing"


def wait_until_done(version, worker, timeout: float = 60) -> Extraction:
    try:
        wait_for(
            lambda: state_of(version) in ("indexed", "failed"),
            timeout=timeout,
            what=f"version {version.pk} to be indexed",
        )
    except AssertionError:
        raise AssertionError(f"state {state_of(version)}; worker log:\n{worker.log()}")
    return Extraction.objects.get(version=version)


@contextmanager
def row_locked(version):
    """Hold the extraction row locked from another connection: a worker that reaches it waits."""
    with psycopg.connect(database_url()) as conn:
        conn.execute("SELECT 1 FROM indexing_extraction WHERE version_id = %s FOR UPDATE", [version.pk])
        yield conn
        conn.rollback()


def worker_waiting_on_lock(conn) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    ).fetchone()
    return row[0] > 0


def worker_children(worker: WorkerProcess) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(worker.process.pid)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def test_upload_is_indexed_by_a_real_worker_and_found_by_a_phrase_from_page_80(
    client, worker, delegate, draft, secretariat
):
    version = upload_through_the_page(client, delegate, draft, hundred_page_pdf(), name="long.pdf")
    extraction = wait_until_done(version, worker)
    assert extraction.state == "indexed", extraction.failure_reason
    assert (extraction.pages, extraction.detected_language) == (100, "en")
    assert extraction.words > 10_000

    submission_services.submit_submission(submission=draft, by=delegate)
    client.force_login(secretariat)
    page = client.get(reverse("indexing:search"), {"q": f'"{PHRASE}"'}).content.decode()
    assert "Lighthouse proposal" in page
    assert f"<mark>{PHRASE}</mark>" in page
    page = client.get(reverse("indexing:search"), {"q": "working group needs"}).content.decode()
    assert "Lighthouse proposal" in page


def test_password_protected_pdf_ends_failed_with_that_reason(client, worker, delegate, draft):
    version = upload_through_the_page(client, delegate, draft, encrypted_pdf(), name="locked.pdf")
    extraction = wait_until_done(version, worker)
    assert extraction.state == "failed"
    assert "password-protected" in extraction.failure_reason


def test_a_worker_child_killed_mid_task_loses_nothing(client, real_broker, delegate, draft):
    """Late acknowledgement and rejection on worker loss: the broker gives the task to a new child."""
    version = upload_through_the_page(client, delegate, draft, make_pdf("Killed while reading."))
    worker = WorkerProcess(broker_url=real_broker)
    try:
        with row_locked(version) as conn:
            worker.start()
            wait_for(lambda: worker_waiting_on_lock(conn), timeout=30, what="the worker to be mid-task")
            children = worker_children(worker)
            assert children, worker.log()
            for pid in children:
                subprocess.run(["kill", "-KILL", str(pid)], check=True)  # as the OOM killer would
        extraction = wait_until_done(version, worker)
        assert extraction.state == "indexed", extraction.failure_reason
        assert "WorkerLostError" in worker.log() or "exited with signal" in worker.log()
    finally:
        worker.stop()


def test_a_killed_worker_restarted_finishes_the_task(client, real_broker, delegate, draft):
    """The whole worker is SIGKILLed mid-task; after a restart, the periodic job sends the task again."""
    version = upload_through_the_page(client, delegate, draft, make_pdf("Killed worker, restarted."))
    first = WorkerProcess(broker_url=real_broker)
    with row_locked(version) as conn:
        first.start()
        wait_for(lambda: worker_waiting_on_lock(conn), timeout=30, what="the worker to be mid-task")
        first.kill()
    assert state_of(version) == "waiting"
    second = WorkerProcess(broker_url=real_broker).start()
    try:
        # The periodic job, run as beat would run it once the waiting grace has passed.
        later = timezone.now() + services.WAITING_GRACE + datetime.timedelta(seconds=1)
        assert services.requeue_stale_versions(now=later)["requeued"] == 1
        extraction = wait_until_done(version, second)
        assert extraction.state == "indexed", extraction.failure_reason
    finally:
        second.stop()


def test_redis_restarted_empty_loses_nothing(client, private_redis, use_broker, delegate, draft):
    use_broker(private_redis.url)
    # Redis is down at upload: the delegate's upload still succeeds, the version waits.
    private_redis.stop()
    down = upload_through_the_page(client, delegate, draft, make_pdf("Uploaded while Redis was down."))
    assert state_of(down) == "waiting"
    # Redis is back, empty; a message queued now is lost when it restarts empty again.
    private_redis.start()
    lost = upload_through_the_page(client, delegate, draft, make_pdf("Queued, then lost with Redis."))
    private_redis.stop()
    private_redis.start()
    worker = WorkerProcess(broker_url=private_redis.url).start()
    try:
        assert state_of(down) == state_of(lost) == "waiting"
        later = timezone.now() + services.WAITING_GRACE + datetime.timedelta(seconds=1)
        assert services.requeue_stale_versions(now=later)["requeued"] == 2
        for version in (down, lost):
            extraction = wait_until_done(version, worker)
            assert extraction.state == "indexed", extraction.failure_reason
    finally:
        worker.stop()
