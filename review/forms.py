"""The shapes of the review's input; the rules live in review.workflow and friends."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agenda.models import AgendaItem, Session
from common import fields as checked
from delegations.models import Delegation
from portal.time_format import with_zone
from submissions.forms import PaperFileField
from submissions.models import UN_LANGUAGES, Submission

from .models import Decision


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=Submission.Status.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=2000, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question to the delegation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    include_cosponsors = forms.BooleanField(
        label=_("Send it to the co-sponsors as well"),
        required=False,
        help_text=_("They read it and the answer; only the submitting delegation answers."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    file = PaperFileField(
        label=_("Revised paper (optional)"),
        required=False,
        help_text=_("PDF, Word (DOCX), OpenDocument (ODT) or plain text. It becomes the paper's next version."),
    )
    language = forms.ChoiceField(label=_("Language of the revised paper"), choices=UN_LANGUAGES, required=False)
    note = checked.SingleLineField(label=_("What changed in the revision"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.odt,.txt,application/pdf,text/plain"


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Message to the delegation"),
        help_text=_("Sent with the decision when it is announced."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    announce = forms.BooleanField(
        label=_("Announce it now"),
        required=False,
        help_text=_("Otherwise it waits, seen by the team only, until the Secretariat announces decisions together."),
    )


class AnnounceForm(forms.Form):
    submission = checked.ModelMultipleChoiceField(
        queryset=Submission.objects.all(), to_field_name="public_id", error_messages={"required": _("Choose papers.")}
    )


class PublishForm(forms.Form):
    """One choice per language the paper exists in: which version of it to publish (or none)."""

    un_symbol = checked.SingleLineField(
        label=_("UN symbol (optional)"),
        max_length=80,
        required=False,
        help_text=_("Only if the paper is issued as an official document, e.g. A/AC.292/2025/1."),
    )

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions_by_language: dict[str, list] = {}
        for version in submission.versions.all():
            self.versions_by_language.setdefault(version.language, []).append(version)
        labels = dict(UN_LANGUAGES)
        for language, versions in self.versions_by_language.items():
            choices = [("", _("Do not publish this language"))] + [
                (str(v.public_id), _("Version %(number)s – %(name)s") % {"number": v.number, "name": v.original_name})
                for v in reversed(versions)
            ]
            self.fields[f"version_{language}"] = forms.ChoiceField(
                label=labels.get(language, language),
                choices=choices,
                required=False,
                initial=str(versions[-1].public_id),
            )

    def language_fields(self):
        return [self[name] for name in self.fields if name.startswith("version_")]

    def chosen_versions(self) -> list:
        by_id = {str(v.public_id): v for versions in self.versions_by_language.values() for v in versions}
        return [
            by_id[value] for name, value in self.cleaned_data.items() if name.startswith("version_") and value in by_id
        ]


class UnpublishForm(forms.Form):
    reason = checked.SingleLineField(label=_("Reason for unpublishing"), max_length=500)


class UnSymbolForm(forms.Form):
    un_symbol = checked.SingleLineField(label=_("UN symbol"), max_length=80, required=False)


class EmailedPaperForm(forms.Form):
    """A paper a delegation sent by email, recorded by the Secretariat on its behalf."""

    delegation = checked.ModelChoiceField(
        label=_("Delegation that sent it"), queryset=Delegation.objects.filter(is_active=True)
    )
    received_at = forms.DateTimeField(
        label=_("Received on"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("When the email arrived: the session's deadline applies to this moment."),
    )
    title = checked.SingleLineField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Submission.Kind.choices, initial=Submission.Kind.CONCEPT_PAPER)
    session = checked.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.filter(body__is_current=True).order_by("-start_date"),
        empty_label=None,
    )
    sub_items = checked.ModelMultipleChoiceField(
        label=_("Agenda sub-items"),
        queryset=AgendaItem.objects.filter(parent__isnull=False, body__is_current=True).order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one agenda sub-item.")},
    )
    original_language = forms.ChoiceField(label=_("Language of the file"), choices=UN_LANGUAGES, initial="en")
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    cosponsors = checked.ModelMultipleChoiceField(
        label=_("Co-sponsors named in the email"),
        queryset=Delegation.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Each is invited and appears as co-sponsor once one of its members accepts."),
    )
    file = PaperFileField(label=_("File of the paper"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        # Read in the person's zone (accounts.middleware): the label says which.
        self.fields["received_at"].label = with_zone(self.fields["received_at"].label)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.odt,.txt,application/pdf,text/plain"

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        if received > timezone.now():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        return received

    def clean(self):
        data = super().clean()
        if data.get("delegation") and data.get("cosponsors"):
            data["cosponsors"] = [c for c in data["cosponsors"] if c.pk != data["delegation"].pk]
        return data


class AuditFilterForm(forms.Form):
    actor = checked.ModelChoiceField(
        label=_("Person"), queryset=User.objects.order_by("full_name"), required=False, empty_label=_("Anyone")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object = forms.CharField(
        label=_("Object"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Reference, title or id")})
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action"))] + [(a, a) for a in actions]
        # Days begin and end in the person's zone: the labels say which.
        for name in ("date_from", "date_to"):
            self.fields[name].label = with_zone(self.fields[name].label)
