"""Indexing end to end: a real `celery worker`, Redis and PostgreSQL; workers killed, Redis emptied.

A worker is held in the middle of its task by a row lock that the test takes on the version's
extraction row; so the kill always lands mid-task, without a sleep or a race.
"""

import subprocess
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fpdf import FPDF

from indexing.models import Extraction
from submissions import services as submission_services
from tests.factories import make_pdf
from tests.indexing.corpus import encrypted_pdf

from .conftest import WorkerProcess, wait_for, worker_waiting_on_lock
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


def slow_pdf(pages: int = 300) -> bytes:
    """A small PDF that takes seconds to read: its pages share one long content stream."""
    text = b"".join(
        b"BT /F1 6 Tf 20 %d Td (Confidence-building measures and points of contact, line %d.) Tj ET\n"
        % (800 - (line % 130) * 6, line)
        for line in range(400)
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + n) for n in range(pages)) + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    ] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


RECOVERY_SECONDS = 30


def test_a_worker_killed_mid_file_is_caught_up_within_seconds_of_a_worker_being_back(
    client, real_broker, delegate, draft
):
    """kill -9 of the whole worker (and its beat) while it reads two files that take seconds each.

    Redis keeps the dead worker's messages for its visibility timeout (minutes); the runs' heartbeats
    stop, and the sweep of the restarted worker's beat hands both versions to it within seconds.
    """
    first = WorkerProcess(broker_url=real_broker, concurrency=2, beat=True).start()
    try:
        versions = [
            upload_through_the_page(client, delegate, draft, slow_pdf(80), name=f"slow-{n}.pdf") for n in (1, 2)
        ]
        wait_for(
            lambda: all(state_of(version) == "indexing" for version in versions),
            timeout=60,
            what="both files to be in the middle of being read",
        )
    finally:
        first.kill()
    assert [state_of(version) for version in versions] == ["indexing", "indexing"]
    assert "succeeded in" not in "".join(line for line in first.log().splitlines() if "extract_version" in line)

    second = WorkerProcess(broker_url=real_broker, concurrency=2, beat=True)
    back = time.monotonic()
    second.start()
    try:
        for version in versions:
            extraction = wait_until_done(version, second, timeout=90)
            assert extraction.state == "indexed", extraction.failure_reason
            assert extraction.pages == 80
        took = time.monotonic() - back
        assert took < RECOVERY_SECONDS, f"the interrupted versions were indexed {took:.1f}s after the worker was back"
        assert Extraction.objects.get(version=versions[0]).attempts == 2  # the dead run counts
    finally:
        second.stop()


def test_redis_restarted_empty_loses_nothing(client, private_redis, use_broker, delegate, draft):
    broker = use_broker(private_redis.url)
    # Queued while no worker runs, then Redis restarts empty: the message is gone.
    lost = upload_through_the_page(client, delegate, draft, make_pdf("Queued, then lost with Redis."))
    private_redis.stop()
    private_redis.start()
    worker = WorkerProcess(broker_url=broker, beat=True).start()
    try:
        # Redis is down at upload: the delegate's upload still succeeds, the version waits.
        private_redis.stop()
        down = upload_through_the_page(client, delegate, draft, make_pdf("Uploaded while Redis was down."))
        assert state_of(lost) == state_of(down) == "waiting"
        private_redis.start()  # back, empty: the running worker and its beat reconnect by themselves
        back = time.monotonic()
        for version in (lost, down):
            extraction = wait_until_done(version, worker, timeout=90)
            assert extraction.state == "indexed", extraction.failure_reason
        took = time.monotonic() - back
        assert took < RECOVERY_SECONDS, f"indexed {took:.1f}s after Redis was back"
    finally:
        worker.stop()
