"""The audit log page: every action, filterable, paginated, read-only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from review import notes, questions, workflow
from review.views.audit import PAGE_SIZE


@pytest.fixture
def history(submitted, chair_team, secretariat):
    questions.ask_question(submission=submitted, by=chair_team, text="Why?")
    notes.add_note(submission=submitted, by=secretariat, text="Noted")
    workflow.record_decision(submission=submitted, outcome="accept", by=secretariat, announce=True)
    return submitted


def rows(response) -> list[str]:
    return [entry.action for entry in response.context["page"]]


def test_every_action_is_listed_newest_first(client, history, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("review:audit_log"))
    assert response.status_code == 200
    public = AuditEntry.objects.filter(private=False).order_by("-at", "-id")
    assert rows(response) == list(public.values_list("action", flat=True))
    assert {"submission.submitted", "question.asked", "note.added", "decision.announced"} <= set(rows(response))


def test_filter_by_person_action_object_and_date(client, history, chair_team, secretariat, delegate):
    client.force_login(chair_team)
    url = reverse("review:audit_log")
    assert rows(client.get(url, {"actor": chair_team.pk})) == ["question.asked"]
    assert rows(client.get(url, {"action": "note.added"})) == ["note.added"]
    assert set(rows(client.get(url, {"actor": delegate.pk}))) >= {"submission.submitted"}
    by_reference = rows(client.get(url, {"object": history.reference}))
    assert "question.asked" in by_reference and "submission.submitted" in by_reference
    assert rows(client.get(url, {"object": "no such paper"})) == []
    today = timezone.localdate()
    assert len(rows(client.get(url, {"date_from": today.isoformat(), "date_to": today.isoformat()}))) == (
        AuditEntry.objects.filter(private=False).count()
    )
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert rows(client.get(url, {"date_from": tomorrow})) == []


def test_pages_keep_the_filter(client, secretariat, submitted):
    for n in range(PAGE_SIZE + 5):
        notes.add_note(submission=submitted, by=secretariat, text=f"Note {n}")
    client.force_login(secretariat)
    first = client.get(reverse("review:audit_log"), {"action": "note.added"})
    assert len(rows(first)) == PAGE_SIZE
    assert "action=note.added&amp;page=2" in first.content.decode()
    second = client.get(reverse("review:audit_log"), {"action": "note.added", "page": 2})
    assert len(rows(second)) == 5


def test_nobody_edits_the_log(client, history, admin_user):
    client.force_login(admin_user)
    before = AuditEntry.objects.count()
    assert client.post(reverse("review:audit_log"), {"action": "x"}).status_code == 405
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(action="forged")
    assert AuditEntry.objects.count() == before


def test_the_page_costs_the_same_for_many_entries(client, secretariat, submitted):
    client.force_login(secretariat)
    client.get(reverse("review:audit_log"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("review:audit_log"))
    for n in range(30):
        notes.add_note(submission=submitted, by=secretariat, text=f"Note {n}")
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("review:audit_log"))
    assert len(large) == len(small)


@pytest.mark.parametrize("role,status", [("delegate", 403), ("chair_team", 200), ("secretariat", 200)])
def test_who_reads_the_log(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("review:audit_log")).status_code == status


def test_what_a_delegation_did_to_its_draft_stays_out_of_the_reviewers_audit_log(
    client, delegate, kenya, session, sub_item, chair_team, secretariat, admin_user
):
    from submissions import services

    from ..factories import pdf_upload

    draft = services.create_submission(
        by=delegate, title="Secret draft on quantum keys", session=session, sub_items=[sub_item], file=pdf_upload()
    )
    services.invite_cosponsor(submission=draft, delegation=kenya, by=delegate)
    services.update_draft(submission=draft, by=delegate, title="Secret draft, second thoughts")
    for reviewer in (chair_team, secretariat):
        client.force_login(reviewer)
        page = client.get(reverse("review:audit_log")).content.decode()
        assert "Secret draft" not in page and "paper.pdf" not in page and "Kenya" not in page
        assert rows(client.get(reverse("review:audit_log"), {"object": "Secret"})) == []
        assert "submission.created" not in client.get(reverse("review:audit_log")).context["form"].fields[
            "action"
        ].widget.render("action", "")
    client.force_login(admin_user)
    assert "Secret draft" in client.get(reverse("review:audit_log")).content.decode()
    services.submit_submission(submission=draft, by=delegate)
    client.force_login(secretariat)
    assert "submission.submitted" in rows(client.get(reverse("review:audit_log")))


def test_a_deleted_draft_leaves_nothing_for_the_reviewers_to_read(client, draft, delegate, secretariat):
    from submissions import services

    services.discard_draft(submission=draft, by=delegate)
    client.force_login(secretariat)
    assert rows(client.get(reverse("review:audit_log"))) == []
