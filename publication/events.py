"""How publication's history events read (submissions.events renders them)."""

from django.utils.translation import gettext as _

from submissions.events import register

LABELS = {
    "published": lambda d: _("Published as %(reference)s") % d,
    "unpublished": lambda d: _("Unpublished (reference %(reference)s kept)") % d,
    "un_symbol_set": lambda d: _("UN symbol recorded: %(un_symbol)s") % d,
}


def register_labels() -> None:
    for kind, label in LABELS.items():
        register(kind, label)
