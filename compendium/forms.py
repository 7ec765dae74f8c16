"""What the team chooses for a compendium. The form checks the shape; compendium.services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, Session
from common.fields import ModelMultipleChoiceField, SingleLineField
from submissions.models import UN_LANGUAGES, Submission

# Drafts belong to their delegation alone: no compendium can choose them.
STATUS_CHOICES = [(value, label) for value, label in Submission.Status.choices if value != Submission.Status.DRAFT]


class CompendiumForm(forms.Form):
    title = SingleLineField(
        label=_("Name of this draft"),
        max_length=200,
        required=False,
        help_text=_("To tell drafts apart, for example “Zero draft of the progress report”."),
    )
    sessions = ModelMultipleChoiceField(
        label=_("Sessions"),
        queryset=Session.objects.order_by("-start_date"),
        widget=forms.CheckboxSelectMultiple,
    )
    sub_items = ModelMultipleChoiceField(
        label=_("Agenda sub-items"),
        queryset=AgendaItem.objects.filter(parent__isnull=False).order_by("order", "code"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One chapter each, in agenda order."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of paper"),
        choices=Submission.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every kind."),
    )
    statuses = forms.MultipleChoiceField(
        label=_("Statuses"),
        choices=STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[Submission.Status.PUBLISHED],
        help_text=_("Published papers only, unless you tick more."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Each paper in its original language")), *UN_LANGUAGES],
        required=False,
        help_text=_("Each paper in this language where it exists, else in its original language."),
    )
    full_text = forms.BooleanField(label=_("Include the full text of each paper"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].label_from_instance = lambda session: session.localized_title
        self.fields["sub_items"].label_from_instance = lambda item: f"{item.code} {item.localized_title}"
        if not self.is_bound and "sub_items" not in self.initial:
            self.initial["sub_items"] = list(self.fields["sub_items"].queryset.values_list("pk", flat=True))
        if not self.is_bound and "sessions" not in self.initial:
            latest = self.fields["sessions"].queryset.first()
            self.initial["sessions"] = [latest.pk] if latest else []

    @classmethod
    def initial_from(cls, choices: dict) -> dict:
        """The form filled with an earlier compendium's choices, for the next draft."""
        return {
            "sessions": choices.get("sessions", []),
            "sub_items": choices.get("sub_items", []),
            "kinds": choices.get("kinds", []),
            "statuses": choices.get("statuses", [Submission.Status.PUBLISHED]),
            "language": choices.get("language", ""),
            "full_text": choices.get("full_text", False),
        }

    def choices(self) -> dict:
        """The choices as the compendium keeps them: ids, and the names they had, to compare drafts later."""
        data = self.cleaned_data
        sessions = sorted(data["sessions"], key=lambda s: s.start_date)
        sub_items = sorted(data["sub_items"], key=lambda item: (item.order, item.code))
        return {
            "sessions": [s.pk for s in sessions],
            "session_titles": [s.title for s in sessions],
            "sub_items": [item.pk for item in sub_items],
            "sub_item_codes": [item.code for item in sub_items],
            "kinds": list(data["kinds"]),
            "statuses": list(data["statuses"]),
            "language": data["language"],
            "full_text": data["full_text"],
        }


def ticked_ids(values) -> set[int]:
    """The ids of the ticked proposals, as posted; the service keeps only the compendium's own."""
    return {int(value) for value in values if value.isdigit() and len(value) < 18}
