"""Reads of the delegations that several pages need, kept in the cache (common.kept) between changes."""

from common.kept import kept

from .models import Delegation


def active_delegations() -> list[Delegation]:
    """Every active delegation (States, organisations, stakeholders), by English name."""
    return kept("delegations.active", lambda: list(Delegation.objects.filter(is_active=True).order_by("name", "pk")))
