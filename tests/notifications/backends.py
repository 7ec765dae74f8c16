"""A locmem mail backend that raises the errors a test scripts, one per send."""

from django.core.mail.backends import locmem


class ScriptedBackend(locmem.EmailBackend):
    errors: list[Exception] = []
    # The server cannot be reached at all: opening a connection is refused.
    down = False
    # Like notifications.backends.SmtpBackend: called when a message is handed over, before it counts as sent.
    on_handover = None

    def open(self):
        if ScriptedBackend.down:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().open()

    def send_messages(self, messages):
        if ScriptedBackend.down:
            raise ConnectionRefusedError(111, "Connection refused")
        if ScriptedBackend.errors:
            raise ScriptedBackend.errors.pop(0)
        if self.on_handover is not None:
            self.on_handover()
        return super().send_messages(messages)
