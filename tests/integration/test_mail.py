"""Mail through a real worker and a real SMTP server: what arrives, and that nothing is lost or doubled."""

import re
import time

import pytest

from notifications.models import Message
from notifications.tasks import send_message, send_pending
from submissions import services
from tests.factories import ChairTeamFactory, DelegateFactory, DelegationFactory, SecretariatFactory, pdf_upload

from .conftest import SmtpServer, free_port, wait_for

pytestmark = pytest.mark.integration

RECOVERY_SECONDS = 30


@pytest.fixture
def people(transactional_db, settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.CHAIR_TEAM_EMAIL = "chair-team@un.example"
    settings.SECRETARIAT_EMAIL = ""
    singapore = DelegationFactory(name="Singapore")
    kenya = DelegationFactory(name="Kenya")
    return {
        "delegate": DelegateFactory(
            email="delegate@singapore.example", full_name="Sing Delegate", delegation=singapore
        ),
        "kenyan": DelegateFactory(email="delegate@kenya.example", full_name="Kenya Delegate", delegation=kenya),
        "chair": ChairTeamFactory(email="chair@un.example", full_name="Chair Member"),
        "secretariat": SecretariatFactory(email="secretariat@un.example", full_name="Sec Member"),
        "kenya": kenya,
    }


# The web process and the worker read the same configuration.
SENDER = {
    "DEFAULT_FROM_EMAIL": "OEWG portal <no-reply@portal.example.org>",
    "REPLY_TO_EMAIL": "oewg-secretariat@un.example",
}

EXPECTED = {
    "delegate@singapore.example",  # receipt
    "chair@un.example",
    "chair-team@un.example",
    "secretariat@un.example",
    "delegate@kenya.example",  # invitation to co-sponsor
}


def submit_cosponsored_paper(people, session, sub_item):
    draft = services.create_submission(
        by=people["delegate"],
        title="Global cooperation portal",
        session=session,
        sub_items=[sub_item],
        cosponsors=[people["kenya"]],
        file=pdf_upload(),
    )
    return services.submit_submission(submission=draft, by=people["delegate"])


def recipients(messages) -> list[str]:
    return sorted(message["To"] for message in messages)


def ran(worker, task: str, result: str = "") -> int:
    """How many times the worker reports having finished a task (with that result)."""
    pattern = rf"notifications\.tasks\.{task}\[[^\]]+\] succeeded in [0-9.]+s: {re.escape(result)}"
    return len(re.findall(pattern, worker.log_path.read_text(errors="replace")))


def all_sent() -> bool:
    states = set(Message.objects.values_list("state", flat=True))
    return states == {Message.State.SENT}


def test_a_worker_sends_each_message_once_through_smtp_with_text_and_html(
    people, session, sub_item, smtp_server, start_worker
):
    worker = start_worker(extra_env={"EMAIL_URL": smtp_server.url, **SENDER})

    submission = submit_cosponsored_paper(people, session, sub_item)

    arrived = wait_for(lambda: len(smtp_server.received()) >= len(EXPECTED) and smtp_server.received(),
                       timeout=60, what="the five messages to arrive")  # fmt: skip
    wait_for(all_sent, what="the outbox to record every message as sent")
    assert recipients(arrived) == sorted(EXPECTED)

    receipt = next(m for m in arrived if m["To"] == "delegate@singapore.example")
    assert receipt["From"] == "OEWG portal <no-reply@portal.example.org>"
    assert receipt["Reply-To"] == "oewg-secretariat@un.example"
    # (Python folds an encoded subject onto a continuation line; readers drop the leading space.)
    assert receipt["Subject"].strip() == f"Received: {submission.reference} – Global cooperation portal"
    assert receipt["Message-ID"] == Message.objects.get(to_email="delegate@singapore.example").message_id
    assert receipt["Auto-Submitted"] == "auto-generated"
    assert receipt.get_content_type() == "multipart/alternative"
    text = receipt.get_body(preferencelist=("plain",)).get_content()
    html = receipt.get_body(preferencelist=("html",)).get_content()
    link = f"https://portal.example.org/submissions/{submission.public_id}/"
    for part in (text, html):
        assert submission.reference in part
        assert link in part
        assert "Kenya" in part
        assert "https://portal.example.org/notifications/preferences/" in part
    assert "<html" in html and "<html" not in text

    # The same tasks delivered again, and the periodic job on top: nothing more goes out.
    ids = list(Message.objects.values_list("pk", flat=True))
    for message_id in ids:
        send_message.delay(message_id)
    send_pending.delay()
    wait_for(lambda: ran(worker, "send_pending") >= 1, what="the periodic job to run")
    wait_for(lambda: ran(worker, "send_message", "'skipped'") >= len(ids), what="the repeated tasks to run")
    assert recipients(smtp_server.received()) == sorted(EXPECTED)


def test_with_the_mail_server_down_for_a_while_every_message_arrives_once_within_seconds_of_its_return(
    people, session, sub_item, start_worker
):
    """The back-off (60 s, then 120 s…) is not what the waiting messages wait for once the server is back."""
    server = SmtpServer(port=free_port())  # not started: connections to it are refused
    worker = start_worker(beat=True, extra_env={"EMAIL_URL": server.url, "MAIL_RETRY_BASE_SECONDS": "60", **SENDER})
    try:
        submission = submit_cosponsored_paper(people, session, sub_item)
        assert submission.reference  # the delegate's submission went through

        wait_for(
            lambda: (
                Message.objects.filter(attempts__gte=1).count() == len(EXPECTED)
                and not Message.objects.filter(state=Message.State.SENDING).exists()
            ),
            timeout=60,
            what="every message to be tried once and put back to wait",
        )
        assert set(Message.objects.values_list("state", flat=True)) == {Message.State.QUEUED}
        assert all("Connection" in error for error in Message.objects.values_list("last_error", flat=True))
        # The server stays down while beat's periodic job looks for it, and sends nothing.
        runs = ran(worker, "send_pending")
        wait_for(lambda: ran(worker, "send_pending") >= runs + 1, what="the periodic job to look again")
        assert set(Message.objects.values_list("state", flat=True)) == {Message.State.QUEUED}

        server.start()
        back = time.monotonic()
        wait_for(all_sent, timeout=90, what="every waiting message to be sent")
        took = time.monotonic() - back
        assert took < RECOVERY_SECONDS, f"the waiting messages went {took:.1f}s after the server was back"
        arrived = server.received()
        assert recipients(arrived) == sorted(EXPECTED)
        assert len({m["Message-ID"] for m in arrived}) == len(EXPECTED)
    finally:
        server.stop()


def test_a_mail_worker_killed_mid_send_is_recovered_within_a_minute_and_nobody_gets_a_message_twice(
    people, session, sub_item, smtp_server, start_worker
):
    """Two messages in flight when the worker is SIGKILLed: one the server had stored and not yet
    answered, one it had not received yet. The first is recorded as sent and never sent again; the
    second is sent again; the others are sent; every recipient gets exactly one copy."""
    stored, not_yet = "chair@un.example", "delegate@kenya.example"
    smtp_server.stall_after_storing.add(stored)
    smtp_server.stall_at_rcpt.add(not_yet)
    env = {"EMAIL_URL": smtp_server.url, **SENDER}
    first = start_worker(concurrency=2, beat=True, extra_env=env)
    submit_cosponsored_paper(people, session, sub_item)
    wait_for(lambda: len(smtp_server.stalled) == 2, timeout=60, what="both messages to be in flight")
    first.kill()
    killed = time.monotonic()
    smtp_server.stall_after_storing.clear()
    smtp_server.stall_at_rcpt.clear()
    assert Message.objects.get(to_email=stored).handed_over_at is not None
    assert Message.objects.get(to_email=not_yet).handed_over_at is None

    start_worker(concurrency=2, beat=True, extra_env=env)
    wait_for(all_sent, timeout=120, what="every message to be recorded as sent")
    took = time.monotonic() - killed
    assert took < 60, f"the interrupted messages were recovered {took:.1f}s after the worker died"
    assert recipients(smtp_server.received()) == sorted(EXPECTED)  # each once
    unconfirmed = Message.objects.get(to_email=stored)
    assert "answer was not received" in unconfirmed.last_error
    assert Message.objects.get(to_email=not_yet).attempts == 2


def test_with_the_broker_down_messages_wait_in_the_outbox_and_the_periodic_job_sends_them(
    people, session, sub_item, smtp_server, private_redis, use_broker, start_worker
):
    broker = use_broker(private_redis.url)
    private_redis.stop()

    submission = submit_cosponsored_paper(people, session, sub_item)
    assert submission.reference  # the delegate's submission went through
    assert Message.objects.filter(state=Message.State.QUEUED).count() == len(EXPECTED)

    # The broker comes back (empty: the tasks were never queued); workers and beat run again.
    private_redis.start()
    worker = start_worker(broker_url=broker, extra_env={"EMAIL_URL": smtp_server.url, **SENDER})
    send_pending.delay()  # what beat does every minute
    wait_for(all_sent, what="the periodic job to send every waiting message")
    wait_for(lambda: ran(worker, "send_pending") >= 1, what="the periodic job to finish")
    assert recipients(smtp_server.received()) == sorted(EXPECTED)
