"""The delegate's side of the review: questions on the paper page, and answering them."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from submissions.files import FileRejected
from submissions.services import SubmissionError

from .. import questions
from ..forms import AnswerForm
from ..selectors_workflow import open_question_for, questions_for_delegate


def answer_form(question, data=None, files=None) -> AnswerForm:
    # One form per open question on the page: the prefix keeps their fields apart.
    return AnswerForm(
        data, files, prefix=f"q{question.pk}", initial={"language": question.submission.original_language}
    )


def delegate_panel(user, submission):
    """What review/_delegate_questions.html shows on the delegate's paper page (a panel of submissions.panels)."""
    panel = questions_for_delegate(user, submission)
    if panel.can_answer:
        for question in panel.questions:
            if question.is_open:
                question.answer_form = answer_form(question)
    return panel


@login_required
def answer_question(request, pk):
    """A delegate of the submitting delegation answers (the delegate's page, not the dashboard's)."""
    question = open_question_for(request.user, pk)
    if question is None:
        if not rules.has_perm("submissions.view_own_submissions", request.user):
            raise PermissionDenied
        raise Http404(_("No such question for your delegation."))
    submission = question.submission
    form = answer_form(question, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questions.answer_question(
                question=question,
                by=request.user,
                text=data["text"],
                file=data.get("file"),
                language=data.get("language") or None,
                note=data.get("note", ""),
            )
        except (SubmissionError, FileRejected) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your answer is sent to the Chair's team."))
            return redirect(reverse("submissions:detail", args=[submission.public_id]) + "#questions")
    return render(
        request,
        "review/answer.html",
        {"form": form, "question": question, "submission": submission, "nav": "submissions"},
    )
