"""Real services for integration tests: a Celery worker process, a private Redis, an SMTP server.

These tests run when DATABASE_URL and CELERY_BROKER_URL are set (make test does so
when they are; .ci/run always does). With REQUIRE_SERVICES=1 an unreachable service
fails the run instead of skipping it.
"""

import asyncio
import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    configured = os.environ.get("DATABASE_URL") and os.environ.get("CELERY_BROKER_URL")
    if configured:
        return
    skip = pytest.mark.skip(reason="set DATABASE_URL and CELERY_BROKER_URL to run integration tests")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], object], *, timeout: float = 30, interval: float = 0.2, what: str = "condition"):
    """Poll until predicate() is truthy; return its value or fail naming what was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def worker_waiting_on_lock(conn) -> bool:
    """Whether another backend of this database waits for a row lock (a worker stopped at a row the
    test holds)."""
    # Within one transaction PostgreSQL shows the same snapshot of pg_stat_activity: take a fresh one.
    conn.execute("SELECT pg_stat_clear_snapshot()")
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    ).fetchone()
    return row[0] > 0


def test_database_url() -> str:
    """The database pytest-django created for this run, as a URL a worker process can use."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    """A real `celery worker` on the test database, the test's files and a given broker."""

    def __init__(
        self,
        *,
        broker_url: str,
        queues: str = "default,extraction,mail",
        extra_env: dict | None = None,
        concurrency: int = 1,
        beat: bool = False,
        database_url: str | None = None,
    ):
        self.broker_url = broker_url
        self.queues = queues
        self.extra_env = extra_env or {}
        self.concurrency = concurrency
        # With beat, as `make run` and a one-machine installation run it: the periodic sweeps are real.
        self.beat = beat
        self.database_url = database_url
        self.process: subprocess.Popen | None = None
        self.log_path = Path(settings.VAR_DIR) / f"worker-{free_port()}.log"

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings",
            DATABASE_URL=self.database_url or test_database_url(),
            CELERY_BROKER_URL=self.broker_url,
            VAR_DIR=str(settings.VAR_DIR),
            CELERY_TASK_ALWAYS_EAGER="0",
            TESTING="1",
        )
        env.update(self.extra_env)
        return env

    def start(self, *, timeout: float = 60) -> "WorkerProcess":
        log = self.log_path.open("ab")
        self.started_at_byte = self.log_path.stat().st_size
        beat = ["--beat", "--schedule", str(Path(settings.VAR_DIR) / f"beat-{free_port()}")] if self.beat else []
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "portal", "worker",
                "--queues", self.queues, "--concurrency", str(self.concurrency), "--loglevel", "INFO",
                "--without-gossip", "--without-mingle", "--hostname", f"test-{os.getpid()}-{free_port()}@%h",
                *beat,
            ],
            cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_for(
            lambda: self.process.poll() is not None or b"ready." in self.log_path.read_bytes()[self.started_at_byte :],
            timeout=timeout,
            what="the worker to start",
        )
        if self.process.poll() is not None:
            raise AssertionError(f"worker exited at start:\n{self.log()}")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def kill(self) -> None:
        """SIGKILL the worker and its children at once, as a crash or the OOM killer would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class RedisServer:
    """A private redis-server on a spare port, for tests that stop or restart the broker."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        if not binary:
            pytest.fail("redis-server is not installed")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

        def answers():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(answers, timeout=20, what="the private Redis")
        return self

    def stop(self) -> None:
        """Stop it with everything it held: a restart comes back empty."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class PostgresCluster:
    """A throwaway PostgreSQL cluster of the test's own on a spare port, to stop and start at will.

    Never the machine's server (others use it). initdb and pg_ctl refuse to run as root: as root,
    they run as the `postgres` user, in a folder it owns.
    """

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            pytest.fail("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
        self.bin = Path(found[-1]).parent
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="oewg-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode:
            raise AssertionError(f"{program} failed: {result.stdout}{result.stderr}")

    def url(self, name: str = "portal") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create(self) -> "PostgresCluster":
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        return self.start()

    def start(self) -> "PostgresCluster":
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")
        return self

    def stop(self) -> None:
        """As a crash or a restart would: connections are cut at once."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def copy_database(self, source_url: str, name: str = "portal") -> str:
        """A copy of another database (schema and rows) in this cluster; returns its URL."""
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
                       check=True, capture_output=True)  # fmt: skip
        dump = subprocess.run([str(self.bin / "pg_dump"), "--no-owner", "-d", source_url],
                              check=True, capture_output=True).stdout  # fmt: skip
        subprocess.run([str(self.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(name)],
                       input=dump, check=True, capture_output=True)  # fmt: skip
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(AssertionError):  # already stopped
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a spare port that keeps what it receives."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list = []
        self.refuse: Callable[[str], str | None] = lambda rcpt: None
        # Recipients for whom the server stalls: at RCPT (before it has the message), or after it
        # stored the message and before it answers 250 (the one case SMTP cannot make exactly-once).
        self.stall_at_rcpt: set[str] = set()
        self.stall_after_storing: set[str] = set()
        self.stalled: list[tuple[str, str]] = []
        self.release = threading.Event()
        self.controller = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpServer":
        from aiosmtpd.controller import Controller

        server = self

        async def stall(where: str, address: str):
            with server._lock:
                server.stalled.append((where, address))
            while not server.release.is_set():
                await asyncio.sleep(0.05)

        class Handler:
            async def handle_RCPT(self, smtp_server, session, envelope, address, rcpt_options):
                if address in server.stall_at_rcpt:
                    await stall("rcpt", address)
                answer = server.refuse(address)
                if answer:
                    return answer
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, smtp_server, session, envelope):
                message = message_from_bytes(envelope.content, policy=policy.default)
                with server._lock:
                    server.messages.append(message)
                if set(envelope.rcpt_tos) & server.stall_after_storing:
                    await stall("data", envelope.rcpt_tos[0])
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self.controller:
            self.controller.stop()
            self.controller = None

    def received(self) -> list:
        with self._lock:
            return list(self.messages)


def _require_services():
    if os.environ.get("REQUIRE_SERVICES") != "1":
        return
    if connection.vendor != "postgresql":
        pytest.fail("integration tests need PostgreSQL: DATABASE_URL does not point at it")


@pytest.fixture
def real_broker(transactional_db):
    """Let the code under test enqueue to the configured broker instead of running tasks in-process."""
    _require_services()
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield os.environ["CELERY_BROKER_URL"]
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def worker(real_broker):
    """A real worker on the machine's broker (Redis in CI), started for this test."""
    process = WorkerProcess(broker_url=real_broker).start()
    yield process
    process.stop()


@pytest.fixture
def private_redis():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def use_broker(transactional_db, monkeypatch):
    """Point the test process's Celery at another broker (a private Redis) for one test."""
    _require_services()
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)

    def forget_connections():
        # Celery caches the broker connection pool and the producer pool, and kombu keeps them in
        # process-wide groups keyed by URL: closing one would leave a closed pool behind for the
        # next user of that URL. Drop them all, so that the next send connects to the new URL.
        kombu.pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    def switch(url: str):
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = url
        # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        forget_connections()
        return url

    yield switch
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous
    forget_connections()


@pytest.fixture
def private_postgres():
    cluster = PostgresCluster().create()
    yield cluster
    cluster.destroy()


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def start_worker(real_broker):
    """Start real workers with settings of the test's own (e.g. EMAIL_URL); all are stopped at the end."""
    started: list[WorkerProcess] = []

    def start(*, broker_url: str | None = None, **kwargs) -> WorkerProcess:
        process = WorkerProcess(broker_url=broker_url or real_broker, **kwargs).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()
