"""The workflow's pages through the test client: who reaches them, what they show, what they do."""

import re

import pytest
from django.urls import reverse

from notifications.models import Message
from publication.models import Publication
from review import notes, publishing, questions, workflow
from submissions import services
from submissions.models import Submission
from tests.factories import DelegateFactory, pdf_upload

from .workflow_helpers import add_cosponsor, text_file

S = Submission.Status
ROLES = ("anonymous", "delegate", "cosponsor", "chair_team", "secretariat", "admin_user")
REVIEWERS = {"chair_team", "secretariat", "admin_user"}
SECRETARIAT = {"secretariat", "admin_user"}


@pytest.fixture
def paper(submitted, delegate, kenya, django_capture_on_commit_callbacks):
    """A submitted paper with two indexed versions and an accepted co-sponsor."""
    with django_capture_on_commit_callbacks(execute=True):
        services.add_version(
            submission=submitted, by=delegate, file=text_file("Capacity building for all.\nSecond line."), language="en"
        )
    add_cosponsor(submitted, delegation=kenya, invited_by=delegate)
    submitted.refresh_from_db()
    return submitted


def person(request, role):
    if role == "anonymous":
        return None
    if role == "cosponsor":
        from delegations.models import Delegation

        return DelegateFactory._meta.model.objects.get(
            email="cosponsor@kenya.example", delegation=Delegation.objects.get(name="Kenya")
        )
    return request.getfixturevalue(role)


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


def pages(paper):
    versions = list(paper.versions.all())
    return [
        ("get", reverse("review:detail", args=[paper.public_id]), REVIEWERS),
        (
            "get",
            reverse("review:diff", args=[paper.public_id]) + f"?a={versions[0].public_id}&b={versions[1].public_id}",
            REVIEWERS,
        ),
        ("get", reverse("review:version_text", args=[versions[0].public_id]), REVIEWERS),
        ("get", reverse("review:audit_log"), REVIEWERS),
        ("get", reverse("review:decisions"), SECRETARIAT),
        ("get", reverse("review:record_emailed"), SECRETARIAT),
        ("post", reverse("review:change_status", args=[paper.public_id]), REVIEWERS),
        ("post", reverse("review:ask_question", args=[paper.public_id]), REVIEWERS),
        ("post", reverse("review:add_note", args=[paper.public_id]), REVIEWERS),
        ("post", reverse("review:record_decision", args=[paper.public_id]), REVIEWERS),
        ("post", reverse("review:announce_decisions"), SECRETARIAT),
        ("post", reverse("review:publish", args=[paper.public_id]), SECRETARIAT),
        ("post", reverse("review:unpublish", args=[paper.public_id]), SECRETARIAT),
        ("post", reverse("review:set_un_symbol", args=[paper.public_id]), SECRETARIAT),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_who_reaches_each_page(request, client, paper, role, chair_team, secretariat, admin_user):
    user = person(request, role)
    as_(client, user)
    for method, url, allowed in pages(paper):
        response = getattr(client, method)(url)
        if user is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif role in allowed:
            assert response.status_code in (200, 302), (url, response.status_code)
            if response.status_code == 302:
                assert "/accounts/login/" not in response["Location"]
        else:
            assert response.status_code == 403, (url, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_answer_a_question(request, client, paper, chair_team, role, secretariat, admin_user):
    question = questions.ask_question(submission=paper, by=chair_team, text="Why?", include_cosponsors=True)
    user = person(request, role)
    response = as_(client, user).get(reverse("review:answer_question", args=[question.pk]))
    expected = {"anonymous": 302, "delegate": 200, "cosponsor": 404}.get(role, 403)
    assert response.status_code == expected


def test_the_detail_page_shows_everything(client, paper, chair_team, secretariat):
    questions.ask_question(submission=paper, by=chair_team, text="Which partners?")
    notes.add_note(submission=paper, by=chair_team, text="Legal office consulted")
    workflow.record_decision(submission=paper, outcome="accept", by=chair_team, comment="Good")
    page = as_(client, secretariat).get(reverse("review:detail", args=[paper.public_id])).content.decode()
    for text in (
        paper.title,
        "Version 2",
        "paper.pdf",
        "Kenya",
        "Which partners?",
        "Legal office consulted",
        "Decision not yet announced",
        "Internal note added",  # internal events are in the reviewer's history
        "Capacity building for all.",  # the text preview
        "Compare two versions",
        "Announce this decision now",
        'data-state="indexed"',
        reverse("submissions:download", args=[paper.versions.first().public_id]),
    ):
        assert text in page, text


def test_only_allowed_actions_are_offered(client, paper, chair_team, secretariat):
    url = reverse("review:detail", args=[paper.public_id])
    page = as_(client, chair_team).get(url).content.decode()
    assert "Start the review" in page and "Reopen the review" not in page
    assert "Announce this decision" not in page and reverse("review:publish", args=[paper.public_id]) not in page
    workflow.record_decision(submission=paper, outcome="accept", by=secretariat, announce=True)
    page = as_(client, chair_team).get(url).content.decode()
    assert "Start the review" not in page and "Reopen the review" not in page
    assert reverse("review:publish", args=[paper.public_id]) not in page
    page = as_(client, secretariat).get(url).content.decode()
    assert "Reopen the review" in page and reverse("review:publish", args=[paper.public_id]) in page


def test_the_detail_page_costs_the_same_whatever_the_history(
    client, paper, chair_team, secretariat, delegate, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    url = reverse("review:detail", args=[paper.public_id])
    client.get(url)  # warm caches (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(6):
        question = questions.ask_question(submission=paper, by=chair_team, text=f"Question {n}")
        with django_capture_on_commit_callbacks(execute=True):
            questions.answer_question(question=question, by=delegate, text="Answer", file=text_file(f"Revision {n}"))
        notes.add_note(submission=paper, by=secretariat, text=f"Note {n}")
        workflow.change_status(submission=paper, to=S.UNDER_REVIEW, by=chair_team)
    paper.refresh_from_db()
    assert paper.version_count == 8
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_notes_and_pending_decisions_never_reach_delegates(client, paper, chair_team, delegate, kenya):
    notes.add_note(submission=paper, by=chair_team, text="Secret remark about the paper")
    workflow.record_decision(submission=paper, outcome="not_accept", by=chair_team, comment="Too vague, sadly")
    for user in (delegate, person_of(kenya)):
        page = as_(client, user).get(reverse("submissions:detail", args=[paper.public_id])).content.decode()
        assert "Secret remark" not in page
        assert "Internal note" not in page
        assert "Too vague" not in page and "Not accepted" not in page and "Decision" not in page


def person_of(delegation):
    return delegation.members.get()


def test_the_delegate_answers_on_the_paper_page_with_a_revision(client, paper, chair_team, delegate, kenya):
    hidden = questions.ask_question(submission=paper, by=chair_team, text="Only for Singapore")
    shared = questions.ask_question(submission=paper, by=chair_team, text="For all sponsors", include_cosponsors=True)
    page = as_(client, delegate).get(reverse("submissions:detail", args=[paper.public_id])).content.decode()
    assert "Questions from the Chair" in page and "Only for Singapore" in page and "For all sponsors" in page
    assert reverse("review:answer_question", args=[hidden.pk]) in page

    cosponsor_page = as_(client, person_of(kenya)).get(reverse("submissions:detail", args=[paper.public_id]))
    cosponsor_page = cosponsor_page.content.decode()
    assert "For all sponsors" in cosponsor_page and "Only for Singapore" not in cosponsor_page
    assert "Send the answer" not in cosponsor_page

    client.force_login(delegate)
    response = client.post(
        reverse("review:answer_question", args=[hidden.pk]),
        {
            f"q{hidden.pk}-text": "Here it is",
            f"q{hidden.pk}-file": pdf_upload("v3.pdf"),
            f"q{hidden.pk}-language": "en",
        },
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    hidden.refresh_from_db()
    assert paper.version_count == 3 and hidden.answer_version.number == 3
    assert paper.status == S.QUESTIONS_SENT or paper.status == S.REVISED
    assert Message.objects.filter(event="question.answered").exists()
    assert shared.is_open


def test_an_answer_without_text_is_refused_with_the_form(client, paper, chair_team, delegate):
    question = questions.ask_question(submission=paper, by=chair_team, text="?")
    client.force_login(delegate)
    response = client.post(reverse("review:answer_question", args=[question.pk]), {f"q{question.pk}-text": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    question.refresh_from_db()
    assert question.is_open


def test_the_diff_marks_insertions_and_deletions(
    client, paper, secretariat, delegate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_version(
            submission=paper,
            by=delegate,
            file=text_file("Capacity building for every State.\nSecond line."),
            language="en",
        )
    old, new = list(paper.versions.all())[1:]
    client.force_login(secretariat)
    page = client.get(
        reverse("review:diff", args=[paper.public_id]) + f"?a={old.public_id}&b={new.public_id}"
    ).content.decode()
    assert re.search(r"<del>.*all\..*</del>", page)
    assert re.search(r"<ins>.*every State\..*</ins>", page)
    assert "removed:" in page and "added:" in page  # said in words, not only in colour
    # By default the two latest versions.
    assert (
        "What changed from version 2 to version 3"
        in client.get(reverse("review:diff", args=[paper.public_id])).content.decode()
    )


def test_the_diff_waits_for_indexing(client, submitted, secretariat, delegate):
    services.add_version(submission=submitted, by=delegate, file=text_file("not yet indexed"), language="en")
    client.force_login(secretariat)
    page = client.get(reverse("review:diff", args=[submitted.public_id])).content.decode()
    assert "not indexed yet" in page


def test_a_refused_transition_is_a_message_not_an_error(client, paper, chair_team):
    client.force_login(chair_team)
    response = client.post(reverse("review:change_status", args=[paper.public_id]), {"to": S.PUBLISHED}, follow=True)
    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    paper.refresh_from_db()
    assert paper.status == S.SUBMITTED


def test_the_team_works_through_the_pages(client, paper, chair_team, secretariat, delegate):
    client.force_login(chair_team)
    detail = reverse("review:detail", args=[paper.public_id])
    client.post(reverse("review:change_status", args=[paper.public_id]), {"to": S.UNDER_REVIEW, "comment": "Mine"})
    client.post(reverse("review:ask_question", args=[paper.public_id]), {"text": "What budget?"})
    client.post(reverse("review:add_note", args=[paper.public_id]), {"text": "Looks solid"})
    paper.refresh_from_db()
    assert paper.status == S.QUESTIONS_SENT
    client.post(reverse("review:record_decision", args=[paper.public_id]), {"outcome": "accept", "comment": "Fine"})
    paper.refresh_from_db()
    assert paper.status == S.QUESTIONS_SENT  # pending: nothing visible moved

    client.force_login(secretariat)
    page = client.get(reverse("review:decisions")).content.decode()
    assert paper.title in page
    response = client.post(reverse("review:announce_decisions"), {"submission": [str(paper.public_id)]}, follow=True)
    assert "1 decision announced;" in response.content.decode()
    paper.refresh_from_db()
    assert paper.status == S.ACCEPTED

    versions = {f"version_{v.language}": str(v.public_id) for v in paper.versions.all()}
    response = client.post(
        reverse("review:publish", args=[paper.public_id]), {**versions, "un_symbol": ""}, follow=True
    )
    publication = Publication.objects.get()
    assert f"Published as {publication.reference}" in response.content.decode()
    assert list(publication.versions.all()) == [paper.versions.last()]  # the latest per language

    client.post(reverse("review:set_un_symbol", args=[paper.public_id]), {"un_symbol": "A/AC.292/2025/4"})
    client.post(reverse("review:unpublish", args=[paper.public_id]), {"reason": "Wrong file"})
    publication.refresh_from_db()
    assert publication.un_symbol == "A/AC.292/2025/4" and not publication.is_published
    assert client.get(detail).status_code == 200

    page = as_(client, delegate).get(reverse("submissions:detail", args=[paper.public_id])).content.decode()
    assert "Decision of the Chair" in page and "Fine" in page


def test_the_publication_shows_on_the_delegate_page(client, paper, secretariat, delegate):
    workflow.record_decision(submission=paper, outcome="accept", by=secretariat, announce=True)
    publication = publishing.publish(
        submission=paper, by=secretariat, versions=[paper.versions.last()], un_symbol="A/AC.292/2025/9"
    )
    page = as_(client, delegate).get(reverse("submissions:detail", args=[paper.public_id])).content.decode()
    assert publication.reference in page and "A/AC.292/2025/9" in page


def test_the_secretariat_records_a_paper_received_by_email(client, secretariat, session, sub_item, singapore, delegate):
    client.force_login(secretariat)
    response = client.post(
        reverse("review:record_emailed"),
        {
            "delegation": singapore.pk,
            "received_at": "2024-01-05T10:30",
            "title": "Paper sent by email",
            "kind": "concept_paper",
            "session": session.pk,
            "sub_items": [sub_item.pk],
            "original_language": "en",
            "summary": "",
            "file": pdf_upload("emailed.pdf"),
        },
    )
    paper = Submission.objects.get(title="Paper sent by email")
    assert response.status_code == 302 and response["Location"] == reverse("review:detail", args=[paper.public_id])
    assert paper.status == S.SUBMITTED and paper.delegation == singapore and paper.created_by == secretariat
    assert Message.objects.filter(event="submission.received", to_email=delegate.email).exists()
    # Its delegates see it and may revise it.
    page = as_(client, delegate).get(reverse("submissions:detail", args=[paper.public_id]))
    assert page.status_code == 200 and "Upload a revision" in page.content.decode()


def test_a_paper_cannot_be_received_in_the_future(client, secretariat, session, sub_item, singapore):
    client.force_login(secretariat)
    response = client.post(
        reverse("review:record_emailed"),
        {
            "delegation": singapore.pk,
            "received_at": "2099-01-01T10:00",
            "title": "From the future",
            "kind": "concept_paper",
            "session": session.pk,
            "sub_items": [sub_item.pk],
            "original_language": "en",
            "file": pdf_upload(),
        },
    )
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    assert not Submission.objects.filter(title="From the future").exists()


def test_text_diff_keeps_paragraphs_and_counts_words():
    from review.diff import text_diff

    old = "Intro stays.\nOffers are matched by the Secretariat.\n" + "\n".join(f"Line {n}" for n in range(10))
    new = "Intro stays.\nOffers are matched by a fund.\n" + "\n".join(f"Line {n}" for n in range(10)) + "\nA new end."
    result = text_diff(old, new)
    kinds = [block.kind for block in result.blocks]
    assert kinds[:2] == ["equal", "replace"] and "skipped" in kinds and kinds[-1] == "insert"
    assert (result.words_added, result.words_removed) == (5, 2)
    replaced = result.blocks[1].segments
    assert [(s.kind, s.text) for s in replaced] == [
        ("equal", "Offers are matched by"),
        ("delete", "the Secretariat."),
        ("insert", "a fund."),
    ]
    assert not text_diff("Same text.", "Same   text.").changed


def test_the_paper_is_assigned_from_its_page(client, paper, chair_team, secretariat):
    client.force_login(secretariat)
    detail = reverse("review:detail", args=[paper.public_id])
    assert f'<option value="{chair_team.pk}"' in client.get(detail).content.decode()
    response = client.post(
        reverse("review:bulk"),
        {"action": "assign", "selected": [str(paper.public_id)], "assign_to": str(chair_team.pk), "next": detail},
    )
    assert response["Location"] == detail
    paper.refresh_from_db()
    assert paper.assigned_to == chair_team
