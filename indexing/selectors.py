"""Reads of the indexing state that more than one place needs."""

from django.db.models import Count

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
        .exclude(version__submission__status="draft")
        .select_related("version__submission__delegation")
        .defer("text")
        .order_by("-finished_at")[:limit]
    )
