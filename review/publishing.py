"""Review's side of publishing: the workflow says who may publish, unpublish or record a UN symbol
for which paper, then the publication app records it (``publication.services``)."""

from collections.abc import Iterable

import rules
from django.db import transaction
from django.utils.translation import gettext as _

from publication import services as publication
from publication.models import Publication
from submissions.models import Submission, Version

from .workflow import Status, TransitionNotAllowed, _locked, check_transition


@transaction.atomic
def publish(*, submission: Submission, by, versions: Iterable[Version], un_symbol: str = "") -> Publication:
    """Publish an accepted paper with its portal reference; a paper published before keeps its reference."""
    submission = _locked(submission)
    check_transition(by, submission, Status.PUBLISHED, via="publish")
    return publication.publish(submission=submission, by=by, versions=versions, un_symbol=un_symbol)


@transaction.atomic
def unpublish(*, submission: Submission, by, reason: str) -> Publication:
    """Take a paper off publication; its reference stays with it for a later republication."""
    submission = _locked(submission)
    check_transition(by, submission, Status.ACCEPTED, via="unpublish")
    return publication.unpublish(submission=submission, by=by, reason=reason)


@transaction.atomic
def set_un_symbol(*, submission: Submission, by, un_symbol: str) -> Publication:
    """Record (or correct, or clear) the official UN symbol of a paper issued as an official document."""
    if not rules.has_perm("review.set_un_symbol", by, submission):
        raise TransitionNotAllowed(_("Only the Secretariat records UN symbols."), status=403)
    submission = _locked(submission)
    return publication.set_un_symbol(submission=submission, by=by, un_symbol=un_symbol)
