"""The model backend, reading the person's delegation with them: nearly every page asks for it.

The person is read on every request, and changes rarely: kept in the cache (Redis in production,
shared by every process) between changes, one round trip instead of a query of about a millisecond
of Django's work. Every save or delete of the person, and of their delegation, gives the kept copy
up (accounts.apps), at once and again once the transaction commits, so that a request reading the
person just before the commit keeps nothing stale; Django then checks the session against the
person as kept (a changed password ends the other sessions as before). TIMEOUT bounds how long a
change made by hand in the database, which sends no signal, goes unseen.
"""

from django.contrib.auth import backends

from common import kept

TIMEOUT = 5 * 60


def _name(user_id) -> str:
    return f"accounts.person.{user_id}"


def person_key(user_id) -> str:
    """The cache key the person is kept under."""
    return kept.key(_name(user_id))


def forget_people(user_ids) -> None:
    kept.forget(*[_name(pk) for pk in user_ids])


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend whose get_user() joins the delegation, and keeps the two in the cache."""

    def get_user(self, user_id):
        UserModel = backends.UserModel

        def read():
            try:
                return UserModel._default_manager.select_related("delegation").get(pk=user_id)
            except (UserModel.DoesNotExist, ValueError):
                return None

        user = kept.kept(_name(user_id), read, TIMEOUT)
        return user if user is not None and self.user_can_authenticate(user) else None


def person_changed(sender, instance, **kwargs):
    forget_people([instance.pk])


def delegation_changed(sender, instance, **kwargs):
    from accounts.models import User

    forget_people(User.objects.filter(delegation_id=instance.pk).values_list("pk", flat=True))
