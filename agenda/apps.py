from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Sessions and agenda"

    def ready(self):
        from common.kept import register

        register("agenda.sessions", "agenda.Session", "agenda.DeadlineExtension", "agenda.Body")
        register("agenda.sub-items", "agenda.AgendaItem", "agenda.Body")
