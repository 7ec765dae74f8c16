"""The queue's forms: the filters, read from the query string so that a view can be
bookmarked and shared, and the bulk actions on the ticked rows.

The filters are a plain Django form: django-filter would add a dependency for what a dozen
fields do here, and the filtering itself lives in review.selectors.filtered, where the
export and the counts reuse it.
"""

import html
import uuid

from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaItem, Session
from common.translations import in_language
from delegations.models import Delegation
from indexing.models import Extraction
from submissions.models import UN_LANGUAGES, Submission

from . import queue_cache, selectors

SORT_CHOICES = [
    ("-submitted", _("Newest first")),
    ("submitted", _("Oldest first")),
    ("-updated", _("Recently updated")),
    ("reference", _("Reference")),
    ("-reference", _("Reference, descending")),
    ("title", _("Title")),
    ("-title", _("Title, descending")),
    ("delegation", _("Delegation")),
    ("-delegation", _("Delegation, descending")),
    ("status", _("Status")),
    ("-status", _("Status, descending")),
    ("updated", _("Least recently updated")),
]
REVIEWABLE_STATUSES = [(value, label) for value, label in Submission.Status.choices if value != "draft"]


def filter_lists() -> dict[str, list[tuple]]:
    """Sessions, sub-items, delegations and reviewers, named in the reader's language (English where
    no translation is recorded): four queries and some 600 labels, kept in the cache until one of
    them changes (review.queue_cache.CHOICES)."""
    language = translation.get_language()

    def build():
        return {
            "session": [
                (pk, f"{in_language(title, title_i18n, language)} ({start:%Y})")
                for pk, title, title_i18n, start in Session.objects.order_by("-start_date").values_list(
                    "pk", "title", "title_i18n", "start_date"
                )
            ],
            "sub_item": [
                (pk, f"{code} {in_language(title, title_i18n, language)}")
                for pk, code, title, title_i18n in AgendaItem.objects.filter(parent__isnull=False)
                .order_by("body_id", "order", "code")
                .values_list("pk", "code", "title", "title_i18n")
            ],
            "delegation": [
                (pk, in_language(name, name_i18n, language))
                for pk, name, name_i18n in Delegation.objects.order_by("name").values_list("pk", "name", "name_i18n")
            ],
            "reviewer": [
                (str(pk), name or email)
                for pk, name, email in selectors.reviewers().values_list("pk", "full_name", "email")
            ],
        }

    return queue_cache.remember(queue_cache.key("lists", language, names=(queue_cache.CHOICES,)), build)


def id_field(label):
    # Choices are set in __init__ from plain (id, label) rows: no model object per option.
    return forms.TypedChoiceField(label=label, coerce=int, required=False, empty_value=None)


SELECTED = mark_safe(" selected")


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the papers"), required=False, max_length=200)
    session = id_field(_("Session"))
    sub_item = id_field(_("Sub-item"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *Submission.Kind.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *REVIEWABLE_STATUSES], required=False)
    delegation = id_field(_("Submitted by"))
    cosponsor = id_field(_("Co-sponsored by"))
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Any")), *UN_LANGUAGES], required=False)
    indexing = forms.ChoiceField(
        label=_("Indexing"), choices=[("", _("Any")), *Extraction.State.choices], required=False
    )
    assigned = forms.ChoiceField(label=_("Assigned to"), required=False)
    questions = forms.ChoiceField(
        label=_("Questions"),
        choices=[("", _("Any")), ("open", _("Open questions")), ("none", _("No open question"))],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        choices=[(size, size) for size in selectors.PAGE_SIZES],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        lists = filter_lists()
        any_ = [("", _("Any"))]
        self.fields["session"].choices = any_ + lists["session"]
        self.fields["sub_item"].choices = any_ + lists["sub_item"]
        self.fields["delegation"].choices = any_ + lists["delegation"]
        self.fields["cosponsor"].choices = any_ + lists["delegation"]
        self.reviewer_choices = lists["reviewer"]
        self.fields["assigned"].choices = [
            ("", _("Anyone or nobody")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *self.reviewer_choices,
        ]

    def selects(self):
        """Each select with its <option> markup, built here in Python.

        Django's select widget renders every <option> through a template of its own, and a
        template loop is not much cheaper: with the 193 Member States listed twice, that
        took a third of the page's time. Every value and label is escaped all the same (with the
        standard library's html.escape, which is what Django's escape calls, without its
        lazy-string wrapper: 700 options a page).
        """
        defaults = {"sort": selectors.DEFAULT_SORT, "per_page": selectors.DEFAULT_PAGE_SIZE}
        for name, field in self.fields.items():
            if name == "q":
                continue
            bound = self[name]
            current = str(bound.value() or defaults.get(name, ""))
            options = []
            for value, label in field.choices:
                value = str(value)
                selected = SELECTED if value == current else ""
                options.append(f'<option value="{html.escape(value)}"{selected}>{html.escape(str(label))}</option>')
            yield bound, mark_safe("".join(options))  # noqa: S308 (every value escaped above)

    def params(self) -> dict:
        """The valid filters; a stale value in a bookmark (a deleted session) is ignored, not an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class SelectionField(forms.Field):
    """The public ids of the rows ticked in the queue."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = []
        for item in value or []:
            try:
                ids.append(uuid.UUID(str(item)))
            except ValueError as error:
                raise forms.ValidationError(_("The selection is not valid; reload the page.")) from error
        return ids

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_SELECTION:
            raise forms.ValidationError(
                _("Select at most %(n)s submissions at once.") % {"n": MAX_SELECTION}, code="too_many"
            )


MAX_SELECTION = max(selectors.PAGE_SIZES)


def status_targets() -> list[tuple[str, str]]:
    """The statuses a plain status change can reach; the other ones have their own action
    (a question, a decision, a publication) on the detail page."""
    try:
        from review.workflow import TRANSITIONS
    except ImportError:
        return REVIEWABLE_STATUSES
    targets = {t.target for t in TRANSITIONS if t.via == "change_status"}
    return [(value, label) for value, label in REVIEWABLE_STATUSES if value in targets]


class BulkActionForm(forms.Form):
    ASSIGN, STATUS, EXPORT_CSV, EXPORT_XLSX = "assign", "status", "export_csv", "export_xlsx"
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("", _("Choose an action…")),
            (ASSIGN, _("Assign to…")),
            (STATUS, _("Change status to…")),
            (EXPORT_CSV, _("Export as CSV")),
            (EXPORT_XLSX, _("Export as Excel workbook")),
        ],
    )
    selected = SelectionField(error_messages={"required": _("Tick at least one submission first.")})
    assign_to = forms.ChoiceField(label=_("Assign to"), required=False)
    to_status = forms.ChoiceField(label=_("New status"), required=False)
    comment = forms.CharField(label=_("Comment for the history"), required=False, max_length=1000)

    def __init__(self, data=None, *, reviewer_choices=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["to_status"].choices = [("", "—"), *status_targets()]
        if reviewer_choices is None:
            reviewer_choices = [(str(person.pk), str(person)) for person in selectors.reviewers()]
        self.fields["assign_to"].choices = [("", "—"), ("none", _("Nobody (unassign)")), *reviewer_choices]

    def clean(self):
        data = super().clean()
        if data.get("action") == self.ASSIGN and not data.get("assign_to"):
            self.add_error("assign_to", _("Choose the person to assign the submissions to."))
        if data.get("action") == self.STATUS and not data.get("to_status"):
            self.add_error("to_status", _("Choose the new status."))
        return data

    def assignee(self):
        value = self.cleaned_data.get("assign_to")
        if value in (None, "", "none"):
            return None
        return selectors.reviewers().get(pk=int(value))
