"""A locmem mail backend that raises the errors a test scripts, one per send."""

from django.core.mail.backends import locmem


class ScriptedBackend(locmem.EmailBackend):
    errors: list[Exception] = []

    def send_messages(self, messages):
        if ScriptedBackend.errors:
            raise ScriptedBackend.errors.pop(0)
        return super().send_messages(messages)
