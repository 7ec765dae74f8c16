"""The reviewer's pages on one paper: its detail, a diff of two versions, the text of a version."""

import rules
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.decorators import permission_required
from indexing.models import Extraction
from submissions.models import Version

from .. import workflow
from ..diff import revisions_to_compare, text_diff
from ..forms import AnswerForm, DecisionForm, NoteForm, PublishForm, QuestionForm, UnpublishForm, UnSymbolForm
from ..selectors import reviewers
from ..selectors_workflow import PREVIEW_CHARS, publication_of, submission_for_review


def get_for_review(request, public_id):
    submission = submission_for_review(request.user, public_id)
    if submission is None:
        raise Http404(_("No such submission."))
    return submission


def detail_context(request, submission) -> dict:
    user = request.user
    Status = submission.Status
    decisions = list(submission.decisions.all())
    publication = publication_of(submission)
    questions = list(submission.questions.all())
    versions = list(submission.versions.all())
    previous, latest = revisions_to_compare(versions)
    return {
        "submission": submission,
        "versions": versions,
        "latest": latest,
        "previous": previous,
        "preview_chars": PREVIEW_CHARS,
        "events": list(submission.events.all()),
        "questions": questions,
        "open_questions": [q for q in questions if q.is_open],
        "notes": list(submission.notes.all()),
        "pending_decision": next((d for d in decisions if d.is_pending), None),
        "announced_decisions": [d for d in decisions if not d.is_pending],
        "publication": publication,
        "status_actions": workflow.status_actions(user, submission),
        "can_ask": workflow.is_allowed(user, submission, Status.QUESTIONS_SENT, via="ask_question"),
        "can_decide": rules.has_perm("review.decide", user, submission) and submission.status in workflow.IN_REVIEW,
        "can_announce": rules.has_perm("review.announce_decisions", user, submission)
        and submission.status in workflow.IN_REVIEW,
        "can_publish": workflow.is_allowed(user, submission, Status.PUBLISHED, via="publish"),
        "can_unpublish": workflow.is_allowed(user, submission, Status.ACCEPTED, via="unpublish"),
        "can_set_symbol": rules.has_perm("review.set_un_symbol", user, submission) and publication is not None,
        "question_form": QuestionForm(),
        "note_form": NoteForm(),
        "decision_form": DecisionForm(),
        "publish_form": PublishForm(
            submission=submission, initial={"un_symbol": getattr(publication, "un_symbol", "")}
        ),
        "unpublish_form": UnpublishForm(),
        "symbol_form": UnSymbolForm(initial={"un_symbol": getattr(publication, "un_symbol", "")}),
        "answer_form": AnswerForm(),
        # Assignment is the queue's (review.assignment); the detail page posts to its bulk action.
        "reviewers": list(reviewers()),
        "nav": "review",
    }


@permission_required("review.review_submission")
def detail(request, public_id):
    submission = get_for_review(request, public_id)
    return render(request, "review/detail.html", detail_context(request, submission))


@permission_required("review.review_submission")
def diff(request, public_id):
    """What changed between versions ?a= and ?b= (by default the two latest)."""
    submission = get_for_review(request, public_id)
    versions = {str(v.public_id): v for v in submission.versions.all()}
    ordered = list(versions.values())
    if len(ordered) < 2:
        raise Http404(_("This paper has a single version."))
    earlier, newest = revisions_to_compare(ordered)
    old = versions.get(request.GET.get("a", ""), earlier or ordered[-2])
    new = versions.get(request.GET.get("b", ""), newest)
    # Texts in two languages are a translation, not a revision: there is nothing to compare.
    other_language = old.language != new.language
    texts = dict(
        Extraction.objects.filter(version__in=[old, new], state=Extraction.State.INDEXED).values_list(
            "version_id", "text"
        )
    )
    missing = [v for v in (old, new) if v.pk not in texts]
    result = None if missing or other_language else text_diff(texts[old.pk], texts[new.pk])
    return render(
        request,
        "review/diff.html",
        {
            "submission": submission,
            "versions": ordered,
            "old": old,
            "new": new,
            "diff": result,
            "missing": missing,
            "other_language": other_language,
            "nav": "review",
        },
    )


@permission_required("review.review_submission")
def version_text(request, public_id):
    """The whole extracted text of one version."""
    version = get_object_or_404(Version.objects.select_related("submission", "extraction"), public_id=public_id)
    submission = get_for_review(request, version.submission.public_id)
    extraction = getattr(version, "extraction", None)
    return render(
        request,
        "review/version_text.html",
        {"submission": submission, "version": version, "extraction": extraction, "nav": "review"},
    )
