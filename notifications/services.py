"""Placeholder interface, completed by the notifications issue (#4)."""


def notify(event: str, **context) -> None:
    """Write the outbox rows of an event, inside the caller's transaction."""
