from django import forms
from django.utils.translation import gettext_lazy as _

from common import fields as checked

from .models import Delivery, Message


class PreferencesForm(forms.Form):
    """One choice per kind of notice the person can receive, and the sub-items they follow.

    Locked kinds are shown but not submitted: the service ignores them anyway.
    """

    def __init__(self, *args, kinds: list[dict], items, followed: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[f"kind_{kind['kind']}"] = forms.ChoiceField(
                label=kind["label"],
                choices=Delivery.choices,
                initial=kind["delivery"],
                widget=forms.RadioSelect,
                disabled=kind["locked"],
                required=False,
            )
        self.fields["followed"] = checked.ModelMultipleChoiceField(
            label=_("Agenda sub-items I follow"),
            queryset=items,
            initial=sorted(followed),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def deliveries(self) -> dict[str, str]:
        return {
            kind["kind"]: self.cleaned_data[f"kind_{kind['kind']}"]
            for kind in self.kinds
            if not kind["locked"] and self.cleaned_data.get(f"kind_{kind['kind']}")
        }

    def kind_rows(self):
        return [(kind, self[f"kind_{kind['kind']}"]) for kind in self.kinds]


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All")), *Message.State.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    q = forms.CharField(
        label=_("Address or subject"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
