"""The top of the delegate's landing page says what waits for the delegation, with the button that does it."""

import datetime
import re

import pytest
from django.utils import timezone

from review import questions, workflow
from submissions import services
from submissions.models import Submission
from tests.factories import DelegateFactory, SessionFactory, pdf_upload

LIST = "/submissions/"


def panel(response) -> str:
    html = response.content.decode()
    match = re.search(r'<section class="next-steps.*?</section>', html, re.S)
    assert match, "the landing page has no 'What to do next' panel"
    return match.group(0)


def before_the_list(response, text: str) -> bool:
    html = response.content.decode()
    return html.index(text) < html.index("<table") if "<table" in html else text in html


@pytest.mark.django_db
def test_a_question_to_answer_comes_first_with_its_button(client, submitted, delegate, chair_team):
    question = questions.ask_question(submission=submitted, by=chair_team, text="Which partners take part?")
    client.force_login(delegate)
    response = client.get(LIST)
    box = panel(response)
    assert "Answer requested" in box
    assert "Which partners take part?" in box
    assert f'href="/submissions/{submitted.public_id}/#question-{question.pk}"' in box
    assert "Answer the question" in box
    assert before_the_list(response, "Answer the question")
    # The status is worded for the delegation, not as the reviewers see it.
    assert "Questions sent" not in response.content.decode()


@pytest.mark.django_db
def test_an_answered_question_leaves_the_panel(client, submitted, delegate, chair_team):
    question = questions.ask_question(submission=submitted, by=chair_team, text="Which partners take part?")
    questions.answer_question(question=question, by=delegate, text="Five of them.")
    client.force_login(delegate)
    assert "Which partners take part?" not in panel(client.get(LIST))


@pytest.mark.django_db
def test_the_reviewers_still_read_questions_sent(client, submitted, chair_team):
    questions.ask_question(submission=submitted, by=chair_team, text="Which partners take part?")
    client.force_login(chair_team)
    html = client.get(f"/review/submissions/{submitted.public_id}/").content.decode()
    assert "Questions sent" in html and "Answer requested" not in html


@pytest.mark.django_db
def test_an_invitation_to_cosponsor_has_its_buttons(client, submitted, delegate, kenya, other_delegate):
    invitation = services.invite_cosponsor(submission=submitted, delegation=kenya, by=delegate)
    client.force_login(other_delegate)
    box = panel(client.get(LIST))
    assert "Invitation to co-sponsor" in box and submitted.title in box
    assert f'action="/invitations/{invitation.pk}/respond/"' in box
    assert 'value="accept"' in box and 'value="decline"' in box


@pytest.mark.django_db
def test_a_draft_before_its_deadline_offers_submit_and_says_how_long_is_left(client, delegate, sub_item):
    session = SessionFactory(title="Future session", submission_deadline=timezone.now() + datetime.timedelta(days=3))
    draft = services.create_submission(
        by=delegate, title="Unsent draft", session=session, sub_items=[sub_item], file=pdf_upload()
    )
    client.force_login(delegate)
    box = panel(client.get(LIST))
    assert "Draft to submit before the deadline" in box and "Unsent draft" in box
    assert f'action="/submissions/{draft.public_id}/submit/"' in box
    assert re.search(r"[23]\sdays(,\s\d+\shours?)?\sleft", box), box
    # The deadline names its zone.
    assert re.search(r"\d{2}:\d{2} (EST|EDT)", box), box


@pytest.mark.django_db
def test_a_draft_past_its_deadline_is_not_offered(client, delegate, sub_item):
    session = SessionFactory(title="Past session", submission_deadline=timezone.now() - datetime.timedelta(days=1))
    services.create_submission(by=delegate, title="Too late", session=session, sub_items=[sub_item], file=pdf_upload())
    client.force_login(delegate)
    assert "Too late" not in panel(client.get(LIST))


@pytest.mark.django_db
def test_an_announced_decision_is_there_to_read(client, submitted, delegate, secretariat):
    workflow.record_decision(submission=submitted, outcome="accept", by=secretariat, announce=True)
    client.force_login(delegate)
    box = panel(client.get(LIST))
    assert "Decision announced" in box
    assert f'href="/submissions/{submitted.public_id}/#decision"' in box
    detail = client.get(f"/submissions/{submitted.public_id}/").content.decode()
    assert 'id="decision"' in detail


@pytest.mark.django_db
def test_nothing_waiting_says_so(client, delegate):
    client.force_login(delegate)
    box = panel(client.get(LIST))
    assert "Nothing waits for your delegation" in box


@pytest.mark.django_db
def test_counts_read_as_language(client, submitted, delegate, chair_team):
    client.force_login(delegate)
    questions.ask_question(submission=submitted, by=chair_team, text="First?")
    assert "1 thing waits for your delegation." in panel(client.get(LIST))
    questions.ask_question(submission=submitted, by=chair_team, text="Second?")
    box = panel(client.get(LIST))
    assert "2 things wait for your delegation." in box and "(s)" not in box


@pytest.mark.django_db
def test_another_delegations_work_is_not_in_my_panel(client, submitted, chair_team, kenya):
    questions.ask_question(submission=submitted, by=chair_team, text="Which partners take part?")
    outsider = DelegateFactory(email="someone@kenya.example", delegation=kenya)
    client.force_login(outsider)
    assert "Which partners take part?" not in panel(client.get(LIST))


@pytest.mark.django_db
def test_the_panel_costs_the_same_whatever_waits(client, delegate, chair_team, sub_item, django_assert_max_num_queries):
    session = SessionFactory(title="Open", submission_deadline=timezone.now() + datetime.timedelta(days=3))
    for n in range(4):
        paper = services.create_submission(
            by=delegate, title=f"Paper {n}", session=session, sub_items=[sub_item], file=pdf_upload()
        )
        services.submit_submission(submission=paper, by=delegate)
        questions.ask_question(submission=paper, by=chair_team, text=f"Question {n}")
    client.force_login(delegate)
    client.get(LIST)
    with django_assert_max_num_queries(30):
        response = client.get(LIST)
    assert panel(response).count("Answer the question") == 4
    assert Submission.objects.count() == 4
