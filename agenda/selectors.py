"""Reads of the agenda that several pages need, kept in the cache (common.kept) between changes."""

from common.kept import kept

from .models import AgendaItem, DeadlineExtension, Session


def current_sessions() -> list[Session]:
    """The current body's sessions with their body, each with ``extended_until``: {delegation id:
    the latest deadline the Secretariat extended for that delegation}."""

    def build():
        sessions = list(
            Session.objects.filter(body__is_current=True).select_related("body").order_by("start_date", "pk")
        )
        latest: dict[int, dict[int, object]] = {}
        extensions = DeadlineExtension.objects.filter(session__body__is_current=True).values_list(
            "session_id", "delegation_id", "deadline"
        )
        for session_id, delegation_id, deadline in extensions:
            found = latest.setdefault(session_id, {})
            found[delegation_id] = max(deadline, found.get(delegation_id, deadline))
        for session in sessions:
            session.extended_until = latest.get(session.pk, {})
        return sessions

    return kept("agenda.sessions", build)


def current_sub_items() -> list[AgendaItem]:
    """The current body's sub-items ("5(e)"), in the agenda's order."""
    return kept(
        "agenda.sub-items",
        lambda: list(AgendaItem.objects.filter(parent__isnull=False, body__is_current=True).order_by("order")),
    )
