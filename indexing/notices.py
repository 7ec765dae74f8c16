"""The notice of indexing's event, registered in IndexingConfig.ready."""

from django.utils.translation import gettext_lazy as _

from notifications.events import SECRETARIAT, Notice, register
from submissions.notices import PAPER


def register_notices() -> None:
    register(
        "indexing.failed",
        Notice(SECRETARIAT, "indexing/email/indexing_failed", _("Files whose text could not be indexed")),
        about=PAPER,
    )
