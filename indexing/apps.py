from django.apps import AppConfig


class IndexingConfig(AppConfig):
    name = "indexing"
    verbose_name = "Text extraction and search"

    def ready(self):
        # Submissions announces stored files, changed titles and deleted drafts; it sits below
        # indexing and never imports it.
        from submissions import signals

        from . import receivers
        from .notices import register_notices

        register_notices()

        signals.version_stored.connect(receivers.version_stored, dispatch_uid="indexing.version_stored")
        signals.submission_changed.connect(receivers.submission_changed, dispatch_uid="indexing.submission_changed")
        signals.versions_deleted.connect(receivers.versions_deleted, dispatch_uid="indexing.versions_deleted")
