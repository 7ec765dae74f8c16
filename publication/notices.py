"""The notices of publication's events, registered in PublicationConfig.ready."""

from django.utils.translation import gettext_lazy as _

from notifications.events import Notice, register
from notifications.models import Delivery
from submissions.notices import COSPONSORS, FOLLOWED, FOLLOWERS, PAPER, SUBMITTING_DELEGATION

PUBLICATION = _("Publication of papers my delegation submits or co-sponsors")


def register_notices() -> None:
    register(
        "submission.published",
        Notice(
            SUBMITTING_DELEGATION | COSPONSORS,
            "publication/email/submission_published",
            PUBLICATION,
            kind="publication",
        ),
        # Published papers reach everyone following their sub-items (unpublished ones only those who may read them).
        Notice(
            FOLLOWERS,
            "publication/email/followed_paper_published",
            FOLLOWED,
            default=Delivery.DIGEST,
            kind="followed_new_paper",
        ),
        about=PAPER,
    )
    register(
        "submission.unpublished",
        Notice(
            SUBMITTING_DELEGATION | COSPONSORS,
            "publication/email/submission_unpublished",
            PUBLICATION,
            kind="publication",
        ),
        about=PAPER,
    )
