"""The notices of publication's events, registered in PublicationConfig.ready."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.events import Notice, Subject, register
from notifications.models import Delivery
from notifications.rendering import absolute
from submissions.notices import COSPONSORS, FOLLOWED, FOLLOWERS, PAPER, SUBMITTING_DELEGATION

from .references import slug_for

PUBLICATION = _("Publication of papers my delegation submits or co-sponsors")


def public_url(publication) -> str:
    return absolute(reverse("publicsite:paper", args=[slug_for(publication.reference)]))


def _publication(context: dict):
    return context.get("publication") or getattr(context["submission"], "publication", None)


def _published_context(context: dict) -> dict:
    """A published paper's mail links to its public page and names its reference, for every reader."""
    data = PAPER.prepare(context)
    if (publication := _publication(context)) is not None:
        data["public_url"] = data["url"] = public_url(publication)
    return data


def _published_for(user, context: dict) -> dict:
    changes = dict(PAPER.personalise(user, context))
    if _publication(context) is not None:
        # The public page is everyone's: only the link to the workspace is kept from readers outside.
        changes.pop("url", None)
    return changes


PUBLISHED_PAPER = Subject(instance=PAPER.instance, prepare=_published_context, personalise=_published_for)


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
        about=PUBLISHED_PAPER,
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
