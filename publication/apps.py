from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = "Publication"

    def ready(self):
        from .events import register_labels

        register_labels()
