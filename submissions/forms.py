import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, Session
from agenda.selectors import current_sessions, current_sub_items
from common import fields as checked
from delegations.models import Delegation
from delegations.selectors import active_delegations
from portal.time_format import when

from .files import FileRejected, inspect_upload, size_limit_attrs
from .models import UN_LANGUAGES, Submission


class PaperFileField(forms.FileField):
    """A file checked by its content; the error names the problem."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                upload.inspected = inspect_upload(upload)
            except FileRejected as error:
                raise forms.ValidationError(str(error), code="rejected")
        return upload


def open_sessions(delegation, *, now=None):
    """Sessions whose deadline (extensions included) has not passed for this delegation.

    Each carries `deadline`, that delegation's deadline. The sessions and their extensions are
    kept in the cache between changes (agenda.selectors.current_sessions): no query.
    """
    now = now or timezone.now()
    delegation_id = getattr(delegation, "pk", None)
    sessions = current_sessions()
    for s in sessions:
        extended = s.extended_until.get(delegation_id)
        s.deadline = max(s.submission_deadline, extended) if extended else s.submission_deadline
    return [s for s in sessions if now <= s.deadline]


class SessionField(checked.ModelChoiceField):
    """A session chosen among those the form listed: one it read already is not read again."""

    listed: dict = {}

    def to_python(self, value):
        try:
            return self.listed[int(value)]
        except (KeyError, TypeError, ValueError):
            return super().to_python(value)


class ListedMultipleChoiceField(checked.ModelMultipleChoiceField):
    """Choices the form listed from rows it had (``listed``): those posted are not read again.

    Anything else (a value not listed, a malformed one) is checked against the queryset as usual.
    """

    listed: dict = {}

    def clean(self, value):
        if value and isinstance(value, list | tuple):
            try:
                keys = {int(v) for v in value}
            except (TypeError, ValueError):
                keys = set()
            if keys and keys <= self.listed.keys():
                chosen = [obj for pk, obj in self.listed.items() if pk in keys]
                self.run_validators(chosen)
                return chosen
        return super().clean(value)


def listed_choices(field, rows) -> None:
    """The field's options from rows read already (kept in the cache), not by its queryset, which
    still checks a posted value the rows do not hold. A single choice starts with its empty option."""
    field.listed = {row.pk: row for row in rows}
    empty = [("", field.empty_label)] if getattr(field, "empty_label", None) is not None else []
    field.choices = empty + [(row.pk, field.label_from_instance(row)) for row in rows]


class SubmissionForm(forms.ModelForm):
    sub_items = ListedMultipleChoiceField(
        label=_("Agenda sub-items"),
        queryset=AgendaItem.objects.filter(parent__isnull=False, body__is_current=True).order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sub-items of agenda item 5 your paper addresses."),
        error_messages={"required": _("Choose at least one agenda sub-item.")},
    )

    class Meta:
        model = Submission
        fields = ["title", "kind", "session", "sub_items", "original_language", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"session": SessionField, "title": checked.SingleLineField}
        help_texts = {
            "title": _('As it should be listed, e.g. "Working paper on a threat repository".'),
            "summary": _("A few sentences for the Chair's team and, once published, for readers."),
            "original_language": _("The language the paper was written in."),
        }

    def __init__(self, *args, delegation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.delegation = delegation
        sessions = open_sessions(delegation)
        current = getattr(self.instance, "session", None) if self.instance.pk else None
        ids = [s.pk for s in sessions] + ([current.pk] if current else [])
        self.fields["session"].queryset = Session.objects.filter(pk__in=ids).order_by("start_date")
        # The whole label is one sentence of the catalogue; the date is written the reader's way.
        # The open sessions' deadlines are known already; only the draft's own closed session is asked.
        deadlines = {s.pk: s.deadline for s in sessions}
        self.fields["session"].label_from_instance = lambda s: (
            _("%(session)s — deadline %(deadline)s")
            % {"session": s.localized_title, "deadline": when(deadlines.get(s.pk) or s.deadline_for(delegation))}
        )
        self.fields["session"].empty_label = None
        # The options from the sessions read above; the queryset still checks what is posted.
        listed = sessions + ([current] if current and current.pk not in deadlines else [])
        self.fields["session"].listed = {s.pk: s for s in listed}
        self.fields["session"].choices = [
            (s.pk, self.fields["session"].label_from_instance(s)) for s in sorted(listed, key=lambda s: s.start_date)
        ]
        self.fields["session"].error_messages["invalid_choice"] = _(
            "The deadline for this session has passed; choose a session that is still open."
        )
        self.has_open_session = bool(sessions)
        listed_choices(self.fields["sub_items"], current_sub_items())

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        # A listed session was read from the database in this request: the model's check that it
        # exists would read it a third time.
        if self.cleaned_data.get("session") in self.fields["session"].listed.values():
            exclusions.add("session")
        return exclusions


class NewSubmissionForm(SubmissionForm):
    cosponsors = ListedMultipleChoiceField(
        label=_("Invite co-sponsors"),
        queryset=Delegation.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(
            attrs={"size": 8, "data-filterable": _("Type to find a delegation"), "data-chosen-label": _("Chosen:")}
        ),
        help_text=_(
            "Optional. Each delegation you choose is invited when you submit, and appears as co-sponsor once one of its members accepts. Hold Ctrl (or Cmd) to choose several."
        ),
    )
    file = PaperFileField(
        label=_("File of the paper"),
        required=False,
        help_text=_(
            "PDF, Word (DOCX), OpenDocument (ODT) or plain text. You can also save a draft and upload it later."
        ),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    class Meta(SubmissionForm.Meta):
        fields = SubmissionForm.Meta.fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Co-sponsors are States and their organisations. A stakeholder organisation sends a written
        # input alone, marked as its kind, never as a State's paper (the stakeholders app).
        own = getattr(self.delegation, "pk", None)
        delegations = Delegation.objects.filter(is_active=True).exclude(kind=Delegation.Kind.STAKEHOLDER)
        self.fields["cosponsors"].queryset = delegations.exclude(pk=own) if own else delegations
        listed_choices(
            self.fields["cosponsors"],
            [d for d in active_delegations() if d.kind != Delegation.Kind.STAKEHOLDER and d.pk != own],
        )
        if getattr(self.delegation, "kind", "") == Delegation.Kind.STAKEHOLDER:
            self.fields["kind"].choices = [(Submission.Kind.WRITTEN_INPUT.value, Submission.Kind.WRITTEN_INPUT.label)]
            self.fields["cosponsors"].queryset = Delegation.objects.none()
            listed_choices(self.fields["cosponsors"], [])
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.odt,.txt,application/pdf,text/plain"
        self.fields["file"].widget.attrs.update(size_limit_attrs())


class VersionForm(forms.Form):
    file = PaperFileField(label=_("File"), help_text=_("PDF, Word (DOCX), OpenDocument (ODT) or plain text."))
    language = forms.ChoiceField(label=_("Language of this file"), choices=UN_LANGUAGES)
    # A translation attaches to the revision it translates; anything else is the next revision.
    translation_of = forms.TypedChoiceField(
        label=_("This file is"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("A new revision of the paper"))],
    )
    note = checked.SingleLineField(
        label=_("What changed"),
        max_length=500,
        required=False,
        help_text=_('For example "Revised after the Chair\'s questions" or "French translation".'),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    def __init__(self, *args, revisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.odt,.txt,application/pdf,text/plain"
        self.fields["file"].widget.attrs.update(size_limit_attrs())
        if revisions:
            self.fields["translation_of"].choices += [
                (revision, _("A translation of revision %(revision)s") % {"revision": revision})
                for revision in sorted(revisions, reverse=True)
            ]
        else:
            del self.fields["translation_of"]


class InviteForm(forms.Form):
    delegation = checked.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.filter(is_active=True))

    def __init__(self, *args, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        if submission is not None:
            taken = [
                submission.delegation_id,
                *[c.delegation_id for c in submission.cosponsorships.all() if c.status != "declined"],
            ]
            self.fields["delegation"].queryset = Delegation.objects.filter(is_active=True).exclude(pk__in=taken)
            listed_choices(self.fields["delegation"], [d for d in active_delegations() if d.pk not in taken])


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the Chair's team and the Secretariat."),
    )
