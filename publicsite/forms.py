from django import forms
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, Session
from delegations.models import Delegation
from submissions.models import UN_LANGUAGES, Submission

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title")),
    ("reference", _("Reference")),
]


CHOICES_SECONDS = 300


def _choices() -> dict:
    """Sessions, sub-items and delegations to filter by, in the reader's language.

    They change only when an administrator edits them, so each process keeps them a few
    minutes: every list and search page would otherwise load some 200 delegations twice.
    """

    def build():
        sessions = Session.objects.filter(body__is_current=True).order_by("-start_date")
        items = AgendaItem.objects.filter(body__is_current=True, parent__isnull=False).order_by("order")
        return {
            "session": [(s.pk, s.localized_title) for s in sessions],
            "sub_item": [(i.pk, f"{i.code} {i.localized_title}") for i in items],
            "delegation": [(d.pk, d.localized_name) for d in Delegation.objects.all()],
        }

    return cache.get_or_set(f"publicsite:filter-choices:{get_language()}", build, CHOICES_SECONDS)


def _id_field(label):
    return forms.TypedChoiceField(label=label, coerce=int, empty_value=None, required=False)


class PaperFilterForm(forms.Form):
    """The filters of the list, the search, the feeds and the API; all in the address, all optional."""

    q = forms.CharField(label=_("Words in the paper"), required=False, max_length=200)
    session = _id_field(_("Session"))
    sub_item = _id_field(_("Agenda sub-item"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any kind")), *Submission.Kind.choices], required=False)
    delegation = _id_field(_("Submitted by"))
    cosponsor = _id_field(_("Co-sponsored by"))
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Any language")), *UN_LANGUAGES], required=False)
    published_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _choices()
        empty = {
            "session": _("Any session"),
            "sub_item": _("Any sub-item"),
            "delegation": _("Any delegation"),
            "cosponsor": _("Any co-sponsor"),
        }
        for name, label in empty.items():
            self.fields[name].choices = [("", label), *choices["delegation" if name == "cosponsor" else name]]

    @property
    def filters(self) -> dict:
        """The valid filters; an invalid one (a mistyped address) is ignored rather than refused."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    @property
    def active(self) -> bool:
        return any(k not in ("q", "sort") for k in self.filters)
