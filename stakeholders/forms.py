from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem
from common import fields as checked
from delegations.models import Delegation
from submissions.forms import PaperFileField

from .models import Application, Consultation, Round


def countries():
    return Delegation.objects.filter(kind__in=[Delegation.Kind.MEMBER_STATE, Delegation.Kind.OBSERVER_STATE])


class ApplicationForm(forms.ModelForm):
    country = checked.ModelChoiceField(label=_("Country"), queryset=Delegation.objects.none())
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    # Not a model field: the applicant agrees that the name and country are published if accredited.
    consent = forms.BooleanField(
        label=_("I agree that, if the organisation is accredited, its name and country are published."),
    )

    class Meta:
        model = Application
        fields = [
            "name",
            "kind",
            "country",
            "website",
            "has_ecosoc_status",
            "ecosoc_reference",
            "statement",
            "contact_name",
            "contact_email",
        ]
        widgets = {"statement": forms.Textarea(attrs={"rows": 6})}
        # Names reach mail and pages: one line, whatever was pasted (common.fields.SingleLineField).
        field_classes = {"name": checked.SingleLineField, "contact_name": checked.SingleLineField}
        help_texts = {
            "statement": _(
                "What the organisation does on the security of and in the use of ICTs (at most 3,000 characters)."
            ),
            "ecosoc_reference": _(
                "If the organisation has ECOSOC consultative status: its reference or the year it was granted."
            ),
            "contact_email": _(
                "We send a link to this address: the application reaches the Secretariat once you open it."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries()
        self.fields["statement"].max_length = 3000
        self.fields["statement"].widget.attrs["maxlength"] = 3000

    def clean(self):
        data = super().clean()
        if data.get("has_ecosoc_status") and not (data.get("ecosoc_reference") or "").strip():
            self.add_error(
                "ecosoc_reference", _("Give the reference of the ECOSOC status, so that the Secretariat can check it.")
            )
        return data


class EcosocDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accredit", _("Status confirmed: accredit")), ("refuse", _("Status not confirmed: do not accredit"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (sent to the applicant)"), max_length=500, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to the applicant)"), max_length=500, required=False)


class RoundForm(forms.Form):
    title = checked.SingleLineField(label=_("Title"), max_length=200, initial=_("Non-objection round"))
    period_days = forms.IntegerField(label=_("Non-objection period (days)"), min_value=1, max_value=90, initial=14)
    visibility = forms.ChoiceField(
        label=_("Who sees objections"),
        choices=Round.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Round.Visibility.SECRETARIAT,
    )
    applications = checked.ModelMultipleChoiceField(
        label=_("Applications to circulate"), queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, waiting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = waiting
        self.fields["applications"].initial = [a.pk for a in waiting]


class ObjectionForm(forms.Form):
    basis = forms.CharField(
        label=_("General basis of the objection (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsultationForm(forms.ModelForm):
    sub_item = checked.ModelChoiceField(label=_("Theme (sub-item)"), queryset=AgendaItem.objects.none())
    questions = forms.CharField(
        label=_("Guiding questions"),
        help_text=_("One question per line, in the order they are asked."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Consultation
        fields = ["title", "held_at", "format", "sub_item", "introduction", "deadline", "open_to_all"]
        field_classes = {"title": checked.SingleLineField}
        widgets = {
            "held_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "introduction": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_item"].queryset = AgendaItem.objects.filter(parent__isnull=False, body__is_current=True)

    def clean_questions(self):
        questions = [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]
        if not questions:
            raise forms.ValidationError(_("Ask at least one guiding question."))
        if len(questions) > 20:
            raise forms.ValidationError(_("Ask at most 20 guiding questions."))
        return questions

    def clean(self):
        data = super().clean()
        if data.get("held_at") and data.get("deadline") and data["deadline"] > data["held_at"]:
            self.add_error("deadline", _("The deadline comes before the consultation."))
        return data


class WrittenInputForm(forms.Form):
    """One answer per guiding question, and optionally a file checked like a paper's."""

    file = PaperFileField(
        label=_("File (optional)"), required=False, help_text=_("PDF, Word, OpenDocument or plain text.")
    )

    def __init__(self, *args, questions=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = answers or {}
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=f"{question.number}. {question.text}",
                required=False,
                max_length=10000,
                initial=answers.get(question.pk, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        self.order_fields([f"answer_{q.pk}" for q in self.questions] + ["file"])

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}", "").strip() for q in self.questions}

    def clean(self):
        data = super().clean()
        if not self.errors and not any(self.answers().values()) and not data.get("file"):
            raise forms.ValidationError(_("Answer at least one question, or attach a file."))
        return data
