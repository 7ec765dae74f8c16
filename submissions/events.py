"""How each kind of history event reads, in the reader's language."""

from django.utils.translation import gettext as _

LABELS = {
    "created": lambda d: _("Draft created"),
    "edited": lambda d: _("Details edited"),
    "version_uploaded": lambda d: (
        _("Version %(number)s uploaded: revision %(revision)s, %(language)s") % d
        if "revision" in d
        else _("Version %(number)s uploaded (%(language)s)") % d
    ),
    "submitted": lambda d: _("Submitted with reference %(reference)s") % d,
    "withdrawn": lambda d: _("Withdrawn"),
    "cosponsor_invited": lambda d: _("%(delegation)s invited to co-sponsor") % d,
    "cosponsor_accepted": lambda d: _("%(delegation)s accepted to co-sponsor") % d,
    "cosponsor_declined": lambda d: _("%(delegation)s declined to co-sponsor") % d,
    "cosponsor_cancelled": lambda d: _("Invitation to %(delegation)s cancelled") % d,
    "recorded_from_email": lambda d: _("Received by email on %(received)s and recorded by the Secretariat") % d,
    "status_changed": lambda d: _("Status changed from %(old)s to %(new)s") % d,
}


def describe(event) -> str:
    label = LABELS.get(event.kind)
    try:
        return label(event.data) if label else event.kind.replace("_", " ").capitalize()
    except (KeyError, TypeError):
        return event.kind.replace("_", " ").capitalize()


def register(kind: str, label) -> None:
    """Let other apps (review, indexing) add their own kinds of event."""
    LABELS[kind] = label
