from django import forms
from django.utils.translation import gettext_lazy as _

from common import fields as checked
from delegations.models import Delegation

from .models import Session


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(label=_("Deadline"), widget=LocalDateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])


class ExtensionForm(forms.Form):
    session = checked.ModelChoiceField(label=_("Session"), queryset=Session.objects.filter(body__is_current=True))
    delegation = checked.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.filter(is_active=True))
    deadline = forms.DateTimeField(
        label=_("Extended until"), widget=LocalDateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
