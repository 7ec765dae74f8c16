"""Short reference lists kept in the cache until one of their rows changes.

Every new-paper form, submit and paper page read the same few rows (the current body's sessions
with their deadline extensions, its sub-items, the delegations that may co-sponsor), which change
a few times a year. Read from the database, each list is a query of about a millisecond of
Django's work; kept in the cache (Redis in production, shared by every process), one round trip.

Each list is kept under one key, given up by the signals of the models it reads on every save or
delete, wherever made (services, admin, seeds): at once, for the rest of the writing transaction,
and again once it has committed, so that a list rebuilt by another request just before the commit
is never read after it. Writes that send no signal (QuerySet.update, raw SQL) call ``forget()``;
``migrate`` gives up every list. The timeout only bounds how long a change made by hand in the
database goes unseen.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

PREFIX = "kept:"
TIMEOUT = 60 * 60
# The registered lists' receivers, by name (a signal holds its receivers weakly): migrate gives them up.
_lists: dict = {}


def key(name: str) -> str:
    return PREFIX + name


def kept(name: str, build, timeout: int = TIMEOUT):
    """What is kept under ``name``, or ``build()`` (picklable) kept there; None is never kept."""
    value = cache.get(key(name))
    if value is None:
        value = build()
        if value is not None:
            cache.set(key(name), value, timeout)
    return value


def forget(*names: str) -> None:
    """Give up what is kept under these names: now, and again once the transaction commits."""
    keys = [key(name) for name in names]
    if not keys:
        return
    cache.delete_many(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: cache.delete_many(keys))


def register(name: str, *models: str) -> None:
    """Give up the list ``name`` whenever a row of these models ("app.Model") is saved or deleted.

    Called from an AppConfig.ready(), once per list.
    """

    def changed(sender, **kwargs):
        forget(name)

    changed.__name__ = f"forget_{name}"
    _lists[name] = changed
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=model, dispatch_uid=f"common.kept.{name}.{model}.{signal}")


def _migrated(sender, **kwargs):
    if _lists:
        cache.delete_many([key(name) for name in _lists])


post_migrate.connect(_migrated, dispatch_uid="common.kept.migrate")
