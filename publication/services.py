"""Publication: an accepted paper is published with a portal reference from its session's series.

The reference (``OEWG/2024/WP.7`` by default; the pattern is the body's) is allocated from a
locked counter, so no number is ever used twice, even by two publications at the same
instant; unpublishing keeps it, and publishing again reuses it.

These functions record the publication and move the paper's status; whether this person may
publish this paper now is the review workflow's question (``review.publishing`` asks it, with
the paper's row locked, and then calls these).
"""

import re
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit
from notifications.services import notify
from submissions.models import Submission, Version
from submissions.services import SubmissionError, next_number, record_event

from .models import Publication, PublishedVersion

UN_SYMBOL = re.compile(r"^[A-Z]{1,10}(?:/[A-Za-z0-9.\-]{1,20}){1,8}$")


class PublicationError(SubmissionError):
    """A rule of publication refused the action; the message is for the person."""


def clean_un_symbol(value: str) -> str:
    value = (value or "").strip()
    if value and not UN_SYMBOL.match(value):
        raise PublicationError(
            _("“%(symbol)s” does not look like a UN document symbol, such as A/AC.292/2025/1.") % {"symbol": value}
        )
    return value


def format_reference(session, number: int) -> str:
    """The portal reference of publication `number` of a session's series.

    The body's pattern may use {year} (the year the session begins, so a paper keeps the
    year of its session even when published after New Year), {n} and {session} (the
    session's number, empty for intersessional meetings).
    """
    try:
        return session.body.reference_pattern.format(
            year=session.start_date.year, n=number, session=session.number or ""
        )
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as error:
        raise PublicationError(
            _("The portal reference pattern “%(pattern)s” is not valid; an administrator must correct it.")
            % {"pattern": session.body.reference_pattern}
        ) from error


def allocate_reference(session) -> tuple[int, str]:
    """The next number of the session's series and its reference; never one used before.

    Numbers come from a locked counter, so two publications at the same instant get two
    numbers. A pattern that does not name the session (the default, OEWG/{year}/WP.{n})
    makes the series of sessions of one year share their references: a reference another
    session has taken is skipped, so references stay unique.
    """
    while True:
        number = next_number(f"publication:{session.pk}")
        reference = format_reference(session, number)
        if not Publication.objects.filter(reference=reference).exists():
            return number, reference


def clean_publication_versions(submission: Submission, versions: Iterable[Version]) -> list[Version]:
    versions = list(versions)
    if not versions:
        raise PublicationError(_("Choose at least one version to publish."))
    if any(v.submission_id != submission.pk for v in versions):
        raise PublicationError(_("Only versions of this paper can be published with it."))
    languages = [v.language for v in versions]
    if len(set(languages)) != len(languages):
        raise PublicationError(_("Choose one version per language."))
    return versions


def _set_status(submission: Submission, to: str) -> None:
    submission.status = to
    submission.save(update_fields=["status", "updated_at"])


@transaction.atomic
def publish(*, submission: Submission, by, versions: Iterable[Version], un_symbol: str = "") -> Publication:
    """Publish a paper (locked, its move checked by the caller); a paper published before keeps its reference."""
    versions = clean_publication_versions(submission, versions)
    un_symbol = clean_un_symbol(un_symbol)
    now = timezone.now()
    publication = Publication.objects.select_for_update().filter(submission=submission).first()
    republished = publication is not None
    if publication is None:
        publication = _new_publication(submission, by=by, now=now, un_symbol=un_symbol)
    else:
        publication.published_at = now
        publication.published_by = by
        publication.unpublished_at = None
        publication.unpublished_by = None
        publication.unpublish_reason = ""
        publication.un_symbol = un_symbol or publication.un_symbol
        publication.save()
    publication.versions.set(versions)
    _record_published_versions(publication, versions, now=now, first=not republished)
    _set_status(submission, Submission.Status.PUBLISHED)
    version_labels = [f"{v.number} ({v.language})" for v in sorted(versions, key=lambda v: v.number)]
    record_event(submission, "published", actor=by, reference=publication.reference, versions=version_labels)
    audit(
        by,
        "submission.published",
        submission,
        reference=publication.reference,
        versions=[v.number for v in versions],
        un_symbol=publication.un_symbol,
        republished=republished,
    )
    notify("submission.published", submission=submission, publication=publication, actor=by)
    return publication


def _record_published_versions(publication: Publication, versions: list[Version], *, now, first: bool) -> None:
    """Each version published from now begins a stretch of publication; one left out ends its own.

    A version kept by a republication keeps the date it was published with.
    """
    chosen = {v.pk for v in versions}
    kept = set()
    if not first:
        current = PublishedVersion.objects.filter(publication=publication, ended_at__isnull=True)
        kept = set(current.filter(version_id__in=chosen).values_list("version_id", flat=True))
        current.exclude(version_id__in=chosen).update(ended_at=now)
    PublishedVersion.objects.bulk_create(
        [PublishedVersion(publication=publication, version_id=pk, published_at=now) for pk in chosen - kept]
    )


def _new_publication(submission: Submission, *, by, now, un_symbol: str) -> Publication:
    # Two sessions sharing references (see allocate_reference) may race for the same one:
    # the unique index refuses the second, which takes the next number.
    for _attempt in range(5):
        number, reference = allocate_reference(submission.session)
        try:
            with transaction.atomic():
                return Publication.objects.create(
                    submission=submission,
                    session=submission.session,
                    number=number,
                    reference=reference,
                    un_symbol=un_symbol,
                    published_at=now,
                    published_by=by,
                )
        except IntegrityError:
            continue
    raise PublicationError(_("No portal reference could be allocated; please try again."))


@transaction.atomic
def unpublish(*, submission: Submission, by, reason: str) -> Publication:
    """Take a paper (locked, its move checked by the caller) off publication; its reference stays with it."""
    reason = (reason or "").strip()
    if not reason:
        raise PublicationError(_("Give the reason for unpublishing the paper."))
    publication = Publication.objects.select_for_update().get(submission=submission)
    publication.unpublished_at = timezone.now()
    publication.unpublished_by = by
    publication.unpublish_reason = reason[:500]
    publication.save(update_fields=["unpublished_at", "unpublished_by", "unpublish_reason"])
    PublishedVersion.objects.filter(publication=publication, ended_at__isnull=True).update(
        ended_at=publication.unpublished_at
    )
    _set_status(submission, Submission.Status.ACCEPTED)
    record_event(submission, "unpublished", actor=by, comment=reason, reference=publication.reference)
    audit(by, "submission.unpublished", submission, reference=publication.reference, reason=reason)
    notify("submission.unpublished", submission=submission, publication=publication, actor=by)
    return publication


@transaction.atomic
def set_un_symbol(*, submission: Submission, by, un_symbol: str) -> Publication:
    """Record (or correct, or clear) the official UN symbol of a paper issued as an official document.

    The paper is locked and the person's right checked by the caller.
    """
    publication = Publication.objects.select_for_update().filter(submission=submission).first()
    if publication is None:
        raise PublicationError(_("A UN symbol is recorded for a published paper; publish it first."))
    un_symbol = clean_un_symbol(un_symbol)
    if un_symbol == publication.un_symbol:
        return publication
    old = publication.un_symbol
    publication.un_symbol = un_symbol
    publication.save(update_fields=["un_symbol"])
    record_event(submission, "un_symbol_set", actor=by, un_symbol=un_symbol or "—")
    audit(by, "publication.un_symbol_set", submission, old=old, new=un_symbol, reference=publication.reference)
    return publication
