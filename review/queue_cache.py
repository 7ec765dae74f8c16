"""The queue's pages and filter lists kept in the cache, and given up the moment what they show changes.

A page of the queue costs two counts over every submitted paper (status × month, sub-items), its
rows and its filter lists; reviewers open the same few views again and again, and the papers
change far less often than they are looked at. What is kept is filed under a version, a random
token in the cache (shared by every process: Redis in production, see portal/settings.py), and
every change to what the queue reads gives it a new token, so that nothing kept under the old one
is read again:

- ROWS: the submissions with their sub-items, co-sponsorships, versions, extractions (states and
  search vectors) and questions, and the names the rows show (delegations, sessions, sub-items,
  reviewers);
- CHOICES: the filter lists (sessions, sub-items, delegations, reviewers);
- COUNTS: the counts and the chart above the rows (review.selectors.counts) under the filters of
  the paper's own fields (COUNTED_FILTERS). They read every submitted paper, and change far less
  often than the rows: an extraction finishing, a question asked, a version uploaded, an
  assignment change no count, so they keep their counts. Only a save that may change a paper's
  status, submission date, session, kind or delegation, a change of its sub-items, a deletion, or
  a change of the names (sub-items, sessions, delegations) gives COUNTS a new token, always
  together with ROWS (a page is kept under both).

The signals below catch every save, delete and sub-item change of those models, wherever it is
made (services, admin, the extraction worker, seeds). The token changes at once, for the rest of
the writing transaction (and for tests, which never commit), and again once the transaction has
committed: a page read by another request just before the commit, and kept under the token of
that moment, is never read after it. Writes that send no signal (QuerySet.update, raw SQL, bulk_create)
call ``changed()`` themselves, with COUNTS when they may change a count (review.assignment
changes none); ``migrate`` (every release runs it) gives up
everything kept; after a restore or a change made by hand in the database, run ``migrate`` or
clear the cache. The timeout only bounds the memory that pages of old tokens hold.
"""

import hashlib
import threading
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

ROWS = "review:queue:rows-version"
CHOICES = "review:queue:choices-version"
COUNTS = "review:queue:counts-version"
# A paper's fields the counts read (review.selectors.COUNTED_FILTERS and the facets): a save that
# names none of them in its update_fields changes no count.
COUNTED_FIELDS = frozenset({"status", "submitted_at", "session", "session_id", "kind", "delegation", "delegation_id"})
TIMEOUT = 15 * 60


# Per thread (a connection is): the tokens renewed in the current transaction and not read since,
# and those to renew once it commits. An upload sends six signals; each renewing its tokens at once
# and again at the commit was twelve round trips to Redis, now two or three.
_transaction = threading.local()


def versions(*names: str) -> tuple[str, ...]:
    """The current tokens, in one round trip; a missing one (first use, evicted) is made anew."""
    # Something may now be kept under them: a later change in this transaction renews them again.
    if getattr(_transaction, "renewed", None):
        _transaction.renewed -= set(names)
    found = cache.get_many(names)
    for name in names:
        if name not in found:
            token = uuid.uuid4().hex
            # Another process may have made it first: theirs is the one kept.
            found[name] = token if cache.add(name, token, None) else cache.get(name, token)
    return tuple(found[name] for name in names)


def key(kind: str, *parts, names: tuple[str, ...] = (ROWS,)) -> str:
    """The cache key of one kept thing: its kind, the tokens it depends on, and what it was read for."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"review:queue:{kind}:{':'.join(versions(*names))}:{digest}"


def remember(key: str, build):
    """What is kept under ``key``, or ``build()`` kept there."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def bump(*names: str) -> None:
    cache.set_many({name: uuid.uuid4().hex for name in names}, None)


def changed(*names: str) -> None:
    """Give up what is kept under these tokens: now, and again once the transaction commits.

    Within a transaction a token renewed already is renewed again only if it was read since (a page
    kept under it may predate this change); at the commit, every token named is renewed once.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # the write is committed already
        bump(*names)
        return
    if not any(callback is _committed for _savepoints, callback, _robust in connection.run_on_commit):
        # A new transaction (or what was done in it so far rolled back): nothing is renewed in it yet.
        _transaction.renewed = set()
    # Registered with every change (a list's append), run once: the first to run renews them all.
    # A savepoint rolled back takes its own registrations with it, never the others'.
    transaction.on_commit(_committed)
    _transaction.pending = getattr(_transaction, "pending", set()) | set(names)
    fresh = set(names) - _transaction.renewed
    if fresh:
        bump(*sorted(fresh))
        _transaction.renewed |= fresh


def _committed() -> None:
    names, _transaction.pending, _transaction.renewed = getattr(_transaction, "pending", set()), set(), set()
    if names:
        bump(*sorted(names))


def _rows_changed(sender, **kwargs):
    changed(ROWS)


def _paper_saved(sender, update_fields=None, **kwargs):
    if update_fields is not None and not COUNTED_FIELDS.intersection(update_fields):
        changed(ROWS)
    else:
        changed(ROWS, COUNTS)


def _counts_changed(sender, **kwargs):
    changed(ROWS, COUNTS)


def _names_changed(sender, **kwargs):
    changed(ROWS, CHOICES, COUNTS)


def _person_saved(sender, update_fields=None, **kwargs):
    # A login saves last_login alone: nothing the queue shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    changed(ROWS, CHOICES)


def _migrated(sender, **kwargs):
    # Every release runs migrate: its data migrations send no signal, and its code may show the
    # same rows otherwise.
    bump(ROWS, CHOICES, COUNTS)


def connect() -> None:
    """Called from ReviewConfig.ready()."""
    from accounts.models import User
    from agenda.models import AgendaItem, Session
    from delegations.models import Delegation
    from indexing.models import Extraction
    from submissions.models import CoSponsorship, Submission, Version

    from .models import Question

    post_save.connect(_paper_saved, sender=Submission, dispatch_uid="review.queue_cache.submissions.submission")
    post_delete.connect(_counts_changed, sender=Submission, dispatch_uid="review.queue_cache.submissions.submission")
    for model in (CoSponsorship, Version, Extraction, Question):
        uid = f"review.queue_cache.{model._meta.label_lower}"
        post_save.connect(_rows_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_rows_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        _counts_changed, sender=Submission.sub_items.through, dispatch_uid="review.queue_cache.sub_items"
    )
    for model in (Delegation, Session, AgendaItem):
        uid = f"review.queue_cache.{model._meta.label_lower}"
        post_save.connect(_names_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_names_changed, sender=model, dispatch_uid=uid)
    post_save.connect(_person_saved, sender=User, dispatch_uid="review.queue_cache.user")
    post_delete.connect(_names_changed, sender=User, dispatch_uid="review.queue_cache.user")
    post_migrate.connect(_migrated, sender=apps.get_app_config("review"), dispatch_uid="review.queue_cache.migrate")
