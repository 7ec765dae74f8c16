from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = "Publication"

    def ready(self):
        from .events import register_labels
        from .notices import register_notices

        register_labels()
        register_notices()
