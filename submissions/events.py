"""How each kind of history event reads, in the reader's language."""

import functools

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from delegations.names import in_reader_language

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


# Statuses, decisions and file languages are stored in events as the label the actor read, in the
# actor's language ("Submitted", « Soumis »); they are shown in the reader's.
TRANSLATED_VALUES = {"old": "status", "new": "status", "outcome": "status", "language": "language"}


@functools.cache
def _codes_by_label() -> dict[tuple[str, str], str]:
    from .models import UN_LANGUAGES, Submission

    table = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for kind, choices in (("status", Submission.Status.choices), ("language", UN_LANGUAGES)):
                for code, label in choices:
                    table[(kind, str(label))] = code
                    table[(kind, code)] = code
    return table


def _in_reader_language(data: dict) -> dict:
    from .models import UN_LANGUAGES, Submission

    labels = {"status": dict(Submission.Status.choices), "language": dict(UN_LANGUAGES)}
    translated = dict(data)
    for key, kind in TRANSLATED_VALUES.items():
        code = _codes_by_label().get((kind, str(data.get(key, ""))))
        if code:
            translated[key] = str(labels[kind][code])
    if data.get("delegation"):
        translated["delegation"] = in_reader_language(str(data["delegation"]))
    return translated


def describe(event) -> str:
    label = LABELS.get(event.kind)
    try:
        return label(_in_reader_language(event.data)) if label else event.kind.replace("_", " ").capitalize()
    except (KeyError, TypeError):
        return event.kind.replace("_", " ").capitalize()


def register(kind: str, label) -> None:
    """Let other apps (review, indexing) add their own kinds of event."""
    LABELS[kind] = label
