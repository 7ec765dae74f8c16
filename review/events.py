"""How the review's history events read (submissions.events renders them)."""

from django.utils.translation import gettext as _

from submissions.events import register

LABELS = {
    "question_asked": lambda d: _("The Chair's team sent a question"),
    "question_answered": lambda d: _("The delegation answered a question"),
    "note_added": lambda d: _("Internal note added"),
    "decision_recorded": lambda d: _("Decision recorded, not yet announced: %(outcome)s") % d,
    "decision_announced": lambda d: _("Decision announced: %(outcome)s") % d,
}


def register_labels() -> None:
    for kind, label in LABELS.items():
        register(kind, label)
