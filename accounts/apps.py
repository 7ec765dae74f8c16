from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import language  # noqa: F401 - connects the login signal that applies the profile language
        from .backends import delegation_changed, person_changed

        # The person kept in the cache (accounts.backends) is given up when they or their delegation change.
        for signal in (post_save, post_delete):
            signal.connect(person_changed, sender="accounts.User", dispatch_uid=f"accounts.person.{signal}")
            signal.connect(
                delegation_changed, sender="delegations.Delegation", dispatch_uid=f"accounts.delegation.{signal}"
            )
