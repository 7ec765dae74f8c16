"""Search latency on PostgreSQL over 20,000 indexed versions, beside the raw ranked SQL query alone."""

import random
import statistics
import time
import uuid

from .prose import DOMAIN, language_for, page_text

CORPUS_TAG = "bench-search-v1"
QUERIES = [
    "capacity-building",
    "points of contact",
    '"confidence-building measures"',
    "threat repository",
    "ransomware attribution",
    "renforcement des capacités",
    "rançongiciel",
    "medidas de fomento de la confianza",
    "потенциала",
    "угрозы инцидентов",
    "القدرات",
    "合作",
    "能力建设",
    "联络点",
    "xylophone",
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def populate(documents: int, say) -> None:
    """Rows as the pipeline leaves them (submitted papers, indexed versions); made once, kept."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from agenda.models import Body, Session
    from delegations.models import Delegation
    from indexing import search
    from indexing.models import Extraction
    from indexing.text import count_words
    from submissions.models import Submission, Version

    if Body.objects.filter(name=CORPUS_TAG).exists() and search.indexed_count() >= documents:
        return
    say(f"populating {documents} indexed versions (once; kept in the bench database)")
    Extraction.objects.all().delete()
    Version.objects.all().delete()
    Submission.objects.all().delete()
    body, _ = Body.objects.get_or_create(name=CORPUS_TAG, defaults={"short_name": "BENCH", "symbol_prefix": "B/"})
    today = timezone.localdate()
    session, _ = Session.objects.get_or_create(
        body=body,
        number=1,
        defaults={
            "title": "Bench session",
            "start_date": today,
            "end_date": today,
            "submission_deadline": timezone.now(),
        },
    )
    delegations = [Delegation.objects.get_or_create(name=f"Bench State {n}")[0] for n in range(40)]
    user, _ = User.objects.get_or_create(email="bench@example.org", defaults={"full_name": "Bench"})
    rng = random.Random(7)
    now = timezone.now()
    batch = 1000
    for start in range(0, documents, batch):
        with transaction.atomic():
            rows = []
            for index in range(start, min(start + batch, documents)):
                language = language_for(index)
                title_words = rng.sample(DOMAIN[language], 4)
                title = ("" if language == "zh" else " ").join(title_words)
                pages = rng.randint(1, 6)
                text = "\f".join(page_text(rng, language, 1500) for _ in range(pages))
                rows.append((language, title, text, pages))
            submissions = Submission.objects.bulk_create(
                Submission(
                    title=title,
                    summary="",
                    delegation=delegations[i % len(delegations)],
                    session=session,
                    original_language=language,
                    status=Submission.Status.SUBMITTED,
                    created_by=user,
                    version_count=1,
                )
                for i, (language, title, _t, _p) in enumerate(rows)
            )
            versions = Version.objects.bulk_create(
                Version(
                    submission=submission,
                    number=1,
                    file="bench/none.txt",
                    original_name="paper.pdf",
                    size=len(text),
                    sha256=uuid.uuid4().hex * 2,
                    content_type="application/pdf",
                    language=language,
                    uploaded_by=user,
                )
                for submission, (language, _title, text, _p) in zip(submissions, rows, strict=True)
            )
            extractions = Extraction.objects.bulk_create(
                Extraction(
                    version=version,
                    state=Extraction.State.INDEXED,
                    pages=pages,
                    words=count_words(text),
                    detected_language=language,
                    text=text,
                    queued_at=now,
                    finished_at=now,
                    attempts=1,
                )
                for version, (language, _title, text, pages) in zip(versions, rows, strict=True)
            )
            # The same code path as the worker's: the search module indexes each row.
            for extraction, (language, title, _text, _p) in zip(extractions, rows, strict=True):
                search.index_extraction(extraction, title=title, summary="", language=language)
        say(f"  {min(start + batch, documents)}/{documents}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE indexing_extraction")
        cursor.execute("VACUUM ANALYZE submissions_version")
        cursor.execute("VACUUM ANALYZE submissions_submission")


def measure(rounds: int, report) -> None:
    from django.db import connection

    from accounts.models import User
    from indexing import search
    from submissions.models import Submission

    reviewer, _ = User.objects.get_or_create(
        email="bench-secretariat@example.org", defaults={"full_name": "Bench", "role": User.Role.SECRETARIAT}
    )
    scope = Submission.objects.visible_to(reviewer)
    rng = random.Random(3)
    order = [query for _ in range(rounds) for query in QUERIES]
    rng.shuffle(order)
    for query in QUERIES:  # warm the caches, as a running site has them
        search.search(query, submissions=scope)
    full, raw, totals = [], [], {}
    tsqueries = {}
    with connection.cursor() as cursor:
        for query in QUERIES:
            tsqueries[query] = search._PostgresBackend.tsquery(search.parse_query(query), cursor)
    for query in order:
        started = time.perf_counter()
        results = search.search(query, submissions=scope, limit=20)
        full.append((time.perf_counter() - started) * 1000)
        totals[query] = results.total
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(
                "SELECT id, ts_rank(search_vector, %s::tsquery, 1) AS rank FROM indexing_extraction "
                "WHERE search_vector @@ %s::tsquery ORDER BY rank DESC LIMIT 20",
                [search.rank_query(tsqueries[query]), tsqueries[query]],
            )
            cursor.fetchall()
            raw.append((time.perf_counter() - started) * 1000)
    report("search_documents", search.indexed_count(), "docs")
    report("search_queries_timed", len(full), "queries")
    report("search_p50_ms", round(statistics.median(full), 1), "ms")
    report("search_p95_ms", round(percentile(full, 0.95), 1), "ms")
    report("search_raw_sql_p50_ms", round(statistics.median(raw), 1), "ms")
    report("search_raw_sql_p95_ms", round(percentile(raw, 0.95), 1), "ms")
    return totals
