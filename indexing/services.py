"""Placeholder interface, completed by the indexing issue (#3)."""


def schedule_indexing(version) -> None:
    """Queue text extraction of a version once the transaction commits."""
