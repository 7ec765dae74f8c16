"""Questions of the Chair's team, answers of the delegation, internal notes."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from notifications.models import Message
from review import notes, questions, workflow
from review.models import Question
from review.workflow import ReviewError, TransitionNotAllowed
from submissions.models import Event, Submission
from tests.factories import DelegateFactory, pdf_upload

from .workflow_helpers import add_cosponsor, recipients, snapshot, text_file, with_status

S = Submission.Status


def test_a_question_goes_to_the_delegation_and_cannot_be_turned_off(submitted, chair_team, delegate):
    colleague = DelegateFactory(delegation=delegate.delegation, email="second@singapore.example")
    from notifications.models import Preference

    Preference.objects.create(user=colleague, kind="question_asked", delivery="off")

    question = questions.ask_question(submission=submitted, by=chair_team, text="Which partners would host it?")

    submitted.refresh_from_db()
    assert submitted.status == S.QUESTIONS_SENT
    assert recipients("question.asked") == {delegate.email, colleague.email}
    mail = Message.objects.filter(event="question.asked").first()
    assert "Which partners would host it?" in mail.body_text
    event = Event.objects.get(kind="question_asked")
    assert not event.internal and event.actor == chair_team
    assert "Which partners" not in event.message  # the history never shows the text itself
    assert AuditEntry.objects.filter(action="question.asked", actor=chair_team).exists()
    assert question.is_open


def test_cosponsors_get_the_question_only_if_chosen(submitted, chair_team, delegate, kenya):
    cosponsor = add_cosponsor(submitted, delegation=kenya, invited_by=delegate)
    questions.ask_question(submission=submitted, by=chair_team, text="Just you")
    assert recipients("question.asked") == {delegate.email}
    Message.objects.all().delete()
    questions.ask_question(submission=submitted, by=chair_team, text="All of you", include_cosponsors=True)
    assert recipients("question.asked") == {delegate.email, cosponsor.email}


@pytest.mark.parametrize("role", ["delegate", "other_delegate"])
def test_delegates_ask_no_questions(request, submitted, role):
    before = snapshot(submitted)
    with pytest.raises(TransitionNotAllowed):
        questions.ask_question(submission=submitted, by=request.getfixturevalue(role), text="?")
    assert snapshot(submitted) == before
    assert not Question.objects.exists()


@pytest.mark.parametrize("status", [S.ACCEPTED, S.PUBLISHED, S.WITHDRAWN, S.NOT_ACCEPTED])
def test_no_question_once_the_review_is_over(submitted, secretariat, status):
    paper = with_status(submitted, status)
    before = snapshot(paper)
    with pytest.raises(TransitionNotAllowed):
        questions.ask_question(submission=paper, by=secretariat, text="Too late?")
    assert snapshot(paper) == before


def test_an_empty_question_is_refused(submitted, chair_team):
    with pytest.raises(ReviewError):
        questions.ask_question(submission=submitted, by=chair_team, text="   ")
    assert not Question.objects.exists()


def test_answer_with_a_revision_makes_a_version_and_the_paper_revised(
    submitted, chair_team, secretariat, delegate, django_capture_on_commit_callbacks
):
    question = questions.ask_question(submission=submitted, by=chair_team, text="Please add a budget.")
    Message.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        questions.answer_question(
            question=question,
            by=delegate,
            text="A budget is in section 4.",
            file=pdf_upload("revised.pdf", text="Now with a budget"),
            language="en",
        )

    submitted.refresh_from_db()
    question.refresh_from_db()
    assert submitted.status == S.REVISED
    assert submitted.version_count == 2
    assert question.answer_version.number == 2
    assert question.answered_by == delegate and not question.is_open
    assert recipients("question.answered") == {chair_team.email, secretariat.email}
    mail = Message.objects.filter(event="question.answered").first()
    assert "/review/submissions/" in mail.url or "/review/submissions/" in mail.body_text
    assert Event.objects.filter(kind="question_answered").exists()
    assert AuditEntry.objects.filter(action="question.answered", actor=delegate).exists()


def test_answer_without_revision_hands_the_paper_back_to_the_team(submitted, chair_team, delegate):
    first = questions.ask_question(submission=submitted, by=chair_team, text="One?")
    second = questions.ask_question(submission=submitted, by=chair_team, text="Two?")
    questions.answer_question(question=first, by=delegate, text="Yes.")
    submitted.refresh_from_db()
    assert submitted.status == S.QUESTIONS_SENT  # one is still open
    questions.answer_question(question=second, by=delegate, text="Also yes.")
    submitted.refresh_from_db()
    assert submitted.status == S.UNDER_REVIEW


def test_only_the_submitting_delegation_answers(submitted, chair_team, other_delegate, delegate, kenya):
    question = questions.ask_question(submission=submitted, by=chair_team, text="?", include_cosponsors=True)
    cosponsor = add_cosponsor(submitted, delegation=kenya, invited_by=delegate, email="co@kenya.example")
    for person in (other_delegate, cosponsor, chair_team):
        with pytest.raises(PermissionDenied):
            questions.answer_question(question=question, by=person, text="Not mine")
    question.refresh_from_db()
    assert question.is_open


def test_a_question_is_answered_once(submitted, chair_team, delegate):
    question = questions.ask_question(submission=submitted, by=chair_team, text="?")
    questions.answer_question(question=question, by=delegate, text="First")
    with pytest.raises(ReviewError, match="already been answered"):
        questions.answer_question(question=question, by=delegate, text="Second")
    question.refresh_from_db()
    assert question.answer_text == "First"


def test_a_rejected_file_leaves_the_question_open(submitted, chair_team, delegate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from submissions.files import FileRejected

    question = questions.ask_question(submission=submitted, by=chair_team, text="?")
    before = snapshot(submitted)
    png = SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="application/pdf")
    with pytest.raises(FileRejected):
        questions.answer_question(question=question, by=delegate, text="See file", file=png)
    question.refresh_from_db()
    assert question.is_open
    assert snapshot(submitted) == before


def test_a_withdrawn_paper_takes_no_answer(submitted, chair_team, delegate):
    question = questions.ask_question(submission=submitted, by=chair_team, text="?")
    from submissions import services

    services.withdraw_submission(submission=submitted, by=delegate)
    with pytest.raises(ReviewError):
        questions.answer_question(question=question, by=delegate, text="Late", file=text_file("late"))
    assert submitted.versions.count() == 1


# --- Internal notes ----------------------------------------------------------------------


def test_notes_are_internal(submitted, chair_team, delegate):
    note = notes.add_note(submission=submitted, by=chair_team, text="Ask the legal office.")
    event = Event.objects.get(kind="note_added")
    assert event.internal
    assert AuditEntry.objects.filter(action="note.added").exists()
    assert not Message.objects.filter(event__startswith="note").exists()
    assert note.text == "Ask the legal office."
    with pytest.raises(TransitionNotAllowed):
        notes.add_note(submission=submitted, by=delegate, text="Let me in")


def test_no_notes_on_drafts(draft, secretariat):
    with pytest.raises(ReviewError):
        notes.add_note(submission=draft, by=secretariat, text="Peeking")


def test_the_table_refuses_questions_for_the_answer_path(submitted, delegate):
    assert not workflow.is_allowed(delegate, submitted, S.QUESTIONS_SENT, via="ask_question")
