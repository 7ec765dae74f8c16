"""Submissions for the queue tests, made fast: rows inserted in bulk, as the benchmark does."""

import datetime
import itertools

from django.utils import timezone

from indexing.models import Extraction
from review import queue_cache
from submissions.models import CoSponsorship, Submission, Version

counter = itertools.count(1)


def make_submissions(
    n: int,
    *,
    delegation,
    session,
    created_by,
    sub_items=(),
    status=Submission.Status.SUBMITTED,
    kind=Submission.Kind.CONCEPT_PAPER,
    submitted_at=None,
    title="Paper",
    language="en",
    cosponsors=(),
    assigned_to=None,
    pages=3,
    state=Extraction.State.INDEXED,
) -> list[Submission]:
    """`n` non-draft submissions, each with one version (and its extraction), in a few queries."""
    now = submitted_at or timezone.now()
    rows = []
    for i in range(n):
        number = next(counter)
        rows.append(
            Submission(
                title=f"{title} {number}",
                reference=f"OEWG-T-{number:05d}",
                kind=kind,
                delegation=delegation,
                session=session,
                status=status,
                created_by=created_by,
                submitted_by=created_by,
                submitted_at=now - datetime.timedelta(minutes=i),
                assigned_to=assigned_to,
                version_count=1,
                original_language=language,
            )
        )
    submissions = Submission.objects.bulk_create(rows)
    through = Submission.sub_items.through
    through.objects.bulk_create(
        [through(submission_id=s.pk, agendaitem_id=item.pk) for s in submissions for item in sub_items]
    )
    CoSponsorship.objects.bulk_create(
        [
            CoSponsorship(submission=s, delegation=d, status=CoSponsorship.Status.ACCEPTED, invited_by=created_by)
            for s in submissions
            for d in cosponsors
        ]
    )
    versions = Version.objects.bulk_create(
        [
            Version(
                submission=s,
                number=1,
                file=f"versions/test/{s.public_id}",
                original_name="paper.pdf",
                size=1000,
                sha256=f"{s.pk:064d}",
                content_type="application/pdf",
                language=language,
                uploaded_by=created_by,
            )
            for s in submissions
        ]
    )
    Extraction.objects.bulk_create([Extraction(version=v, state=state, pages=pages, queued_at=now) for v in versions])
    queue_cache.changed(queue_cache.ROWS, queue_cache.COUNTS)  # bulk_create sends no signal
    return submissions
