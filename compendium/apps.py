from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompendiumConfig(AppConfig):
    name = "compendium"
    verbose_name = _("Compendium of proposals")

    def ready(self):
        from . import rules  # noqa: F401 (the permissions are declared on import)
