from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = "Delegations"

    def ready(self):
        from common.kept import register

        from .names import forget_names

        register("delegations.active", "delegations.Delegation")

        # History lines name delegations in the reader's language from a per-process table.
        for signal in (post_save, post_delete):
            signal.connect(forget_names, sender="delegations.Delegation", dispatch_uid=f"forget-names-{signal}")
