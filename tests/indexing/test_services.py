"""The pipeline as the delegate and the Secretariat see it: states, reasons, and nothing lost."""

import datetime
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indexing import services
from indexing.models import Extraction
from submissions import services as submission_services
from submissions.files import FileRejected
from tests.factories import SecretariatFactory, make_pdf

from .corpus import CORPUS, FRENCH


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_file_uploaded_ends_in_a_clear_state(paper_factory, upload, name):
    make, content_type, expected, reason_words = CORPUS[name]
    paper = paper_factory()
    try:
        version = upload(paper, make(), name=name, content_type=content_type)
    except FileRejected as error:
        # Refused at the door: the delegate sees why at once, and nothing is queued.
        assert str(error)
        return
    extraction = version.extraction
    assert extraction.state in ("indexed", "failed")
    if expected:
        assert extraction.state == expected, extraction.failure_reason
    if extraction.state == "failed":
        assert reason_words.lower() in extraction.failure_reason.lower()
    else:
        assert extraction.words > 0 and extraction.finished_at


def test_indexed_pdf_has_pages_words_language_and_checksum(paper_factory, upload):
    version = upload(paper_factory(), make_pdf("The working group discussed capacity-building needs.", pages=4))
    extraction = version.extraction
    assert (extraction.state, extraction.pages, extraction.detected_language) == ("indexed", 4, "en")
    assert extraction.words == 4 * 8  # six words, "(page n)" and its number
    assert extraction.sha256 == version.sha256
    assert extraction.language_mismatch is False
    assert extraction.attempts == 1


def test_language_declared_wrongly_is_flagged(paper_factory, upload):
    version = upload(
        paper_factory(), (FRENCH + "\n").encode() * 3, name="f.txt", content_type="text/plain", language="en"
    )
    assert version.extraction.detected_language == "fr"
    assert version.extraction.language_mismatch is True


def test_identical_file_uploaded_elsewhere_is_flagged_with_the_original(paper_factory, upload):
    data = make_pdf("One and the same paper.")
    original = upload(paper_factory("First"), data)
    copy = upload(paper_factory("Second"), data)
    assert original.extraction.duplicate_of is None
    assert copy.extraction.duplicate_of == original


def test_password_protected_pdf_fails_with_that_reason_and_notifies(paper_factory, upload):
    from submissions.services import submit_submission

    from .corpus import encrypted_pdf

    paper = paper_factory()
    upload(paper, make_pdf("The first version reads well."))
    paper = submit_submission(submission=paper, by=paper.created_by)
    with mock.patch("indexing.services.notify") as notify:
        version = upload(paper, encrypted_pdf())
    assert version.extraction.state == "failed"
    assert "password-protected" in version.extraction.failure_reason
    notify.assert_called_once_with(
        "indexing.failed", submission=version.submission, version=version, reason=version.extraction.failure_reason
    )


def test_a_drafts_failure_is_shown_to_its_delegation_only(paper_factory, upload, client, secretariat):
    from .corpus import encrypted_pdf

    with mock.patch("indexing.services.notify") as notify:
        version = upload(paper_factory("Private draft title"), encrypted_pdf())
    assert version.extraction.state == "failed"
    notify.assert_not_called()
    client.force_login(secretariat)
    assert "Private draft title" not in client.get("/search/status/").content.decode()


def test_running_the_task_twice_gives_the_same_result(paper_factory, upload):
    from indexing.tasks import extract_version

    version = upload(paper_factory(), make_pdf("Idempotent paper."))
    before = Extraction.objects.get(version=version)
    assert extract_version.apply(args=[version.pk]).get() == "skipped"
    after = Extraction.objects.get(version=version)
    assert (after.state, after.text, after.words, after.attempts, after.finished_at) == (
        before.state,
        before.text,
        before.words,
        before.attempts,
        before.finished_at,
    )


def test_enqueued_only_after_the_commit(paper_factory, django_capture_on_commit_callbacks):
    paper = paper_factory()
    with mock.patch("indexing.tasks.extract_version.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            version = submission_services.add_version(
                submission=paper, by=paper.created_by, file=SimpleUploadedFile("p.pdf", make_pdf()), language="en"
            )
            assert Extraction.objects.get(version=version).state == "waiting"
        apply_async.assert_not_called()
        for callback in callbacks:
            callback()
    apply_async.assert_called_once()
    assert apply_async.call_args.kwargs["args"] == [version.pk]


def test_broker_down_at_upload_is_no_error_for_the_delegate(paper_factory, django_capture_on_commit_callbacks):
    paper = paper_factory()
    refused = mock.patch("indexing.tasks.extract_version.apply_async", side_effect=ConnectionRefusedError("no broker"))
    with refused, django_capture_on_commit_callbacks(execute=True):
        version = submission_services.add_version(
            submission=paper, by=paper.created_by, file=SimpleUploadedFile("p.pdf", make_pdf()), language="en"
        )
    assert Extraction.objects.get(version=version).state == "waiting"


def test_a_redelivered_message_takes_over_its_own_run_but_another_message_does_not(paper_factory):
    paper = paper_factory()
    with mock.patch("indexing.services.enqueue"):
        version = submission_services.add_version(
            submission=paper, by=paper.created_by, file=SimpleUploadedFile("p.pdf", make_pdf()), language="en"
        )
    assert services.claim(version_id=version.pk, task_id="message-1") is not None
    # The worker died: the same message comes back and takes the row over.
    assert services.claim(version_id=version.pk, task_id="message-1") is not None
    # A second message for the same version (the periodic job) leaves the running one alone.
    assert services.claim(version_id=version.pk, task_id="message-2") is None
    assert Extraction.objects.get(version=version).attempts == 2


def test_a_file_that_kills_its_worker_every_time_ends_failed(paper_factory):
    paper = paper_factory()
    with mock.patch("indexing.services.notify"), mock.patch("indexing.services.enqueue"):
        version = submission_services.add_version(
            submission=paper, by=paper.created_by, file=SimpleUploadedFile("p.pdf", make_pdf()), language="en"
        )
        for _attempt in range(services.MAX_ATTEMPTS):
            assert services.claim(version_id=version.pk, task_id="same-message")
        assert services.claim(version_id=version.pk, task_id="same-message") is None
    extraction = Extraction.objects.get(version=version)
    assert extraction.state == "failed"
    assert "stopped 3 times" in extraction.failure_reason


def test_soft_time_limit_ends_failed_with_reason(paper_factory, upload):
    with mock.patch("indexing.services.extract", side_effect=SoftTimeLimitExceeded()):
        version = upload(paper_factory(), make_pdf())
    assert version.extraction.state == "failed"
    assert "took longer than" in version.extraction.failure_reason


def test_unexpected_reader_crash_ends_failed(paper_factory, upload):
    with mock.patch("indexing.services.extract", side_effect=RuntimeError("boom")):
        version = upload(paper_factory(), make_pdf())
    assert version.extraction.state == "failed"
    assert "damaged" in version.extraction.failure_reason


class TestPeriodicJob:
    @pytest.fixture
    def waiting_version(self, paper_factory):
        paper = paper_factory()
        with mock.patch("indexing.services.enqueue"):
            version = submission_services.add_version(
                submission=paper, by=paper.created_by, file=SimpleUploadedFile("p.pdf", make_pdf()), language="en"
            )
        submission_services.submit_submission(submission=paper, by=paper.created_by)
        return version

    def test_versions_waiting_too_long_are_sent_again(self, waiting_version):
        later = timezone.now() + services.WAITING_GRACE + datetime.timedelta(seconds=1)
        with mock.patch("indexing.services.enqueue", return_value=True) as enqueue:
            assert services.requeue_stale_versions(now=timezone.now()) == {"requeued": 0, "failed": 0}
            assert services.requeue_stale_versions(now=later) == {"requeued": 1, "failed": 0}
        enqueue.assert_called_once_with(waiting_version.pk)

    def test_a_run_whose_heartbeat_stopped_is_sent_again_within_seconds(self, waiting_version):
        services.claim(version_id=waiting_version.pk, task_id="lost")
        silent = timezone.now() + services.STALLED_AFTER + datetime.timedelta(seconds=1)
        with mock.patch("indexing.services.enqueue", return_value=True) as enqueue:
            assert services.requeue_stale_versions(now=timezone.now())["requeued"] == 0
            assert services.requeue_stale_versions(now=silent) == {"requeued": 1, "failed": 0}
        enqueue.assert_called_once_with(waiting_version.pk)
        assert Extraction.objects.get(version=waiting_version).state == "waiting"
        assert datetime.timedelta(seconds=15) >= services.STALLED_AFTER

    def test_a_long_run_that_still_beats_is_left_alone(self, waiting_version):
        services.claim(version_id=waiting_version.pk, task_id="alive")
        an_hour_later = timezone.now() + datetime.timedelta(hours=1)
        Extraction.objects.filter(version=waiting_version).update(heartbeat_at=an_hour_later)
        with mock.patch("indexing.services.enqueue", return_value=True) as enqueue:
            assert services.requeue_stale_versions(now=an_hour_later + datetime.timedelta(seconds=2))["requeued"] == 0
        enqueue.assert_not_called()
        # Another message for the same version (a re-send) does not take it over either.
        assert services.claim(version_id=waiting_version.pk, task_id="other", now=an_hour_later) is None

    def test_another_run_takes_over_a_version_whose_run_went_silent(self, waiting_version):
        services.claim(version_id=waiting_version.pk, task_id="dead")
        silent = timezone.now() + services.STALLED_AFTER + datetime.timedelta(seconds=1)
        taken = services.claim(version_id=waiting_version.pk, task_id="new", now=silent)
        assert taken is not None and taken.task_id == "new" and taken.attempts == 2

    def test_a_retry_after_a_database_outage_does_not_use_up_an_attempt(self, waiting_version):
        services.claim(version_id=waiting_version.pk, task_id="t")
        again = services.claim(version_id=waiting_version.pk, task_id="t", count_attempt=False)
        assert again.attempts == 1

    def test_a_version_stuck_after_its_last_attempt_ends_failed_with_the_reason(self, waiting_version):
        Extraction.objects.filter(version=waiting_version).update(
            state="indexing", attempts=services.MAX_ATTEMPTS, started_at=timezone.now(), task_id="x"
        )
        later = timezone.now() + services.STALLED_AFTER + datetime.timedelta(seconds=1)
        with mock.patch("indexing.services.notify") as notify:
            assert services.requeue_stale_versions(now=later) == {"requeued": 0, "failed": 1}
        extraction = Extraction.objects.get(version=waiting_version)
        assert extraction.state == "failed" and "ran out of time or memory" in extraction.failure_reason
        notify.assert_called_once()

    def test_the_job_runs_as_a_task_and_indexes_what_it_sends(
        self, waiting_version, django_capture_on_commit_callbacks
    ):
        from indexing.tasks import requeue_stale_versions

        Extraction.objects.filter(version=waiting_version).update(
            queued_at=timezone.now() - datetime.timedelta(hours=1)
        )
        requeue_stale_versions.apply().get()
        assert Extraction.objects.get(version=waiting_version).state == "indexed"


def test_only_the_secretariat_reindexes(paper_factory, upload, chair_team):
    version = upload(paper_factory(), make_pdf())
    with pytest.raises(PermissionDenied):
        services.reindex_version(version=version, by=chair_team)
    with pytest.raises(PermissionDenied):
        services.reindex_failed(by=chair_team)


def test_reindex_all_failed_versions(paper_factory, upload, django_capture_on_commit_callbacks):
    from .corpus import encrypted_pdf

    failed = upload(paper_factory(), encrypted_pdf())
    indexed = upload(paper_factory(), make_pdf())
    with mock.patch("indexing.services.enqueue") as enqueue, django_capture_on_commit_callbacks(execute=True):
        assert services.reindex_failed(by=SecretariatFactory()) == 1
    enqueue.assert_called_once_with(failed.pk)
    assert Extraction.objects.get(version=failed).state == "waiting"
    assert Extraction.objects.get(version=indexed).state == "indexed"


def test_rebuild_command_reads_every_file_again(paper_factory, upload, capsys):
    from django.core.management import call_command

    from indexing import search

    version = upload(paper_factory(), make_pdf("Rebuilt paper about telescopes."))
    Extraction.objects.filter(version=version).update(text="")
    search.remove_from_index(version.extraction.pk)
    assert search.search("telescopes").total == 0
    call_command("rebuild_search_index", "--batch-size", "1")
    assert search.search("telescopes").total == 1
    assert "1 indexed" in capsys.readouterr().out


def test_rebuild_from_text_uses_the_current_title(paper_factory, upload):
    from django.core.management import call_command

    from indexing import search

    version = upload(paper_factory("Old title"), make_pdf("Body text."))
    version.submission.__class__.objects.filter(pk=version.submission_id).update(title="Renamed quasar paper")
    call_command("rebuild_search_index", "--from-text")
    assert search.search("quasar").total == 1


@pytest.mark.django_db(transaction=True)
def test_a_run_reading_a_file_touches_its_row_while_it_reads(paper_factory):
    paper = paper_factory()
    with mock.patch("indexing.services.enqueue"):
        version = submission_services.add_version(
            submission=paper, by=paper.created_by, file=SimpleUploadedFile("p.pdf", make_pdf()), language="en"
        )
    extraction = services.claim(version_id=version.pk, task_id="reading")
    first = Extraction.objects.get(pk=extraction.pk).heartbeat_at

    def beaten():
        return Extraction.objects.get(pk=extraction.pk).heartbeat_at > first

    with services.heartbeat(extraction, interval=0.05):
        deadline = timezone.now() + datetime.timedelta(seconds=10)
        while not beaten() and timezone.now() < deadline:
            pass
    assert beaten()
