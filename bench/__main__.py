"""`make bench`: extraction throughput beside pdftotext, and search latency on PostgreSQL.

Every figure is printed as a line `bench: NAME VALUE UNIT`, for scripts to read.
The PostgreSQL part uses its own database (oewg_bench) on the server of DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/postgres); it never touches other databases.
Environment: BENCH_PDFS (default 200), BENCH_SEARCH_DOCS (default 20000), BENCH_ROUNDS (default 20);
BENCH_STAFF_SECONDS (30 a size), BENCH_PIPELINE_PDFS (60), BENCH_REDIS_URL and BENCH_CACHE_URL
(redis://127.0.0.1:6379/7: the broker and the cache of the served runs).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "oewg_bench"


def report(name: str, value, unit: str) -> None:
    print(f"bench: {name} {value} {unit}", flush=True)


def say(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def bench_database_url() -> str | None:
    """Our own database on the server (made once), or None without PostgreSQL."""
    import psycopg

    from .databases import ensure_database

    try:
        return ensure_database(BENCH_DB)
    except psycopg.OperationalError as error:
        say(f"PostgreSQL unreachable ({error}); search figures skipped")
        return None


def main() -> None:
    started = time.perf_counter()
    database_url = bench_database_url()
    os.environ["DATABASE_URL"] = database_url or ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    from . import extraction, queue, search

    folder = Path(settings.VAR_DIR) / "bench"
    say("extraction: generating (first run only) and reading the PDF corpus")
    extraction.run(folder, int(os.environ.get("BENCH_PDFS", "200")), report)
    if database_url:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        search.populate(int(os.environ.get("BENCH_SEARCH_DOCS", "20000")), say)
        say("search: timing queries")
        totals = search.measure(int(os.environ.get("BENCH_ROUNDS", "20")), report)
        for query, total in totals.items():
            say(f"  {total:6d} hits  {query}")
        queue.run(report, say)
        from . import public

        say("public: the portal served by gunicorn, driven by concurrent clients")
        public.run(report, say, database_url)
        from . import compendium

        say("compendium: 2,000 papers with summaries, built in a process of its own as a worker does")
        compendium.run(report, say)
        say("staff: the review queue and the search page served, 4 reviewers' clients, 2,000 and 20,000 papers")
        public.run_staff(report, say, database_url)
        from . import pipeline

        say("pipeline: the real extraction worker on Redis, and uploads through the forms, beside pdftotext")
        pipeline.run(report, say, database_url)
    report("bench_seconds", round(time.perf_counter() - started, 1), "s")


if __name__ == "__main__":
    main()
