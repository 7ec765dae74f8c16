from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, Session
from common import fields as checked
from delegations.models import Delegation
from submissions.models import UN_LANGUAGES, Submission

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title")),
    ("reference", _("Reference")),
]


class PaperFilterForm(forms.Form):
    """The filters of the list, the search, the feeds and the API; all in the address, all optional."""

    q = forms.CharField(label=_("Words in the paper"), required=False, max_length=200)
    session = checked.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)
    sub_item = checked.ModelChoiceField(label=_("Agenda sub-item"), queryset=AgendaItem.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any kind")), *Submission.Kind.choices], required=False)
    delegation = checked.ModelChoiceField(label=_("Submitted by"), queryset=Delegation.objects.none(), required=False)
    cosponsor = checked.ModelChoiceField(label=_("Co-sponsored by"), queryset=Delegation.objects.none(), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Any language")), *UN_LANGUAGES], required=False)
    published_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, delegations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(body__is_current=True).order_by("-start_date")
        self.fields["session"].empty_label = _("Any session")
        self.fields["sub_item"].queryset = AgendaItem.objects.filter(
            body__is_current=True, parent__isnull=False
        ).order_by("order")
        self.fields["sub_item"].empty_label = _("Any sub-item")
        for name, empty in (("delegation", _("Any delegation")), ("cosponsor", _("Any co-sponsor"))):
            self.fields[name].queryset = delegations if delegations is not None else Delegation.objects.all()
            self.fields[name].empty_label = empty

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
