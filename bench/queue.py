"""The review queue page on PostgreSQL with 20,000 submissions: unfiltered, filtered, searched.

It reuses the bench database and, when present, the 20,000 submissions of bench.search
(so that the search filter has real text to match), and gives them what a real queue
has: sessions, sub-items, statuses, references, submission dates over four years,
co-sponsors, assignees and open questions. Rows are made with bulk_create/bulk_update,
once, and kept. Then each page is fetched through Django's test client, logged in as
the Secretariat, beside the page's main SQL query alone.

Standalone: `.venv/bin/python -m bench.queue` (BENCH_QUEUE_ROWS, BENCH_QUEUE_ROUNDS).
"""

import datetime
import os
import random
import statistics
import time
import uuid

from .search import percentile

TAG = "bench-queue-v1"
SUB_ITEMS = [
    ("5(a)", "Existing and potential threats"),
    ("5(b)", "Rules, norms and principles of responsible State behaviour"),
    ("5(c)", "International law"),
    ("5(d)", "Confidence-building measures"),
    ("5(e)", "Capacity-building"),
    ("5(f)", "Regular institutional dialogue"),
]
STATUSES = [
    ("submitted", 30),
    ("under_review", 25),
    ("questions_sent", 10),
    ("revised", 5),
    ("accepted", 10),
    ("published", 15),
    ("withdrawn", 3),
    ("not_accepted", 2),
]
KINDS = ["concept_paper", "proposal", "working_paper", "written_input", "national_statement"]


def populate(total: int, say) -> None:
    """Make the queue's data once: enrich bench.search's submissions, top up to `total`."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from agenda.models import AgendaItem, Body, Session
    from delegations.models import Delegation
    from indexing.models import Extraction
    from review.models import Question
    from submissions.models import CoSponsorship, Submission, Version

    if Submission.objects.filter(reference__startswith="BQ-").count() >= total:
        return
    say(f"queue: preparing {total} submissions (once; kept in the bench database)")
    rng = random.Random(11)
    now = timezone.now()
    body, _ = Body.objects.get_or_create(name=TAG, defaults={"short_name": "BQ", "symbol_prefix": "BQ/"})
    parent, _ = AgendaItem.objects.get_or_create(body=body, code="5", defaults={"title": "Substantive", "order": 5})
    items = [
        AgendaItem.objects.get_or_create(
            body=body, code=code, defaults={"title": title, "parent": parent, "order": 10 + n}
        )[0]
        for n, (code, title) in enumerate(SUB_ITEMS)
    ]
    start = datetime.date(2021, 12, 13)
    sessions = [
        Session.objects.get_or_create(
            body=body,
            title=f"Bench substantive session {n + 1}",
            defaults={
                "number": n + 1,
                "start_date": start + datetime.timedelta(days=130 * n),
                "end_date": start + datetime.timedelta(days=130 * n + 4),
                "submission_deadline": now,
            },
        )[0]
        for n in range(11)
    ]
    delegations = [Delegation.objects.get_or_create(name=f"Bench State {n}")[0] for n in range(193)]
    reviewers = [
        User.objects.get_or_create(
            email=f"bench-reviewer-{n}@example.org",
            defaults={"full_name": f"Reviewer {n}", "role": User.Role.SECRETARIAT if n % 2 else User.Role.CHAIR_TEAM},
        )[0]
        for n in range(8)
    ]
    author, _ = User.objects.get_or_create(email="bench@example.org", defaults={"full_name": "Bench"})

    with transaction.atomic():
        missing = total - Submission.objects.count()
        if missing > 0:
            say(f"  adding {missing} submissions without text")
            made = Submission.objects.bulk_create(
                Submission(
                    title=f"Bench paper {uuid.uuid4().hex[:8]}",
                    delegation=delegations[0],
                    session=sessions[0],
                    status="submitted",
                    created_by=author,
                    version_count=1,
                )
                for _ in range(missing)
            )
            versions = Version.objects.bulk_create(
                Version(
                    submission=s,
                    number=1,
                    file="bench/none.txt",
                    original_name="paper.pdf",
                    size=1,
                    sha256=uuid.uuid4().hex * 2,
                    content_type="application/pdf",
                    language="en",
                    uploaded_by=author,
                )
                for s in made
            )
            Extraction.objects.bulk_create(
                Extraction(version=v, state="indexed", pages=rng.randint(1, 30), queued_at=now) for v in versions
            )
        rows = list(Submission.objects.order_by("pk")[:total])
        weights = [w for _, w in STATUSES]
        statuses = [s for s, _ in STATUSES]
        first_day = datetime.datetime(2021, 11, 1, tzinfo=datetime.UTC)
        span = (now - first_day).total_seconds()
        for index, submission in enumerate(rows):
            submitted = first_day + datetime.timedelta(seconds=rng.random() * span)
            submission.reference = f"BQ-{submitted:%Y}-{index + 1:05d}"
            submission.status = rng.choices(statuses, weights)[0]
            submission.kind = rng.choice(KINDS)
            submission.submitted_at = submitted
            submission.submitted_by = author
            submission.delegation = delegations[rng.randrange(len(delegations))]
            submission.session = sessions[min(10, int((submitted.date() - start).days / 130))]
            submission.assigned_to = rng.choice(reviewers) if rng.random() < 0.6 else None
        Submission.objects.bulk_update(
            rows,
            ["reference", "status", "kind", "submitted_at", "submitted_by", "delegation", "session", "assigned_to"],
            batch_size=2000,
        )
        through = Submission.sub_items.through
        through.objects.filter(submission_id__in=[s.pk for s in rows]).delete()
        through.objects.bulk_create(
            [
                through(submission_id=s.pk, agendaitem_id=item.pk)
                for s in rows
                for item in rng.sample(items, rng.choice([1, 1, 1, 2]))
            ],
            batch_size=5000,
        )
        CoSponsorship.objects.filter(submission__in=rows).delete()
        cosponsorships = []
        for s in rows:
            if rng.random() < 0.3:
                for delegation in rng.sample(delegations, rng.randint(1, 4)):
                    if delegation.pk != s.delegation_id:
                        cosponsorships.append(
                            CoSponsorship(submission=s, delegation=delegation, status="accepted", invited_by=author)
                        )
        CoSponsorship.objects.bulk_create(cosponsorships, batch_size=5000)
        Question.objects.filter(submission__in=rows).delete()
        Question.objects.bulk_create(
            [
                Question(
                    submission=s,
                    asked_by=reviewers[0],
                    text="Which partners?",
                    answered_at=None if s.status == "questions_sent" else now,
                )
                for s in rows
                if s.status in ("questions_sent", "revised", "accepted", "published")
            ],
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        for table in (
            "submissions_submission",
            "submissions_submission_sub_items",
            "submissions_cosponsorship",
            "submissions_version",
            "indexing_extraction",
            "review_question",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def timed(fetch, rounds: int) -> list[float]:
    fetch()  # warm: a running site has its caches
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fetch()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(rounds: int, report, say) -> None:
    from django.db import connection
    from django.test import Client, override_settings

    from accounts.models import User
    from agenda.models import AgendaItem
    from review import export, queue_cache, selectors
    from submissions.models import Submission

    secretariat, _ = User.objects.get_or_create(
        email="bench-secretariat@example.org", defaults={"full_name": "Bench", "role": User.Role.SECRETARIAT}
    )
    capacity = AgendaItem.objects.filter(body__name=TAG, code="5(e)").first()
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": static}
    with override_settings(STAFF_REQUIRE_2FA=False, STORAGES=storages, ALLOWED_HOSTS=["localhost"], DEBUG=False):
        client = Client(SERVER_NAME="localhost")
        client.force_login(secretariat)
        pages = {
            "queue": "/review/",
            "queue_filtered": f"/review/?sub_item={capacity.pk}",
            "queue_filtered_status_sorted": "/review/?status=under_review&sort=delegation&per_page=100",
            "queue_assigned_to_me_open_questions": "/review/?assigned=me&questions=open",
            "queue_search": "/review/?q=capacity-building",
            "queue_search_filtered": f"/review/?q=points+of+contact&sub_item={capacity.pk}",
            "queue_last_page": "/review/?sort=title&page=400",
        }
        for name, url in pages.items():

            def fetch(url=url, renew=(queue_cache.ROWS,)):
                # Each page built again, as after a change of its rows (an upload, an extraction, a
                # question, an assignment): its counts are read from the cache under the filters of
                # the paper's own fields (review.selectors.counts). What a kept page saves is the
                # served bench's business (bench/public.py, served_queue_* and served_queue_rebuilt_*).
                queue_cache.bump(*renew)
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            samples = timed(fetch, rounds)
            if name in ("queue", "queue_filtered", "queue_search"):
                report(f"{name}_p50_ms", round(statistics.median(samples), 1), "ms")
            report(f"{name}_p95_ms", round(percentile(samples, 0.95), 1), "ms")
            if name in ("queue", "queue_filtered"):
                # After a change that may alter a count (a paper submitted, a status changed): the
                # counts read again too.
                samples = timed(lambda url=url: fetch(url, (queue_cache.ROWS, queue_cache.COUNTS)), rounds)
                report(f"{name}_recounted_p50_ms", round(statistics.median(samples), 1), "ms")
                report(f"{name}_recounted_p95_ms", round(percentile(samples, 0.95), 1), "ms")

        # The page's main queries alone: the ids of the first page, sorted, then their rows
        # (with the open-questions flag), as review.selectors.dashboard runs them.
        ids_sql, ids_params = selectors.page_ids(secretariat, {})[:50].query.sql_with_params()

        def raw():
            with connection.cursor() as cursor:
                cursor.execute(ids_sql, ids_params)
                ids = [row[0] for row in cursor.fetchall()]
                rows = selectors.with_row_data(Submission.objects.filter(pk__in=ids)).prefetch_related(None)
                sql, params = rows.query.sql_with_params()
                cursor.execute(sql, params)
                cursor.fetchall()

        samples = timed(raw, rounds)
        report("queue_raw_sql_p95_ms", round(percentile(samples, 0.95), 1), "ms")
        report("queue_rows", Submission.objects.submitted().count(), "submissions")

        # Exports of the whole queue, as a report writer would ask for them.
        queryset = selectors.for_export(secretariat, {})
        started = time.perf_counter()
        size = sum(len(line) for line in export.csv_stream(queryset))
        report("export_csv_s", round(time.perf_counter() - started, 2), "s")
        started = time.perf_counter()
        with export.xlsx_file(queryset) as workbook:
            workbook.seek(0, 2)
            xlsx_size = workbook.tell()
        report("export_xlsx_s", round(time.perf_counter() - started, 2), "s")
        say(f"queue: export sizes {size // 1024} KiB CSV, {xlsx_size // 1024} KiB XLSX")


def run(report, say) -> None:
    """Called by bench/__main__.py once Django is set up on the bench database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        say("queue: PostgreSQL needed; skipped")
        return
    populate(int(os.environ.get("BENCH_QUEUE_ROWS", "20000")), say)
    from review import queue_cache

    # Written in bulk, without the signals: what an earlier run kept is given up, as after a restore.
    queue_cache.bump(queue_cache.ROWS, queue_cache.CHOICES, queue_cache.COUNTS)
    say("queue: timing pages")
    measure(int(os.environ.get("BENCH_QUEUE_ROUNDS", "50")), report, say)


def main() -> None:
    """`python -m bench.queue`: this part of `make bench` alone."""
    import sys

    from .__main__ import ROOT, bench_database_url, report, say

    database_url = bench_database_url()
    if not database_url:
        sys.exit("bench.queue needs PostgreSQL (DATABASE_URL)")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(report, say)


if __name__ == "__main__":
    main()
