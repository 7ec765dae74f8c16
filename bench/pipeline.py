"""The pipeline in its production configuration (issue #13): PostgreSQL, Redis, the real
extraction worker (`nice -n 10 celery worker --queues extraction --concurrency 2`, as the README runs
it), gunicorn for uploads,
beside pdftotext over the same files on both cores in the same run.

(a) drained: the papers are committed first (created and submitted through the services, their
    files stored, their messages waiting in Redis); then the worker starts, and the clock runs
    from its "ready" to the last version searchable. They are committed largest first, the order
    in which pdftotext reads them: both sides then share the files out between the two cores the
    same way. (Committed in the corpus's order, the worker met a 203-page file among the last ten
    while pdftotext had read its largest first: a drain could end with one child on a large file
    and the other idle, a cost of the order, not of reading.)
(b) uploads: 3 delegates, each in a client thread of a separate process, upload and submit
    the papers through the real form (GET the form, POST it multipart with the file, follow the
    redirect); the clock runs from the first upload to the last version searchable, and the web
    tier's CPU (gunicorn's workers, from /proc, once they have booted) is divided by the number of
    papers. gunicorn runs with the production configuration (portal/gunicorn_conf.py).

Its own database (oewg_bench_pipeline), Redis database (BENCH_REDIS_URL, default
redis://127.0.0.1:6379/7, flushed at each run) and files (var/bench/pipeline/). The 60 PDFs are
the first 60 of bench/extraction's corpus: prose in the six languages, 1 to 300 pages.

One part alone, under the bench lock: `python -m bench.pipeline drained` (or `uploads`), with
DATABASE_URL on the server; BENCH_WORKER_LOG=path keeps the worker's log, each line timed.
"""

import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .databases import DEFAULT_SERVER, ensure_database

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_NAME = "oewg_bench_pipeline"
CLIENTS = 3


def environment(admin_url: str) -> dict:
    return dict(
        os.environ,
        DATABASE_URL=ensure_database(DB_NAME, admin_url),
        CELERY_BROKER_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
        # The cache on Redis, as in production (the worker's saves give the review queue's cache a new token).
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7"),
        CELERY_TASK_ALWAYS_EAGER="0",
        VAR_DIR=str(ROOT / "var" / "bench" / "pipeline"),
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        STAFF_REQUIRE_2FA="0",
        SECRET_KEY="bench-" + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1",
    )


SETUP = """
import json, sys
import django
django.setup()
from datetime import timedelta
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from accounts.models import User
from agenda.models import AgendaItem, Body, Session
from delegations.models import Delegation
from submissions import services
spec = json.loads(sys.argv[1])
with connection.cursor() as cursor:  # a clean slate: this database is the bench's own
    cursor.execute("TRUNCATE submissions_submission CASCADE")
Body.objects.exclude(name="bench-pipeline").update(is_current=False)
body, _ = Body.objects.get_or_create(name="bench-pipeline", defaults={"short_name": "BP", "symbol_prefix": "BP/"})
Body.objects.filter(pk=body.pk).update(is_current=True)
today = timezone.localdate()
session, _ = Session.objects.get_or_create(body=body, title="Bench session", defaults={"number": 1,
    "start_date": today, "end_date": today + timedelta(days=4), "submission_deadline": timezone.now()})
Session.objects.filter(pk=session.pk).update(submission_deadline=timezone.now() + timedelta(days=30))
session.refresh_from_db()
parent, _ = AgendaItem.objects.get_or_create(body=body, code="5", defaults={"title": "Substantive", "order": 5})
item, _ = AgendaItem.objects.get_or_create(body=body, code="5(e)", defaults={"title": "Capacity-building", "parent": parent, "order": 6})
delegates, cookies = [], []
for n in range(spec["clients"]):
    delegation, _ = Delegation.objects.get_or_create(name=f"Bench pipeline State {n}", defaults={"kind": "member_state"})
    user, _ = User.objects.get_or_create(email=f"bench-delegate-{n}@example.org", defaults={"full_name": f"Delegate {n}",
        "role": User.Role.DELEGATE, "delegation": delegation})
    delegates.append(user)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    cookies.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
for n, path in enumerate(spec["commit"]):
    by = delegates[n % len(delegates)]
    language = path.split("-")[-2]
    with transaction.atomic(), open(path, "rb") as handle:
        paper = services.create_submission(by=by, title=f"Bench paper {n}", session=session, sub_items=[item],
            original_language=language, file=File(handle, name=path.rsplit("/", 1)[-1]))
        services.submit_submission(submission=paper, by=by)
print(json.dumps({"cookies": cookies, "session": session.pk, "sub_item": item.pk}))
"""


def setup(env, *, commit=(), clients=CLIENTS) -> dict:
    spec = json.dumps({"commit": [str(p) for p in commit], "clients": clients})
    out = subprocess.run([PY, "-c", SETUP, spec], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def flush_redis(env) -> None:
    import redis

    redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()


def pdftotext_rate(files) -> float:
    """pdftotext over the files on both cores: two at a time, as the worker's two children read."""

    def one(path):
        subprocess.run(["pdftotext", "-q", str(path), "-"], stdout=subprocess.DEVNULL, check=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, [path for path, _pages in largest_first(files)]))
    return sum(pages for _path, pages in files) / (time.perf_counter() - started)


def largest_first(files):
    """The order in which pdftotext reads the files and the drained worker finds them queued."""
    return sorted(files, key=lambda f: -f[1])


# The README's extraction worker (its production section), at its lower CPU priority (nice 10: beside
# gunicorn, as in (b), the web tier is served first), with the log level that says "ready".
WORKER_NICE = ["nice", "-n", "10"]
WORKER_COMMAND = "-A portal worker --queues extraction --concurrency 2 --prefetch-multiplier 4".split()  # noqa: SIM905


class Worker:
    """The extraction worker as a process, and what its log says about each task."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [*WORKER_NICE, str(Path(PY).parent / "celery"), *WORKER_COMMAND, "--hostname", f"bench-extraction-{uuid.uuid4().hex[:6]}@%h",
             "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        self.ready = threading.Event()
        self.task_seconds: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(120):
            self.process.terminate()
            raise RuntimeError("the extraction worker did not start")
        self.pid = self.process.pid

    def _read(self):
        log = open(os.environ["BENCH_WORKER_LOG"], "a") if os.environ.get("BENCH_WORKER_LOG") else None  # noqa: SIM115
        for line in self.process.stderr:
            if log:
                log.write(f"{time.time():.3f} {line}")
                log.flush()
            if " ready." in line:
                self.ready.set()
            found = TASK_SUCCEEDED.search(line)
            if found:
                self.task_seconds.append(float(found.group(1)))


TASK_SUCCEEDED = re.compile(r"indexing\.extract_version\[[^\]]+\] succeeded in ([0-9.]+)s")


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def done_count(env) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE state = 'indexed'), count(*) FILTER (WHERE state = 'failed') "
            "FROM indexing_extraction"
        ).fetchone()
    return row[0], row[1]


def wait_all_done(env, total: int, timeout: float = 600) -> float:
    """Poll until every version is indexed (or failed); returns the time it was seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        indexed, failed = done_count(env)
        if indexed + failed >= total:
            if failed:
                raise RuntimeError(f"{failed} versions failed to index")
            return time.time()
        time.sleep(0.05)
    raise RuntimeError("the pipeline did not drain in time")


def database_cpu_seconds(env) -> float:
    """CPU of the server processes of the worker's connections (opened during the drain), from /proc."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True) as conn:
        pids = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return sum(cpu_seconds(pid, children=False) for (pid,) in pids)


def settled(pid: int, timeout: float = 60) -> None:
    """Wait until the server's workers have booted (each loads its URLs, templates and catalogues,
    portal/warmup.py): their start is not an upload's cost. Settled: half a second without CPU."""
    deadline = time.monotonic() + timeout
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - before < 0.02:
            return
        before = now


def cpu_seconds(pid: int, *, children: bool = True) -> float:
    """User + system CPU of a process and (children=True) its children (gunicorn's or celery's workers)."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    if children:
        with contextlib.suppress(OSError):
            pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def drained(files, pdftotext: float, env, report, say) -> None:
    pages = sum(p for _f, p in files)
    flush_redis(env)
    say(f"pipeline: committing {len(files)} papers ({pages} pages) with the worker stopped")
    setup(env, commit=[path for path, _ in largest_first(files)])
    worker = Worker(env)
    try:
        started = time.time()
        cpu_before = cpu_seconds(worker.pid)
        finished = wait_all_done(env, len(files))
        cpu_after = cpu_seconds(worker.pid)
        database_cpu = database_cpu_seconds(env)
    finally:
        stop(worker.process)
    rate = pages / (finished - started)
    report("pipeline_pages_per_s", round(rate), "pages/s")
    report("pipeline_ratio_to_pdftotext", round(rate / pdftotext, 2), "x")
    say(f"  drained in {finished - started:.2f} s; pdftotext on both cores {pdftotext:.0f} pages/s")
    times = sorted(worker.task_seconds)
    if times:
        say(
            f"  worker: {len(times)} tasks, median {times[len(times) // 2] * 1000:.0f} ms, sum {sum(times):.2f} s; "
            f"CPU of the worker and its children {cpu_after - cpu_before:.2f} s, of their PostgreSQL "
            f"connections {database_cpu:.2f} s"
        )


def uploads(files, pdftotext: float, env, report, say) -> None:
    from .public import free_port

    pages = sum(p for _f, p in files)
    flush_redis(env)
    found = setup(env, clients=CLIENTS)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "--config", "portal/gunicorn_conf.py", "portal.wsgi",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    worker = None
    try:
        worker = Worker(env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                import socket

                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        # Files dealt round-robin, largest first, so that the three delegates finish together.
        ordered = [str(path) for path, _p in sorted(files, key=lambda f: -f[1])]
        jobs = [{"cookie": cookie, "files": ordered[n::CLIENTS]} for n, cookie in enumerate(found["cookies"])]
        spec = {"base": f"http://127.0.0.1:{port}", "session": found["session"], "sub_item": found["sub_item"],
                "jobs": jobs}  # fmt: skip
        say(f"pipeline: {CLIENTS} delegates upload and submit {len(files)} papers through the form")
        settled(server.pid)
        cpu_before = cpu_seconds(server.pid)
        client = subprocess.run(
            [PY, "-m", "bench.pipeline", "upload"], input=json.dumps(spec), cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        )  # fmt: skip
        cpu_after = cpu_seconds(server.pid)
        result = json.loads(client.stdout)
        if result["errors"]:
            raise RuntimeError(f"{result['errors']} uploads failed: {result['first_error']}")
        finished = wait_all_done(env, len(files))
    finally:
        if worker:
            stop(worker.process)
        stop(server)
    rate = pages / (finished - result["started"])
    report("upload_pipeline_pages_per_s", round(rate), "pages/s")
    report("upload_pipeline_ratio_to_pdftotext", round(rate / pdftotext, 2), "x")
    report("upload_cpu_ms_per_paper", round((cpu_after - cpu_before) * 1000 / len(files)), "ms")
    say(
        f"  uploads took {result['finished'] - result['started']:.2f} s, last searchable "
        f"{finished - result['finished']:.2f} s after the last upload"
    )


def run(report, say, admin_url: str, parts=("drained", "uploads")) -> None:
    import redis

    from .extraction import corpus

    env = environment(admin_url)
    try:
        redis.Redis.from_url(env["CELERY_BROKER_URL"], socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        say(f"pipeline: Redis unreachable at {env['CELERY_BROKER_URL']} ({error}); skipped")
        return
    files = corpus(ROOT / "var" / "bench", int(os.environ.get("BENCH_PIPELINE_PDFS", "60")))
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    for path, _ in files:  # the page cache warm, for pdftotext and the worker alike
        path.read_bytes()
    pdftotext = pdftotext_rate(files)
    report("pipeline_pdftotext_pages_per_s", round(pdftotext), "pages/s")
    if "drained" in parts:
        drained(files, pdftotext, env, report, say)
    if "uploads" in parts:
        uploads(files, pdftotext, env, report, say)


# --- The upload client (a process of its own) ---------------------------------------------
def upload_client() -> None:
    import http.client
    from urllib.parse import urlsplit

    spec = json.load(sys.stdin)
    parts = urlsplit(spec["base"])
    lock = threading.Lock()
    state = {"errors": 0, "first_error": "", "started": None, "finished": 0.0}

    def one(job):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        name, _, value = job["cookie"].partition("=")
        cookies = {name: value}

        def request(method, path, body=None, headers=None):
            cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
            conn.request(
                method, path, body=body, headers={"Cookie": cookie, "Accept-Language": "en", **(headers or {})}
            )
            response = conn.getresponse()
            data = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    cookies[name] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location"), data

        for path in job["files"]:
            with lock:
                if state["started"] is None:
                    state["started"] = time.time()
            status, _loc, form = request("GET", "/submissions/new/")
            csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form)
            token = re.search(rb'name="form_token" value="([^"]+)"', form)
            if status != 200 or not csrf or not token:
                with lock:
                    state["errors"] += 1
                    state["first_error"] = state["first_error"] or f"form: {status}"
                continue
            name = Path(path).name
            fields = {
                "csrfmiddlewaretoken": csrf.group(1).decode(),
                "form_token": token.group(1).decode(),
                "title": f"Bench upload {name}",
                "kind": "concept_paper",
                "session": str(spec["session"]),
                "sub_items": str(spec["sub_item"]),
                "original_language": name.split("-")[1],
                "summary": "A paper of the pipeline bench.",
                "action": "submit",
            }
            boundary = uuid.uuid4().hex
            body = b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in fields.items()
            )
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                    "Content-Type: application/pdf\r\n\r\n"
                ).encode()
                + Path(path).read_bytes()
                + f"\r\n--{boundary}--\r\n".encode()
            )
            status, location, page = request(
                "POST",
                "/submissions/new/",
                body,
                {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": spec["base"] + "/"},
            )
            if status == 302 and location:
                status, _loc, page = request("GET", location)  # the paper's page, as a browser shows it
            with lock:
                if status != 200:
                    state["errors"] += 1
                    state["first_error"] = state["first_error"] or f"post: {status} {page[:300]!r}"
                state["finished"] = time.time()

    threads = [threading.Thread(target=one, args=(job,)) for job in spec["jobs"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(state))


if __name__ == "__main__":
    if sys.argv[1:] == ["upload"]:
        upload_client()
    else:
        # One part alone (run it under the bench lock): python -m bench.pipeline drained|uploads
        from . import __main__ as bench

        run(
            bench.report,
            bench.say,
            os.environ.get("DATABASE_URL") or DEFAULT_SERVER,
            parts=sys.argv[1:] or ("drained",),
        )
