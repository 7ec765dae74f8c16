"""Reads of the indexing state that more than one place needs."""

from django.db.models import Count, Q

from .models import Extraction


def state_counts() -> dict[str, int]:
    """How many versions are in each state; versions with no row yet count as waiting."""
    from submissions.models import Version

    counts = dict.fromkeys(Extraction.State.values, 0)
    for row in Extraction.objects.values("state").annotate(n=Count("pk")).order_by():
        counts[row["state"]] = row["n"]
    counts[Extraction.State.WAITING] += Version.objects.filter(extraction__isnull=True).count()
    counts["total"] = sum(counts[state] for state in Extraction.State.values)
    return counts


def failed_extractions(limit: int = 200):
    return (
        # Drafts are counted above but not named: their titles belong to their delegation.
        Extraction.objects.filter(state=Extraction.State.FAILED)
        .submitted()
        .select_related("version__submission__delegation")
        .defer("text")
        .order_by("-finished_at")[:limit]
    )


def stalled_extractions(*, now=None, limit: int = 50) -> dict:
    """Work that should be moving and is not: a run with no sign of life, or a version waiting past the grace.

    Each row carries `stalled_since` (its last sign of life) for the page to show its age. Drafts are
    counted but not named: their titles belong to their delegation.
    """
    from django.utils import timezone

    from . import services

    now = now or timezone.now()
    stalled_filter = services.stalled_filter(now)
    # Versions waiting behind a backlog are not stalled: only while the queue is empty (lost messages).
    if services.extraction_queue_length() == 0:
        stalled_filter |= Q(state=Extraction.State.WAITING, queued_at__lt=now - services.WAITING_GRACE)
    stalled = Extraction.objects.filter(stalled_filter)
    rows = []
    named = (
        stalled.submitted()
        .select_related("version__submission__delegation")
        .defer("text")
        .order_by("queued_at")[:limit]
    )
    for extraction in named:
        if extraction.state == Extraction.State.INDEXING:
            extraction.stalled_since = extraction.heartbeat_at or extraction.started_at
        else:
            extraction.stalled_since = extraction.queued_at
        rows.append(extraction)
    total = stalled.count()
    return {"rows": rows, "total": total, "drafts": stalled.drafts().count()}
