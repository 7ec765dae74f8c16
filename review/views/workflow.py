"""The reviewer's actions on one paper (POST only) and the announcement of decisions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.redirects import next_url
from submissions.models import Submission
from submissions.services import SubmissionError

from .. import notes, publishing, questions, workflow
from ..forms import (
    AnnounceForm,
    DecisionForm,
    NoteForm,
    PublishForm,
    QuestionForm,
    StatusForm,
    UnpublishForm,
    UnSymbolForm,
)
from ..permissions import reviewer_required, secretariat_required
from ..selectors_workflow import pending_decisions
from .detail import get_for_review


def _back(submission, anchor=""):
    return redirect(reverse("review:detail", args=[submission.public_id]) + (f"#{anchor}" if anchor else ""))


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _run(request, submission, action, success: str, anchor: str = ""):
    """Call a service; its refusal becomes a message on the page, never a half-done change."""
    try:
        action()
    except SubmissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _back(submission, anchor)


@reviewer_required
@require_POST
def change_status(request, public_id):
    submission = get_for_review(request, public_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(submission)
    to = form.cleaned_data["to"]
    return _run(
        request,
        submission,
        lambda: workflow.change_status(
            submission=submission, to=to, by=request.user, comment=form.cleaned_data["comment"]
        ),
        _("The paper is now “%(status)s”.") % {"status": Submission.Status(to).label},
    )


@reviewer_required
@require_POST
def ask_question(request, public_id):
    submission = get_for_review(request, public_id)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(submission, "questions")
    return _run(
        request,
        submission,
        lambda: questions.ask_question(submission=submission, by=request.user, **form.cleaned_data),
        _("The question is sent to the delegation."),
        "questions",
    )


@reviewer_required
@require_POST
def add_note(request, public_id):
    submission = get_for_review(request, public_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(submission, "notes")
    return _run(
        request,
        submission,
        lambda: notes.add_note(submission=submission, by=request.user, text=form.cleaned_data["text"]),
        _("Note added. Only the Chair's team and the Secretariat can read it."),
        "notes",
    )


@reviewer_required
@require_POST
def record_decision(request, public_id):
    submission = get_for_review(request, public_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(submission, "decision")
    announce = form.cleaned_data["announce"]
    return _run(
        request,
        submission,
        lambda: workflow.record_decision(submission=submission, by=request.user, **form.cleaned_data),
        _("Decision recorded and announced to the delegation.")
        if announce
        else _("Decision recorded. The delegation will learn of it when the Secretariat announces it."),
        "decision",
    )


@secretariat_required
def pending(request):
    """The decisions waiting to be announced, and the form announcing them together."""
    if request.method == "POST":
        return announce_decisions(request)
    return render(request, "review/decisions.html", {"decisions": pending_decisions(), "nav": "review"})


@secretariat_required
@require_POST
def announce_decisions(request):
    form = AnnounceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            announced = workflow.announce_decisions(submissions=form.cleaned_data["submission"], by=request.user)
        except SubmissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(count)s decision(s) announced; each delegation is told now.") % {"count": len(announced)},
            )
    return redirect(next_url(request, "review:decisions"))


@secretariat_required
@require_POST
def publish(request, public_id):
    submission = get_for_review(request, public_id)
    form = PublishForm(request.POST, submission=submission)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(submission, "publication")

    try:
        publication = publishing.publish(
            submission=submission,
            by=request.user,
            versions=form.chosen_versions(),
            un_symbol=form.cleaned_data["un_symbol"],
        )
    except SubmissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Published as %(reference)s.") % {"reference": publication.reference})
    return _back(submission, "publication")


@secretariat_required
@require_POST
def unpublish(request, public_id):
    submission = get_for_review(request, public_id)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(submission, "publication")
    return _run(
        request,
        submission,
        lambda: publishing.unpublish(submission=submission, by=request.user, reason=form.cleaned_data["reason"]),
        _("The paper is unpublished; it keeps its reference."),
        "publication",
    )


@secretariat_required
@require_POST
def set_un_symbol(request, public_id):
    submission = get_for_review(request, public_id)
    form = UnSymbolForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(submission, "publication")
    return _run(
        request,
        submission,
        lambda: publishing.set_un_symbol(submission=submission, by=request.user, **form.cleaned_data),
        _("UN symbol saved."),
        "publication",
    )
