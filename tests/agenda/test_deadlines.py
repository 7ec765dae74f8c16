import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.models import DeadlineExtension
from audit.models import AuditEntry
from tests.factories import SessionFactory


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_secretariat_extends_one_delegations_deadline_and_it_can_submit(client, secretariat, draft, delegate):
    session = draft.session
    session.submission_deadline = timezone.now() - datetime.timedelta(days=1)
    session.save()
    client.force_login(secretariat)
    until = timezone.now() + datetime.timedelta(days=2)
    response = client.post(
        reverse("agenda:grant_extension"),
        {
            "session": session.pk,
            "delegation": delegate.delegation.pk,
            "deadline": local_input(until),
            "reason": "Late translation",
        },
    )
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(session=session, delegation=delegate.delegation)
    assert extension.granted_by == secretariat
    assert AuditEntry.objects.filter(action="deadline.extended", actor=secretariat).exists()
    page = client.get(reverse("agenda:sessions")).content.decode()
    assert "Late translation" in page

    client.force_login(delegate)
    client.post(reverse("submissions:submit", args=[draft.public_id]))
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_an_extension_before_the_deadline_is_refused_with_a_message(client, secretariat, session, kenya):
    client.force_login(secretariat)
    too_early = session.submission_deadline - datetime.timedelta(days=1)
    response = client.post(
        reverse("agenda:grant_extension"),
        {"session": session.pk, "delegation": kenya.pk, "deadline": local_input(too_early)},
        follow=True,
    )
    assert "must end after the session" in response.content.decode()
    assert not DeadlineExtension.objects.exists()


def test_the_secretariat_changes_a_sessions_deadline(client, secretariat, session):
    client.force_login(secretariat)
    new = (timezone.now() + datetime.timedelta(days=30)).replace(second=0, microsecond=0)
    client.post(reverse("agenda:set_deadline", args=[session.pk]), {"deadline": local_input(new)})
    session.refresh_from_db()
    assert session.submission_deadline == new


def test_removing_an_extension_closes_the_session_again(client, secretariat, session, kenya):
    extension = DeadlineExtension.objects.create(
        session=session, delegation=kenya, deadline=session.submission_deadline + datetime.timedelta(days=3)
    )
    client.force_login(secretariat)
    client.post(reverse("agenda:revoke_extension", args=[extension.pk]))
    assert not DeadlineExtension.objects.exists()
    assert not session.is_open_for(kenya, now=session.submission_deadline + datetime.timedelta(days=1))


def test_the_page_costs_the_same_whatever_the_number_of_sessions(
    client, secretariat, session, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretariat)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("agenda:sessions"))
    for _ in range(10):
        SessionFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("agenda:sessions"))
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("delegate", 403), ("chair_team", 403), ("secretariat", 200), ("admin_user", 200)],
)
def test_only_the_secretariat_manages_deadlines(client, request, role, expected, session):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("agenda:sessions")).status_code == expected
    post = client.post(reverse("agenda:set_deadline", args=[session.pk]), {"deadline": "2030-01-01T18:00"})
    assert post.status_code == (302 if expected == 200 or role == "anonymous" else expected)
    session.refresh_from_db()
    assert (session.submission_deadline.year == 2030) == (expected == 200)
