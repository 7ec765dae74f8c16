"""The outbox: every message the portal sends is a row here before it is a mail."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Not at all")


class Message(models.Model):
    """One message to one address, rendered in the recipient's language when its event happened."""

    class State(models.TextChoices):
        HELD = "held", _("Waiting for the daily digest")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        DIGESTED = "digested", _("Sent in a daily digest")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=60)
    # The preference this message answers to (the notice's kind); "digest" for a digest.
    kind = models.CharField(_("kind"), max_length=60)
    # Empty for the shared mailboxes of the Chair's team and the Secretariat.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages_received",
    )
    to_email = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    # What the message is about (a paper, for most), whichever app's model it is: notifications
    # knows no domain model. The link to it is `url`, fixed when the message was written.
    about_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    # The Message-ID header, fixed once: a resend after an ambiguous failure is recognisable as the same mail.
    message_id = models.CharField(max_length=255)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digest_items", editable=False
    )
    resend_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="resends", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    # Set, and committed, just before the final "." of SMTP's DATA: from then on the server has the
    # whole message, so a worker that dies is not followed by a second copy (notifications.sending).
    handed_over_at = models.DateTimeField(_("handed to the mail server"), null=True, blank=True)
    # The last attempt could not reach the server at all: sent as soon as the server answers again.
    waiting_for_server = models.BooleanField(default=False, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The mail server's answer to the last attempt, word for word.
    last_error = models.TextField(_("server's answer"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="message_due"),
            models.Index(fields=["recipient", "-created_at"], name="message_recipient"),
            models.Index(fields=["about_type", "about_id"], name="message_about"),
        ]

    def __str__(self) -> str:
        return f"{self.to_email}: {self.subject}"

    @property
    def went_out(self) -> bool:
        return self.state in (self.State.SENT, self.State.DIGESTED)


class Preference(models.Model):
    """How one person wants one kind of notice; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}={self.delivery}"


class Follow(models.Model):
    """A person follows an agenda sub-item and hears of new papers on it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem",
        verbose_name=_("agenda sub-item"),
        on_delete=models.CASCADE,
        related_name="followers",
        limit_choices_to={"parent__isnull": False},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "agenda_item"], name="one_follow_per_item")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.agenda_item}"
