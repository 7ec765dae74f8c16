"""Served mode: gunicorn against PostgreSQL with 20,000 (and 2,000) published papers, driven by
concurrent clients from a separate process (bench/client.py) for a bounded time.

Each size has its own database (oewg_bench_public_<size>), populated once and marked by a
Body row, so later runs reuse it. Prints p50/p95/p99 and requests per second per kind of
request, and the `bench: public_*` summary lines.
"""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from .databases import ensure_database

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MARKER = "bench-public-v1"
WORDS = [
    "capacity-building",
    "confidence-building",
    "measures",
    "points",
    "of",
    "contact",
    "threat",
    "repository",
    "international",
    "law",
    "norms",
    "responsible",
    "behaviour",
    "ransomware",
    "critical",
    "infrastructure",
    "cooperation",
    "portal",
    "dialogue",
]


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def populate(env, size: int, say) -> None:
    """Published papers with English and French files, indexed, in one go; skipped when the marker is there."""
    code = f"""
import django, random, uuid, datetime
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from accounts.models import User
from agenda.models import AgendaItem, Body, Session
from delegations.models import Delegation
from indexing.models import Extraction
from publication.models import Publication
from submissions.models import CoSponsorship, Submission, Version
SIZE = {size}
if Body.objects.filter(name="{MARKER}").exists():
    raise SystemExit(0)
Body.objects.update(is_current=False)
body = Body.objects.create(name="{MARKER}", short_name="BENCH", symbol_prefix="B/", is_current=True)
today = timezone.localdate()
sessions = [Session.objects.create(body=body, number=n, title=f"Session {{n}}", start_date=today - datetime.timedelta(days=90 * n),
            end_date=today - datetime.timedelta(days=90 * n - 4), submission_deadline=timezone.now()) for n in range(1, 9)]
parent = AgendaItem.objects.create(body=body, code="5", title="Substantive issues", order=5)
subs = [AgendaItem.objects.create(body=body, parent=parent, code=f"5({{c}})", title=f"Sub-item {{c}}", order=6 + i) for i, c in enumerate("abcdef")]
delegations = [Delegation.objects.get_or_create(name=f"Bench State {{n}}", defaults={{"kind": "member_state"}})[0] for n in range(60)]
user, _ = User.objects.get_or_create(email="bench@example.org", defaults={{"full_name": "Bench"}})
words = {WORDS!r}
rng = random.Random(7)
now = timezone.now()
Through = Submission.sub_items.through
PV = Publication.versions.through
for start in range(0, SIZE, 1000):
    with transaction.atomic():
        n = min(1000, SIZE - start)
        papers = Submission.objects.bulk_create([Submission(title=" ".join(rng.sample(words, 5)).capitalize(), summary="A summary.",
            delegation=delegations[(start + i) % 60], session=sessions[(start + i) % 8], status="published", created_by=user,
            version_count=2) for i in range(n)])
        Through.objects.bulk_create([Through(submission_id=p.pk, agendaitem_id=subs[(start + i) % 6].pk) for i, p in enumerate(papers)])
        CoSponsorship.objects.bulk_create([CoSponsorship(submission=p, delegation=delegations[(start + i + 7) % 60], invited_by=user,
            status="accepted") for i, p in enumerate(papers)])
        versions = Version.objects.bulk_create([Version(submission=p, number=k, revision=1, language=lang, file="bench/none.txt",
            original_name="paper.txt", size=900, sha256=uuid.uuid4().hex * 2, content_type="text/plain", uploaded_by=user)
            for p in papers for k, lang in ((1, "en"), (2, "fr"))])
        Extraction.objects.bulk_create([Extraction(version=v, state="indexed", pages=1, words=150, detected_language=v.language,
            text=" ".join(rng.choice(words) for _ in range(150)), queued_at=now, finished_at=now, attempts=1) for v in versions])
        pubs = Publication.objects.bulk_create([Publication(submission=p, session_id=p.session_id, number=start + i + 1,
            reference=f"BENCH/{{start + i + 1}}", published_at=now - datetime.timedelta(minutes=start + i), published_by=user)
            for i, p in enumerate(papers)])
        by_paper = {{}}
        for v in versions:
            by_paper.setdefault(v.submission_id, []).append(v)
        PV.objects.bulk_create([PV(publication_id=pub.pk, version_id=v.pk) for pub in pubs for v in by_paper[pub.submission_id]])
with connection.cursor() as cursor:
    cursor.execute(
        "UPDATE indexing_extraction e SET search_vector = setweight(to_tsvector('english', s.title), 'A') || "
        "to_tsvector(CASE WHEN v.language = 'fr' THEN 'french'::regconfig ELSE 'english'::regconfig END, e.text) "
        "FROM submissions_version v JOIN submissions_submission s ON s.id = v.submission_id WHERE v.id = e.version_id")
    cursor.execute("ANALYZE")
"""  # noqa: S608 (a script of ours, run in a subprocess; no input in it)
    say(f"public: populating {size} published papers (first run only)")
    subprocess.run([PY, "-c", code], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_and_drive(env, *, seconds: int, clients: int, kinds: str, say) -> dict:
    port = free_port()
    server = subprocess.Popen(
        # The production configuration (workers, threads: WEB_WORKERS, WEB_THREADS), on a port of our own.
        [
            str(Path(PY).parent / "gunicorn"),
            "--config",
            "portal/gunicorn_conf.py",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        from .pipeline import settled

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        settled(server.pid)  # every worker booted (and warmed up) before the clock starts
        client = subprocess.run(
            [PY, "-m", "bench.client", f"http://127.0.0.1:{port}", str(seconds), str(clients), kinds],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(client.stdout)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(report, say, admin_url: str) -> None:
    seconds = int(os.environ.get("BENCH_PUBLIC_SECONDS", "60"))
    clients = int(os.environ.get("BENCH_PUBLIC_CLIENTS", "8"))
    big = int(os.environ.get("BENCH_PUBLIC_PAPERS", "20000"))
    small = max(1, big // 10)
    results = {}
    # The same mix of requests at both sizes, so that their figures compare.
    for size, kinds, duration in ((small, "all", max(10, seconds // 3)), (big, "all", seconds)):
        env = dict(
            os.environ,
            DATABASE_URL=ensure_database(f"oewg_bench_public_{size}", admin_url),
            DEBUG="0",
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="portal.settings",
            CELERY_TASK_ALWAYS_EAGER="1",
            SECRET_KEY="bench-" + uuid.uuid4().hex,
            ALLOWED_HOSTS="127.0.0.1",
            # Production keeps what the pages derive from the published set in Redis, shared by the processes.
            CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7"),
        )
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        populate(env, size, say)
        say(f"public: {clients} clients for {duration} s against {size} papers")
        results[size] = serve_and_drive(env, seconds=duration, clients=clients, kinds=kinds, say=say)
    figures = results[big]
    for kind, stats in sorted(figures["kinds"].items()):
        say(
            f"  {kind:8s} {stats['count']:6d} req  {stats['rps']:7.1f}/s  p50 {stats['p50']:6.1f}  "
            f"p95 {stats['p95']:6.1f}  p99 {stats['p99']:6.1f} ms"
        )
    pages = [figures["kinds"][k]["p95"] for k in ("home", "list", "paper", "feed") if k in figures["kinds"]]
    report("public_page_p95_ms", round(max(pages), 1), "ms")
    report("public_search_p95_ms", figures["kinds"]["search"]["p95"], "ms")
    report("public_api_p95_ms", figures["kinds"]["api"]["p95"], "ms")
    report("public_static_p95_ms", figures["kinds"]["static"]["p95"], "ms")
    report("public_error_count", figures["errors"] + results[small]["errors"], "requests")
    small_pages = [results[small]["kinds"][k]["p95"] for k in ("home", "list", "paper", "feed")]
    report("public_page_p95_ms_2k", round(max(small_pages), 1), "ms")
    report("public_search_p95_ms_2k", results[small]["kinds"]["search"]["p95"], "ms")
    report("public_api_p95_ms_2k", results[small]["kinds"]["api"]["p95"], "ms")
    report("public_requests_per_second", round(figures["rps"], 1), "req/s")


# --- The staff pages served (issue #13) ---------------------------------------------------
STAFF_MARKER = "bench-staff-v1"
STAFF_PAGES = ("queue", "queue_filtered", "queue_search", "search")


def prepare_staff(env, say) -> dict:
    """Give the published papers what a queue shows (submission dates over four years, references,
    assignees, open questions), once per database; log a reviewer in. Returns the client's env."""
    code = f"""
import datetime, json, random
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.utils import timezone
from accounts.models import User
from agenda.models import AgendaItem
from review.models import Question
from submissions.models import Submission
reviewers = [User.objects.get_or_create(email=f"bench-reviewer-{{n}}@example.org", defaults={{"full_name": f"Reviewer {{n}}",
    "role": User.Role.SECRETARIAT if n % 2 else User.Role.CHAIR_TEAM}})[0] for n in range(8)]
if not Submission.objects.filter(reference__startswith="{STAFF_MARKER}").exists():
    rng = random.Random(13)
    first = datetime.datetime(2021, 11, 1, tzinfo=datetime.UTC)
    span = (timezone.now() - first).total_seconds()
    with transaction.atomic():
        rows = list(Submission.objects.order_by("pk").only("pk"))
        for n, s in enumerate(rows):
            s.submitted_at = first + datetime.timedelta(seconds=rng.random() * span)
            s.reference = f"{STAFF_MARKER}-{{n + 1:06d}}" if n == 0 else f"BS-{{s.submitted_at:%Y}}-{{n + 1:06d}}"
            s.assigned_to = rng.choice(reviewers) if rng.random() < 0.6 else None
        Submission.objects.bulk_update(rows, ["submitted_at", "reference", "assigned_to"], batch_size=2000)
        Question.objects.bulk_create([Question(submission=s, asked_by=reviewers[0], text="Which partners?",
            answered_at=None if n % 3 else timezone.now()) for n, s in enumerate(rows) if n % 10 == 0], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE submissions_submission")
        cursor.execute("VACUUM ANALYZE review_question")
user = User.objects.get(email="bench-reviewer-1@example.org")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
items = AgendaItem.objects.filter(body__name="{MARKER}", parent__isnull=False).values_list("pk", flat=True)
print(json.dumps({{"cookie": f"{{settings.SESSION_COOKIE_NAME}}={{session.session_key}}", "items": list(items)}}))
"""
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    return dict(env, BENCH_COOKIE=found["cookie"], BENCH_SUB_ITEMS=",".join(map(str, found["items"])))


# A busy session seen from the queue: something the rows show changes every 5 ms (an upload, an
# extraction finishing, a question, an assignment: far more than a real session), and, every
# BENCH_COUNT_CHANGE_S seconds (10: 360 an hour, several times a deadline day's busiest hour),
# something that changes a count (a paper submitted, a status changed, a sub-item;
# review.queue_cache.COUNTS), after which the counts are read again.
CHANGING = """
import os, time
from review import queue_cache
every = float(os.environ.get("BENCH_COUNT_CHANGE_S", "10"))
last = time.monotonic()
while True:
    if time.monotonic() - last >= every:
        queue_cache.bump(queue_cache.ROWS, queue_cache.COUNTS)
        last = time.monotonic()
    else:
        queue_cache.bump(queue_cache.ROWS)
    time.sleep(0.005)
"""


def run_staff(report, say, admin_url: str) -> None:
    """The review queue (unfiltered, by a sub-item, with ?q=) and the staff search page, logged in as
    a reviewer, at 2,000 and 20,000 papers, 4 clients; then the queue alone for its pages per second."""
    seconds = int(os.environ.get("BENCH_STAFF_SECONDS", "30"))
    clients = int(os.environ.get("BENCH_STAFF_CLIENTS", "4"))
    big = int(os.environ.get("BENCH_PUBLIC_PAPERS", "20000"))
    small = max(1, big // 10)
    results, rebuilt = {}, {}
    for size in (small, big):
        env = dict(
            os.environ,
            DATABASE_URL=ensure_database(f"oewg_bench_public_{size}", admin_url),
            DEBUG="0",
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="portal.settings",
            CELERY_TASK_ALWAYS_EAGER="1",
            SECRET_KEY="bench-" + uuid.uuid4().hex,
            ALLOWED_HOSTS="127.0.0.1",
            STAFF_REQUIRE_2FA="0",
            # Production keeps sessions and the queue's pages in Redis, shared by the processes.
            CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7"),
        )
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        populate(env, size, say)
        env = prepare_staff(env, say)
        # The databases were written without the portal's signals (bulk inserts, raw SQL): what an
        # earlier run kept in Redis for them is given up, as after a restore.
        manage(env, "shell", "-c", "from review import queue_cache as q; q.bump(q.ROWS, q.CHOICES, q.COUNTS)")
        say(f"staff: {clients} clients for {seconds} s against {size} papers")
        results[size] = serve_and_drive(env, seconds=seconds, clients=clients, kinds="staff", say=say)
        for kind, stats in sorted(results[size]["kinds"].items()):
            say(
                f"  {kind:15s} {stats['count']:6d} req  {stats['rps']:7.1f}/s  p50 {stats['p50']:6.1f}  "
                f"p95 {stats['p95']:6.1f}  p99 {stats['p99']:6.1f} ms"
            )
        # The queue while its data keeps changing: a writer gives the kept pages a new token every few
        # ms, as a paper saved, indexed or answered would, so that every page is built in full.
        say(
            f"staff: the queue rebuilt on every request, {clients} clients for {max(10, seconds // 2)} s, {size} papers"
        )
        writer = subprocess.Popen([PY, "manage.py", "shell", "-c", CHANGING], cwd=ROOT, env=env)
        try:
            rebuilt[size] = serve_and_drive(env, seconds=max(10, seconds // 2), clients=clients, kinds="queue", say=say)
        finally:
            writer.terminate()
            writer.wait(timeout=30)
        stats = rebuilt[size]["kinds"]["queue"]
        say(f"  queue rebuilt {stats['count']} req, {stats['rps']:.1f}/s, p50 {stats['p50']} p95 {stats['p95']} ms")
        if size == big:
            say(f"staff: the queue alone, {clients} clients for {max(10, seconds // 2)} s against {size} papers")
            alone = serve_and_drive(env, seconds=max(10, seconds // 2), clients=clients, kinds="queue", say=say)
            stats = alone["kinds"]["queue"]
            say(f"  queue alone {stats['count']} req, {stats['rps']:.1f}/s, p50 {stats['p50']} p95 {stats['p95']} ms")
    names = {"queue": "queue", "queue_filtered": "queue_filtered", "queue_search": "queue_search", "search": "search"}
    for kind, name in names.items():
        report(f"served_{name}_p95_ms", results[big]["kinds"][kind]["p95"], "ms")
        report(f"served_{name}_p95_ms_2k", results[small]["kinds"][kind]["p95"], "ms")
        report(f"served_{name}_p50_ms", results[big]["kinds"][kind]["p50"], "ms")
    report("served_static_p95_ms", results[big]["kinds"]["static"]["p95"], "ms")
    report("served_queue_rps", round(alone["kinds"]["queue"]["rps"], 1), "pages/s")
    report("served_queue_rebuilt_p95_ms", rebuilt[big]["kinds"]["queue"]["p95"], "ms")
    report("served_queue_rebuilt_p95_ms_2k", rebuilt[small]["kinds"]["queue"]["p95"], "ms")
    report("served_queue_rebuilt_rps", round(rebuilt[big]["kinds"]["queue"]["rps"], 1), "pages/s")
    errors = results[big]["errors"] + results[small]["errors"] + alone["errors"]
    report("served_staff_error_count", errors + rebuilt[big]["errors"] + rebuilt[small]["errors"], "requests")


def main() -> None:
    """`python -m bench.public staff`: the staff part of `make bench` alone (under the bench lock)."""
    from .__main__ import bench_database_url, report, say

    if sys.argv[1:] != ["staff"]:
        sys.exit("usage: python -m bench.public staff")
    database_url = bench_database_url()
    if not database_url:
        sys.exit("bench.public needs PostgreSQL (DATABASE_URL)")
    run_staff(report, say, database_url)


if __name__ == "__main__":
    main()
