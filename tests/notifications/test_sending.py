"""Never lost, never twice: claims, temporary and permanent refusals, the periodic job, resending."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.models import AuditEntry
from notifications import sending
from notifications import services as notifications
from notifications.models import Message
from notifications.tasks import send_message, send_pending
from submissions import services

from .backends import ScriptedBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(cosponsored, delegate, chair_team):
    """The paper is submitted; its messages wait in the outbox (the commit hook has not run)."""
    services.submit_submission(submission=cosponsored, by=delegate)
    return Message.objects.get(to_email="chair@un.example")


def make_due(message):
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


def test_a_message_is_sent_once_even_if_its_task_runs_twice(queued):
    assert send_message(queued.pk) == "sent"
    assert send_message(queued.pk) == "skipped"
    assert len([m for m in mail.outbox if m.to == ["chair@un.example"]]) == 1
    queued.refresh_from_db()
    assert queued.state == Message.State.SENT
    assert queued.sent_at is not None
    assert queued.attempts == 1


def test_a_message_being_sent_is_not_claimed_again(queued):
    Message.objects.filter(pk=queued.pk).update(state=Message.State.SENDING, last_attempt_at=timezone.now())
    assert sending.deliver(queued.pk).outcome == sending.Outcome.SKIPPED
    assert mail.outbox == []


def test_a_permanent_refusal_fails_at_once_with_the_servers_answer(queued, smtp_errors):
    smtp_errors.append(
        smtplib.SMTPRecipientsRefused({"chair@un.example": (550, b"5.1.1 <chair@un.example>: user unknown")})
    )
    assert sending.deliver(queued.pk).outcome == sending.Outcome.FAILED
    queued.refresh_from_db()
    assert queued.state == Message.State.FAILED
    assert queued.last_error == "550 5.1.1 <chair@un.example>: user unknown"
    assert queued.next_attempt_at is None
    send_pending()  # the periodic job leaves it alone
    queued.refresh_from_db()
    assert queued.state == Message.State.FAILED
    assert queued.attempts == 1
    assert not [m for m in mail.outbox if m.to == ["chair@un.example"]]


def test_a_rejected_message_body_fails_at_once(queued, smtp_errors):
    smtp_errors.append(smtplib.SMTPDataError(554, b"5.7.1 Message rejected as spam"))
    sending.deliver(queued.pk)
    queued.refresh_from_db()
    assert queued.state == Message.State.FAILED
    assert queued.last_error == "554 5.7.1 Message rejected as spam"


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"chair@un.example": (451, b"4.7.1 Greylisted, try again")}),
        smtplib.SMTPDataError(421, b"4.3.2 Service shutting down"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ],
    ids=["4xx-recipient", "4xx-data", "refused", "timeout", "disconnected"],
)
def test_a_temporary_failure_waits_and_is_retried_later(queued, smtp_errors, error):
    smtp_errors.append(error)
    result = sending.deliver(queued.pk)
    assert result.outcome == sending.Outcome.RETRY
    queued.refresh_from_db()
    assert queued.state == Message.State.QUEUED
    assert queued.last_error
    assert queued.next_attempt_at > timezone.now()
    # Not due yet, and the server still not answering: the periodic job does not hammer it.
    ScriptedBackend.down = True
    send_pending()
    queued.refresh_from_db()
    assert queued.attempts == 1
    ScriptedBackend.down = False
    make_due(queued)
    send_pending()
    queued.refresh_from_db()
    assert queued.state == Message.State.SENT
    assert queued.attempts == 2
    assert len([m for m in mail.outbox if m.to == ["chair@un.example"]]) == 1


def test_back_off_doubles_and_is_capped(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 60
    assert [sending.backoff(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert sending.backoff(30) == 6 * 60 * 60


def test_the_next_attempt_time_grows_with_each_failure(queued, smtp_errors):
    smtp_errors.extend(ConnectionRefusedError(111, "Connection refused") for _ in range(3))
    waits = []
    for _ in range(3):
        before = timezone.now()
        sending.deliver(queued.pk)
        queued.refresh_from_db()
        waits.append((queued.next_attempt_at - before).total_seconds())
        make_due(queued)
    assert waits[0] < waits[1] < waits[2]


def test_after_the_last_attempt_the_message_fails_with_the_answer(queued, smtp_errors, settings):
    settings.MAIL_MAX_ATTEMPTS = 2
    smtp_errors.extend([TimeoutError("timed out"), TimeoutError("timed out")])
    sending.deliver(queued.pk)
    make_due(queued)
    sending.deliver(queued.pk)
    queued.refresh_from_db()
    assert queued.state == Message.State.FAILED
    assert "gave up after 2 attempts" in queued.last_error


def test_the_periodic_job_stops_when_the_server_is_unreachable(queued, smtp_errors):
    waiting = Message.objects.filter(state=Message.State.QUEUED).count()
    assert waiting > 1
    smtp_errors.append(ConnectionRefusedError(111, "Connection refused"))
    send_pending()
    assert Message.objects.filter(state=Message.State.QUEUED).count() == waiting
    assert Message.objects.filter(attempts=1).count() == 1  # it tried one, not all


def test_the_periodic_job_sends_everything_waiting_when_the_broker_lost_the_tasks(queued):
    waiting = Message.objects.filter(state=Message.State.QUEUED).count()
    assert send_pending() == waiting
    assert len(mail.outbox) == waiting
    assert send_pending() == 0
    assert len(mail.outbox) == waiting


def test_a_message_whose_worker_died_before_handing_it_over_is_sent_again(queued, settings):
    settings.MAIL_STALE_SECONDS = 30
    Message.objects.filter(pk=queued.pk).update(state=Message.State.SENDING, attempts=1, last_attempt_at=timezone.now())
    send_pending()  # the worker may still be at it: left alone
    queued.refresh_from_db()
    assert queued.state == Message.State.SENDING
    half_a_minute_ago = timezone.now() - datetime.timedelta(seconds=31)
    Message.objects.filter(pk=queued.pk).update(last_attempt_at=half_a_minute_ago)
    send_pending()
    queued.refresh_from_db()
    assert queued.state == Message.State.SENT
    assert queued.attempts == 2
    assert len([m for m in mail.outbox if m.to == ["chair@un.example"]]) == 1


def test_a_message_whose_worker_died_after_handing_it_over_is_never_sent_again(queued):
    handed = timezone.now() - datetime.timedelta(seconds=40)
    Message.objects.filter(pk=queued.pk).update(
        state=Message.State.SENDING, attempts=1, last_attempt_at=handed, handed_over_at=handed
    )
    send_pending()
    queued.refresh_from_db()
    assert queued.state == Message.State.SENT
    assert queued.sent_at == handed
    assert "answer was not received" in queued.last_error
    assert not [m for m in mail.outbox if m.to == ["chair@un.example"]]


def test_a_run_given_up_for_dead_does_not_hand_its_message_over(queued, smtp_errors):
    """The slow run's row was recovered and claimed by another run meanwhile: the slow one stops short."""

    class Slow(ScriptedBackend):
        def send_messages(self, messages):
            Message.objects.filter(pk=queued.pk).update(attempts=7)  # another run claimed it meanwhile
            return super().send_messages(messages)

    connection = Slow()
    assert sending.deliver(queued.pk, connection=connection).outcome == sending.Outcome.SKIPPED
    assert not [m for m in mail.outbox if m.to == ["chair@un.example"]]
    queued.refresh_from_db()
    assert (queued.attempts, queued.handed_over_at) == (7, None)


def test_when_the_server_answers_again_every_message_waiting_for_it_goes_at_once(queued, smtp_errors):
    waiting = list(Message.objects.filter(state=Message.State.QUEUED).values_list("pk", flat=True))
    assert len(waiting) > 1
    ScriptedBackend.down = True
    for pk in waiting:
        assert sending.deliver(pk).unreachable
    assert not Message.objects.filter(next_attempt_at__lte=timezone.now()).exists()
    send_pending()  # still down: one connection tried, no message
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
    ScriptedBackend.down = False
    # Long before any back-off is over, the next periodic run finds the server and sends them all.
    assert send_pending() == len(waiting)
    assert len(mail.outbox) == len(waiting)


def test_one_message_through_brings_the_others_forward(queued, smtp_errors):
    others = Message.objects.exclude(pk=queued.pk)
    ScriptedBackend.down = True
    for message in Message.objects.all():
        sending.deliver(message.pk)
    ScriptedBackend.down = False
    make_due(queued)
    result = sending.deliver(queued.pk)
    assert result.outcome == sending.Outcome.SENT
    assert result.woke == others.count()
    assert not others.filter(next_attempt_at__gt=timezone.now()).exists()


def test_a_refusal_for_now_is_not_brought_forward_by_another_message(queued, smtp_errors):
    smtp_errors.append(smtplib.SMTPRecipientsRefused({"chair@un.example": (452, b"4.2.2 Mailbox full")}))
    sending.deliver(queued.pk)
    send_pending()  # the others go through
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (Message.State.QUEUED, 1)
    assert queued.next_attempt_at > timezone.now()


def test_a_broker_that_is_down_does_not_break_the_submission(
    cosponsored, delegate, chair_team, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(send_message, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit_submission(submission=cosponsored, by=delegate)
    assert submission.reference
    assert mail.outbox == []
    assert Message.objects.filter(state=Message.State.QUEUED).exists()
    monkeypatch.undo()
    send_pending()
    assert "chair@un.example" in [address for m in mail.outbox for address in m.to]
    assert not Message.objects.filter(state=Message.State.QUEUED).exists()


def test_the_secretariat_resends_a_failed_message(queued, smtp_errors, secretariat, django_capture_on_commit_callbacks):
    smtp_errors.append(smtplib.SMTPRecipientsRefused({"chair@un.example": (550, b"mailbox full")}))
    sending.deliver(queued.pk)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.resend_message(message=queued, by=secretariat)
    queued.refresh_from_db()
    assert queued.state == Message.State.SENT
    assert [m.to for m in mail.outbox] == [["chair@un.example"]]
    assert AuditEntry.objects.filter(action="message.resent").exists()


def test_resending_a_sent_message_sends_a_copy_and_keeps_the_record(
    queued, secretariat, django_capture_on_commit_callbacks
):
    send_message(queued.pk)
    with django_capture_on_commit_callbacks(execute=True):
        copy = notifications.resend_message(message=queued, by=secretariat)
    assert copy.pk != queued.pk
    assert copy.resend_of == queued
    copy.refresh_from_db()
    assert copy.state == Message.State.SENT
    assert copy.subject == queued.subject
    assert len([m for m in mail.outbox if m.to == ["chair@un.example"]]) == 2


def test_resend_all_failed(queued, smtp_errors, secretariat, django_capture_on_commit_callbacks):
    for message in Message.objects.all():
        smtp_errors.append(smtplib.SMTPRecipientsRefused({message.to_email: (550, b"no such user")}))
        sending.deliver(message.pk)
    failed = Message.objects.filter(state=Message.State.FAILED).count()
    assert failed > 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.resend_failed(by=secretariat) == failed
    assert not Message.objects.filter(state=Message.State.FAILED).exists()
    assert len(mail.outbox) == failed


def test_only_the_secretariat_resends(queued, chair_team, delegate):
    for person in (chair_team, delegate):
        with pytest.raises(PermissionDenied):
            notifications.resend_message(message=queued, by=person)
        with pytest.raises(PermissionDenied):
            notifications.resend_failed(by=person)


def test_no_answer_after_handing_a_message_over_is_not_a_reason_to_send_it_twice(queued, smtp_errors):
    class NoAnswer(ScriptedBackend):
        def send_messages(self, messages):
            super().send_messages(messages)  # handed over (and kept by the server)...
            raise TimeoutError("timed out")  # ...and the 250 never came

    assert sending.deliver(queued.pk, connection=NoAnswer()).outcome == sending.Outcome.SENT
    queued.refresh_from_db()
    assert queued.state == Message.State.SENT and "answer was not received" in queued.last_error
    make_due(queued)
    send_pending()
    assert len([m for m in mail.outbox if m.to == ["chair@un.example"]]) == 1


def test_a_refusal_after_the_hand_over_is_a_refusal(queued, smtp_errors):
    class Refused(ScriptedBackend):
        def send_messages(self, messages):
            self.on_handover()
            raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")

    assert sending.deliver(queued.pk, connection=Refused()).outcome == sending.Outcome.RETRY
    queued.refresh_from_db()
    assert queued.state == Message.State.QUEUED and queued.last_error.startswith("451")


def test_a_database_outage_at_the_hand_over_keeps_the_message_from_the_server(queued, smtp_errors, monkeypatch):
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    real_update = QuerySet.update

    def update(self, **fields):
        if fields.get("handed_over_at") is not None:
            raise OperationalError("server closed the connection")
        return real_update(self, **fields)

    monkeypatch.setattr(QuerySet, "update", update)
    assert sending.deliver(queued.pk).outcome == sending.Outcome.SKIPPED
    assert not [m for m in mail.outbox if m.to == ["chair@un.example"]]
    queued.refresh_from_db()
    assert queued.state == Message.State.SENDING and queued.handed_over_at is None  # recovered, then sent again
