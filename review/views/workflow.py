"""The reviewer's actions on one paper (POST only) and the announcement of decisions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from common.errors import ActionRefused, show_refusal
from common.redirects import next_url

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
from ..selectors_workflow import pending_decisions
from .detail import get_for_review


def _back(submission, anchor=""):
    return redirect(reverse("review:detail", args=[submission.public_id]) + (f"#{anchor}" if anchor else ""))


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _act(request, submission, form, action, success, anchor: str = ""):
    """Check the form, call the service with its data, and go back to the paper.

    A form error or the service's refusal becomes a message on the page, never a half-done
    change. `success` is the message, or a function of what the service returned.
    """
    if not form.is_valid():
        _form_errors(request, form)
        return _back(submission, anchor)
    try:
        result = action(form.cleaned_data)
    except ActionRefused as error:
        show_refusal(request, error)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return _back(submission, anchor)


@permission_required("review.change_status")
@require_POST
def change_status(request, public_id):
    submission = get_for_review(request, public_id)
    return _act(
        request,
        submission,
        StatusForm(request.POST),
        lambda data: workflow.change_status(submission=submission, by=request.user, **data),
        lambda paper: _("The paper is now “%(status)s”.") % {"status": paper.get_status_display()},
    )


@permission_required("review.ask_question")
@require_POST
def ask_question(request, public_id):
    submission = get_for_review(request, public_id)
    return _act(
        request,
        submission,
        QuestionForm(request.POST),
        lambda data: questions.ask_question(submission=submission, by=request.user, **data),
        _("The question is sent to the delegation."),
        "questions",
    )


@permission_required("review.add_note")
@require_POST
def add_note(request, public_id):
    submission = get_for_review(request, public_id)
    return _act(
        request,
        submission,
        NoteForm(request.POST),
        lambda data: notes.add_note(submission=submission, by=request.user, text=data["text"]),
        _("Note added. Only the Chair's team and the Secretariat can read it."),
        "notes",
    )


@permission_required("review.decide")
@require_POST
def record_decision(request, public_id):
    submission = get_for_review(request, public_id)
    return _act(
        request,
        submission,
        DecisionForm(request.POST),
        lambda data: workflow.record_decision(submission=submission, by=request.user, **data),
        lambda decision: (
            _("Decision recorded and announced to the delegation.")
            if decision.announced_at
            else _("Decision recorded. The delegation will learn of it when the Secretariat announces it.")
        ),
        "decision",
    )


@permission_required("review.announce_decisions")
def pending(request):
    """The decisions waiting to be announced, and the form announcing them together."""
    if request.method == "POST":
        return announce_decisions(request)
    return render(request, "review/decisions.html", {"decisions": pending_decisions(), "nav": "review"})


@permission_required("review.announce_decisions")
@require_POST
def announce_decisions(request):
    form = AnnounceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            announced = workflow.announce_decisions(submissions=form.cleaned_data["submission"], by=request.user)
        except ActionRefused as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s decision announced; its delegation is told now.",
                    "%(count)s decisions announced; each delegation is told now.",
                    len(announced),
                )
                % {"count": len(announced)},
            )
    return redirect(next_url(request, "review:decisions"))


@permission_required("publication.publish_submission")
@require_POST
def publish(request, public_id):
    submission = get_for_review(request, public_id)
    form = PublishForm(request.POST, submission=submission)
    return _act(
        request,
        submission,
        form,
        lambda data: publishing.publish(
            submission=submission, by=request.user, versions=form.chosen_versions(), un_symbol=data["un_symbol"]
        ),
        lambda publication: _("Published as %(reference)s.") % {"reference": publication.reference},
        "publication",
    )


@permission_required("publication.unpublish_submission")
@require_POST
def unpublish(request, public_id):
    submission = get_for_review(request, public_id)
    return _act(
        request,
        submission,
        UnpublishForm(request.POST),
        lambda data: publishing.unpublish(submission=submission, by=request.user, reason=data["reason"]),
        _("The paper is unpublished; it keeps its reference."),
        "publication",
    )


@permission_required("review.set_un_symbol")
@require_POST
def set_un_symbol(request, public_id):
    submission = get_for_review(request, public_id)
    return _act(
        request,
        submission,
        UnSymbolForm(request.POST),
        lambda data: publishing.set_un_symbol(submission=submission, by=request.user, **data),
        _("UN symbol saved."),
        "publication",
    )
