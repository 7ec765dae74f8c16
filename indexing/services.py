"""Every change to the indexing state of a version: one function each, called by tasks, views and commands."""

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django import db
from django.conf import settings
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import require
from audit.services import audit
from notifications.services import notify

from . import search, vector
from .extractors import ExtractionFailed, extract
from .language import detect_language
from .models import Extraction
from .text import count_words, has_cjk, index_form

logger = logging.getLogger(__name__)

# Time limits of one extraction (seconds): soft raises in the task, hard kills the worker child.
SOFT_TIME_LIMIT = getattr(settings, "INDEXING_SOFT_TIME_LIMIT", 240)
HARD_TIME_LIMIT = getattr(settings, "INDEXING_HARD_TIME_LIMIT", 300)
# A version whose runs died this many times (killed, out of memory) is not tried again.
MAX_ATTEMPTS = getattr(settings, "INDEXING_MAX_ATTEMPTS", 3)
# A version still waiting after this was probably lost with the broker: the periodic job sends it again.
WAITING_GRACE = timedelta(seconds=getattr(settings, "INDEXING_WAITING_GRACE", 20))
# A run proves it is alive by touching its row this often; a row not touched for three beats
# belongs to a run that died (worker killed, machine lost) and is taken over.
HEARTBEAT_SECONDS = getattr(settings, "INDEXING_HEARTBEAT_SECONDS", 3)
STALLED_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)
STALE_BATCH = 500


def schedule_indexing(version, *, now=None) -> Extraction:
    """Mark the version waiting and queue its extraction once the caller's transaction commits."""
    # One INSERT … ON CONFLICT: a new version's row is made, a re-indexed one's is reset, in one
    # statement (update_or_create took six with its savepoints and its SELECT … FOR UPDATE).
    waiting = {
        "state": Extraction.State.WAITING,
        "failure_reason": "",
        "queued_at": now or timezone.now(),
        "task_id": "",
        "attempts": 0,
        "started_at": None,
        "finished_at": None,
    }
    (extraction,) = Extraction.objects.bulk_create(
        [Extraction(version=version, **waiting)],
        update_conflicts=True,
        unique_fields=["version"],
        update_fields=list(waiting),
    )
    # Written without save(): those who follow the rows' saves (the review queue's cache) are told as
    # save() would tell them.
    post_save.send(
        Extraction,
        instance=extraction,
        created=False,
        update_fields=None,
        raw=False,
        using=db.connection.alias,
    )
    version_id = version.pk
    # Never before the commit: the worker must find the row. A broker that is down costs
    # nothing here: the row stays waiting and the periodic job sends it again.
    transaction.on_commit(lambda: enqueue(version_id), robust=True)
    return extraction


def enqueue(version_id: int) -> bool:
    from .tasks import extract_version

    try:
        extract_version.apply_async(
            args=[version_id],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        )
    except Exception:  # the broker is unreachable; never an error page for the delegate
        logger.warning("indexing: could not queue version %s; the periodic job will retry", version_id, exc_info=True)
        return False
    return True


@transaction.atomic
def reindex_version(*, version, by) -> Extraction:
    require(by, "indexing.reindex")
    audit(by, "version.reindexed", version)
    return schedule_indexing(version)


def reindex_failed(*, by) -> int:
    """Queue every failed version again; returns how many."""
    require(by, "indexing.reindex")
    count = 0
    failed = Extraction.objects.filter(state=Extraction.State.FAILED).select_related("version").order_by("pk")
    with transaction.atomic():
        for extraction in failed.iterator(chunk_size=500):
            audit(by, "version.reindexed", extraction.version, after="failed")
            schedule_indexing(extraction.version)
            count += 1
    return count


# --- The worker's side ------------------------------------------------------------------
def is_stalled(extraction: Extraction, now) -> bool:
    """An "indexing" row whose run has not shown a sign of life for STALLED_AFTER."""
    last_sign = extraction.heartbeat_at or extraction.started_at
    return last_sign is None or last_sign < now - STALLED_AFTER


def stalled_filter(now) -> Q:
    before = now - STALLED_AFTER
    return Q(state=Extraction.State.INDEXING) & (
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, started_at__lt=before)
    )


def derived_data_commit() -> None:
    """Inside a worker's transaction: commit without waiting for the disk (PostgreSQL).

    What the worker writes is derived from the stored file. Should the database crash in the
    fraction of a second before its log reaches the disk, the row is found again waiting or
    indexing with an old heartbeat, and the sweep reads the file again; nothing else is lost.
    Not waiting for the flush saves about a fifth of a file's time in the worker (two commits).
    """
    if db.connection.vendor == "postgresql":
        with db.connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def claim(*, version_id: int, task_id: str, now=None, count_attempt: bool = True) -> Extraction | None:
    """Take the row for this run, or None when there is nothing to do (idempotence).

    count_attempt is False for a task's own retry after a database outage: only runs that
    died (killed, out of memory, out of time) count towards MAX_ATTEMPTS.
    """
    now = now or timezone.now()
    with transaction.atomic():
        derived_data_commit()
        # The version comes with the row (the file to read); only the extraction row is locked.
        extraction = (
            Extraction.objects.select_for_update(of=("self",))
            .select_related("version")
            .filter(version_id=version_id)
            .first()
        )
        if extraction is None:
            from submissions.models import Version

            if not Version.objects.filter(pk=version_id).exists():
                return None  # the version is gone
            extraction = Extraction.objects.create(version_id=version_id, queued_at=now)
        if extraction.state in (Extraction.State.INDEXED, Extraction.State.FAILED):
            return None  # done already; a re-run resets the row to waiting first
        if extraction.state == Extraction.State.INDEXING:
            own_redelivery = task_id and extraction.task_id == task_id
            if not (own_redelivery or is_stalled(extraction, now)):
                return None  # another run holds it and is alive
        if count_attempt and extraction.attempts >= MAX_ATTEMPTS:
            _fail(extraction, _stopped_reason(extraction.attempts), now=now)
            return None
        extraction.state = Extraction.State.INDEXING
        extraction.task_id = task_id
        extraction.started_at = now
        extraction.heartbeat_at = now
        if count_attempt or not extraction.attempts:
            extraction.attempts += 1
        extraction.save(update_fields=["state", "task_id", "started_at", "heartbeat_at", "attempts"])
        return extraction


@contextmanager
def heartbeat(extraction: Extraction, interval: float | None = None):
    """Touch the row every few seconds while the file is read, from a thread of its own.

    The reading itself may sit in PDFium or a parser for minutes; a worker that is killed
    stops beating, and STALLED_AFTER later the periodic job hands the version to another run.
    """
    interval = HEARTBEAT_SECONDS if interval is None else interval
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(interval):
                try:
                    Extraction.objects.filter(
                        pk=extraction.pk, state=Extraction.State.INDEXING, task_id=extraction.task_id
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    # The database is away for a moment: the next beat tries again.
                    logger.warning("indexing: heartbeat of version %s missed", extraction.version_id)
                    db.close_old_connections()
        finally:
            db.connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{extraction.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def _stopped_reason(attempts: int) -> str:
    return _(
        "Reading the file was stopped %(count)s times before it finished (it ran out of time or memory, "
        "or its worker stopped). The file is probably too large or too complex: save it again, for example "
        "as a smaller PDF, and upload it again."
    ) % {"count": attempts}


def run_extraction(*, version_id: int, task_id: str = "", count_attempt: bool = True) -> Extraction | None:
    """Read one version's file and index it; a file that cannot be read ends as failed, with the reason."""
    extraction = claim(version_id=version_id, task_id=task_id, count_attempt=count_attempt)
    if extraction is None:
        return None
    version = extraction.version
    started = time.monotonic()
    try:
        with heartbeat(extraction), local_copy(version.file) as path:
            digest = sha256_of(path)
            result = extract(path, version.content_type)
            detected = detect_language(result.text)
    except ExtractionFailed as error:
        return mark_failed(extraction, str(error))
    except SoftTimeLimitExceeded:
        return mark_failed(
            extraction,
            _(
                "Reading the file took longer than %(minutes)s minutes, so it was stopped. The file is probably "
                "too large or too complex: save it again, for example as a smaller PDF, and upload it again."
            )
            % {"minutes": max(1, round(SOFT_TIME_LIMIT / 60))},
        )
    except MemoryError:
        return mark_failed(
            extraction,
            _("Reading the file needed more memory than the portal allows. Save it again as a simpler file."),
        )
    except FileNotFoundError:
        return mark_failed(extraction, _("The stored file is missing. Please upload it again."))
    except Exception:  # a file that crashes a reader must still end in a clear state
        logger.exception("indexing: unexpected error reading version %s", version_id)
        return mark_failed(
            extraction,
            _("The file could not be read: it seems damaged. Save it again and upload the new copy."),
        )
    return _save_result(
        extraction,
        text=result.text,
        pages=result.pages,
        detected=detected,
        digest=digest,
        duration_ms=int((time.monotonic() - started) * 1000),
    )


# A tsvector holds at most 1 MB, word positions included (PostgreSQL checks before any strip()): of a
# text whose vector would be larger (a hundred thousand different words), the start is indexed.
VECTOR_CUTS = (None, 500_000, 100_000)  # characters; None: the whole text
PROGRAM_LIMIT_EXCEEDED = "54000"  # PostgreSQL: "string is too long for tsvector"


def _save_result(extraction: Extraction, **result) -> Extraction | None:
    for cut in VECTOR_CUTS:
        try:
            return _write_result(extraction, **result, cut=cut)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != PROGRAM_LIMIT_EXCEEDED or cut == VECTOR_CUTS[-1]:
                raise  # the database is away: the task's retry policy
    return None


def _write_result(extraction: Extraction, *, text, pages, detected, digest, duration_ms, cut=None) -> Extraction | None:
    """The row indexed with its text, figures, duplicate and search vector: one transaction, one UPDATE."""
    with transaction.atomic():
        derived_data_commit()
        # The submission's row is locked too: an edit of its title waits for this commit, then finds
        # the version indexed and puts its new title in the index (receivers.submission_changed).
        current = (
            Extraction.objects.select_for_update(of=("self", "version__submission"))
            .select_related("version__submission")
            .get(pk=extraction.pk)
        )
        if current.state != Extraction.State.INDEXING or current.task_id != extraction.task_id:
            return None  # re-run or taken over meanwhile: that run's result is the one kept
        version = current.version
        current.text = text
        current.pages = pages
        current.words = count_words(text)
        current.detected_language = detected
        current.language_mismatch = bool(detected) and detected != version.language
        current.sha256 = digest
        current.state = Extraction.State.INDEXED
        current.failure_reason = ""
        current.finished_at = timezone.now()
        current.duration_ms = duration_ms
        language = detected or version.language
        submission = version.submission
        if db.connection.vendor == "postgresql":
            current.duplicate_of_id = _update_indexed(current, submission=submission, language=language, cut=cut)
            # Written without save(): those who follow the rows' saves (the review queue's cache) are
            # told as save() would tell them.
            post_save.send(
                Extraction, instance=current, created=False, update_fields=None, raw=False, using=db.connection.alias
            )
        else:
            current.duplicate_of = _first_identical(version, digest)
            current.save()
            search.index_extraction(current, title=submission.title, summary=submission.summary, language=language)
    return current


def _first_identical(version, digest: str):
    """The earliest version of another paper with the same file: the one this version copies."""
    from submissions.models import Version

    earlier = Version.objects.filter(sha256=digest, pk__lt=version.pk).exclude(submission_id=version.submission_id)
    return earlier.order_by("pk").first()


RESULT_FIELDS = ("text", "pages", "words", "detected_language", "language_mismatch", "sha256", "state")
RESULT_FIELDS += ("failure_reason", "finished_at", "duration_ms")
_UPDATE_INDEXED = (
    "UPDATE indexing_extraction SET text = %(text)s, pages = %(pages)s, words = %(words)s, "
    "detected_language = %(detected_language)s, language_mismatch = %(language_mismatch)s, sha256 = %(sha256)s, "
    "state = %(state)s, failure_reason = %(failure_reason)s, finished_at = %(finished_at)s, "
    "duration_ms = %(duration_ms)s, "
    "duplicate_of_id = (SELECT id FROM submissions_version WHERE sha256 = %(digest)s AND id < %(version)s "
    "AND submission_id <> %(submission)s ORDER BY id LIMIT 1), "
    "search_vector = setweight(to_tsvector(%(config)s::regconfig, %(title)s), 'A') "
    "|| setweight(to_tsvector(%(config)s::regconfig, %(summary)s), 'B') "
    "|| to_tsvector(%(config)s::regconfig, VECTOR_TEXT) WHERE id = %(pk)s RETURNING duplicate_of_id"
)
# The vector is made of the text itself (one parameter, sent once), or of its index form when that
# differs (Chinese as bigrams, or the start of a huge text); or, for Chinese, made here (indexing.vector)
# and sent as a tsvector.
UPDATE_INDEXED = {body: _UPDATE_INDEXED.replace("VECTOR_TEXT", f"%({body})s") for body in ("text", "body")}
UPDATE_INDEXED["vector"] = _UPDATE_INDEXED.replace(
    "to_tsvector(%(config)s::regconfig, VECTOR_TEXT)", "%(vector)s::tsvector"
)


def _update_indexed(extraction: Extraction, *, submission, language: str, cut: int | None) -> int | None:
    """PostgreSQL: the row's new values, its duplicate and its search vector in one UPDATE.

    Written once, instead of saved and then rewritten with its vector (each a new row version with
    its index entries). The vector is the one indexing.search.index_extraction writes (title A,
    summary B, text D, in the language's configuration; tests/indexing/test_pipeline_pg.py holds
    them equal); the text's part of it, for Chinese, made here (indexing.vector) rather than by the
    server's parser over the bigrams. Returns the duplicate's id.
    """
    import psycopg

    params = {name: getattr(extraction, name) for name in RESULT_FIELDS}
    params.update(
        config=search.PG_CONFIGS.get(language, "simple"),
        title=index_form(submission.title),
        summary=index_form(submission.summary),
        digest=extraction.sha256,
        version=extraction.version_id,
        submission=submission.pk,
        pk=extraction.pk,
    )
    # Bound on the server, not written into the statement (Django's cursors bind on the client): the
    # text, a few hundred kB, is neither escaped here nor read back by the server's SQL parser, and
    # is sent once when it is also what the vector is made of (no Chinese in it).
    wrap = db.connection.make_debug_cursor if db.connection.queries_logged else db.connection.make_cursor
    with wrap(psycopg.Cursor(db.connection.connection)) as cursor:
        body_vector = None
        if params["config"] == "simple" and not cut and has_cjk(extraction.text):
            body_vector = vector.body_vector(extraction.text, cursor)
        if body_vector is not None:
            sql = UPDATE_INDEXED["vector"]
            params["vector"] = body_vector
        else:
            params["body"] = index_form(extraction.text)[:cut]
            sql = UPDATE_INDEXED["text" if params["body"] == extraction.text else "body"]
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def mark_failed(extraction: Extraction, reason: str) -> Extraction | None:
    with transaction.atomic():
        current = Extraction.objects.select_for_update().select_related("version__submission").get(pk=extraction.pk)
        if current.state != Extraction.State.INDEXING or current.task_id != extraction.task_id:
            return None
        _fail(current, reason)
    return current


def _fail(extraction: Extraction, reason: str, *, now=None) -> None:
    """Inside the caller's transaction: the row ends as failed, out of the index, and people are told."""
    extraction.state = Extraction.State.FAILED
    extraction.failure_reason = reason[:500]
    extraction.finished_at = now or timezone.now()
    extraction.text = ""
    extraction.save(update_fields=["state", "failure_reason", "finished_at", "text"])
    search.remove_from_index(extraction.pk)
    version = extraction.version
    # A draft is its delegation's alone: they see the reason on their page; the Secretariat
    # hears of failures once the paper is submitted to it.
    if not version.submission.is_draft:
        notify("indexing.failed", submission=version.submission, version=version, reason=extraction.failure_reason)


def requeue_stale_versions(*, now=None) -> dict:
    """The safety net run by beat: nothing stays waiting or indexing for ever.

    - waiting longer than WAITING_GRACE (the message was lost with the broker, or the broker was
      down at upload): sent again, unless the extraction queue still holds messages (then they
      are probably still in it, and we look again next time);
    - indexing with no heartbeat for STALLED_AFTER (its worker was killed, ran out of memory or
      hit the hard limit): sent again, or failed with the reason once it has used up its attempts.

    Beat runs it every few seconds and each worker once when it starts, so that a worker
    back from a crash finds the interrupted versions queued within seconds.
    """
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    to_send = []
    with transaction.atomic():
        stuck = Extraction.objects.select_for_update(skip_locked=True).filter(stalled_filter(now))
        for extraction in stuck.select_related("version__submission")[:STALE_BATCH]:
            if extraction.attempts >= MAX_ATTEMPTS:
                _fail(extraction, _stopped_reason(extraction.attempts), now=now)
                counts["failed"] += 1
            else:
                extraction.state = Extraction.State.WAITING
                extraction.task_id = ""
                extraction.queued_at = now
                extraction.save(update_fields=["state", "task_id", "queued_at"])
                to_send.append(extraction.version_id)
    if extraction_queue_length() == 0:
        waiting = Extraction.objects.filter(state=Extraction.State.WAITING, queued_at__lt=now - WAITING_GRACE)
        ids = list(waiting.order_by("queued_at").values_list("pk", "version_id")[:STALE_BATCH])
        Extraction.objects.filter(pk__in=[pk for pk, _ in ids]).update(queued_at=now)
        to_send.extend(version_id for _, version_id in ids)
    for version_id in to_send:
        if enqueue(version_id):
            counts["requeued"] += 1
    if any(counts.values()):
        logger.info("indexing: requeued %(requeued)s, failed %(failed)s stale versions", counts)
    return counts


def extraction_queue_length() -> int:
    """Messages waiting in the extraction queue (0 when the broker lost it or cannot say)."""
    from portal.celery import app

    if app.conf.task_always_eager:
        return 0
    try:
        with app.connection_for_read() as conn:
            return conn.default_channel.queue_declare(queue="extraction", passive=True).message_count
    except Exception:
        return 0


# --- Files --------------------------------------------------------------------------------
@contextmanager
def local_copy(field_file):
    """A path on this machine for the stored file: its own path, or a temporary copy (S3 and such)."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path:
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        yield path
        return
    handle = tempfile.NamedTemporaryFile(prefix="oewg-extract-", delete=False)  # noqa: SIM115
    try:
        with handle, field_file.open("rb") as source:
            shutil.copyfileobj(source, handle, 1024 * 1024)
        yield handle.name
    finally:
        os.unlink(handle.name)


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Rebuilding (the management command) ----------------------------------------------------
def extract_now(*, version_id: int) -> str:
    """Read one version's file again, here and now, and index it; returns the state it ends in."""
    import uuid

    run_id = f"rebuild-{uuid.uuid4().hex}"
    with transaction.atomic():
        extraction, _created = Extraction.objects.select_for_update().get_or_create(
            version_id=version_id, defaults={"queued_at": timezone.now()}
        )
        extraction.state = Extraction.State.WAITING
        extraction.attempts = 0
        extraction.task_id = ""
        extraction.save(update_fields=["state", "attempts", "task_id"])
    extraction = run_extraction(version_id=version_id, task_id=run_id)
    return extraction.state if extraction else "skipped"


def reindex_text(*, version_id: int) -> str:
    """Put the text already extracted back in the index, with the current title and summary."""
    extraction = Extraction.objects.select_related("version__submission").filter(version_id=version_id).first()
    if extraction is None or extraction.state != Extraction.State.INDEXED:
        return "skipped"
    version = extraction.version
    with transaction.atomic():
        search.index_extraction(
            extraction,
            title=version.submission.title,
            summary=version.submission.summary,
            language=extraction.detected_language or version.language,
        )
    return "indexed"


def refresh_titles(submission) -> None:
    """Keep the index's copy of a submission's title and summary current after an edit."""
    for version_id in submission.versions.values_list("pk", flat=True):
        reindex_text(version_id=version_id)


def forget_versions(version_ids) -> None:
    """Take versions out of the search index before their rows go (a discarded draft)."""
    for extraction_id in Extraction.objects.filter(version_id__in=list(version_ids)).values_list("pk", flat=True):
        search.remove_from_index(extraction_id)
