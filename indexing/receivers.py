"""Indexing's answers to what submissions announces (submissions.signals, connected in apps.py)."""

from . import services


def version_stored(sender, version, **kwargs) -> None:
    services.schedule_indexing(version)


def submission_changed(sender, submission, **kwargs) -> None:
    services.refresh_titles(submission)


def versions_deleted(sender, version_ids, **kwargs) -> None:
    services.forget_versions(version_ids)
