"""One base error for refused actions: a page shows its message, an API answers with its status."""

import json

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from accounts.services import MembershipError
from agenda.services import DeadlineError
from common.errors import ActionRefused, refusal_response, show_refusal
from publication.services import PublicationError
from review.assignment import AssignmentError
from review.workflow import ReviewError, TransitionNotAllowed
from submissions.files import FileRejected
from submissions.services import SubmissionClosed, SubmissionError


@pytest.mark.parametrize(
    "error",
    [
        MembershipError,
        DeadlineError,
        SubmissionError,
        SubmissionClosed,
        FileRejected,
        ReviewError,
        TransitionNotAllowed,
        PublicationError,
        AssignmentError,
    ],
)
def test_every_refusal_of_the_portal_is_an_action_refused(error):
    assert issubclass(error, ActionRefused)


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (SubmissionError("Give a title."), 400, "submission_error"),
        (SubmissionClosed("The deadline has passed."), 409, "submission_closed"),
        (TransitionNotAllowed("A paper that is a draft cannot become published."), 409, "transition_not_allowed"),
        (TransitionNotAllowed("Only the Secretariat may publish it.", status=403), 403, "transition_not_allowed"),
    ],
)
def test_the_api_answers_a_refusal_with_its_status_and_message(error, status, code):
    response = refusal_response(error)

    assert response.status_code == status
    assert json.loads(response.content) == {"detail": str(error), "code": code, "status": status}


def test_a_page_shows_the_refusal_as_an_error_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    show_refusal(request, SubmissionClosed("The deadline has passed."))

    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("error", "The deadline has passed.")]
