"""Mail backends: .eml files for the embedded mode, and SMTP that reports the hand-over of each message."""

import smtplib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends import smtp
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(settings.EMAIL_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (directory / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
            sent += 1
        return sent


# --- SMTP that tells the outbox when the message is handed over ----------------------------
class _HandoverMixin:
    """smtplib's DATA, with one call between the message and the final "." that asks the server to keep it.

    Until that "." the server discards what it got if the connection drops; after it, the message is
    the server's. The outbox records the moment (see notifications.sending) so that a worker killed
    on either side of it is recovered the right way.
    """

    on_handover = None

    def data(self, msg):
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = smtplib._fix_eols(msg).encode("ascii")
        body = smtplib._quote_periods(msg)
        if body[-2:] != b"\r\n":
            body += b"\r\n"
        self.send(body)
        if self.on_handover is not None:
            self.on_handover()
        self.send(b".\r\n")
        return self.getreply()


class HandoverSMTP(_HandoverMixin, smtplib.SMTP):
    pass


class HandoverSMTPSSL(_HandoverMixin, smtplib.SMTP_SSL):
    pass


class SmtpBackend(smtp.EmailBackend):
    """Django's SMTP backend; `on_handover`, when set, is called as each message is handed over."""

    on_handover = None

    @property
    def connection_class(self):
        return HandoverSMTPSSL if self.use_ssl else HandoverSMTP

    def open(self):
        opened = super().open()
        if self.connection is not None:
            self.connection.on_handover = self.on_handover
        return opened
