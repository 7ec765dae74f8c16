import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agenda import services as agenda_services
from agenda.models import AgendaItem, Body, DeadlineExtension, Session
from audit.models import AuditEntry
from delegations.models import Delegation
from submissions import services
from submissions.models import Submission

APPS = {"accounts", "delegations", "agenda", "audit", "submissions"}


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def site_admin(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def portal_data(submitted, kenya, other_delegate, delegate, secretariat):
    """A submitted paper with a co-sponsor, an extension and their audit entries."""
    invitation = services.invite_cosponsor(submission=submitted, delegation=kenya, by=delegate)
    services.respond_to_invitation(invitation=invitation, by=other_delegate, accept=True)
    DeadlineExtension.objects.create(
        session=submitted.session,
        delegation=kenya,
        deadline=timezone.now() + datetime.timedelta(days=3),
        reason="Capital's clearance delayed",
        granted_by=secretariat,
    )
    return submitted


def our_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in APPS), key=lambda m: m._meta.label
    )


def test_every_model_of_the_portal_is_in_the_admin():
    assert {model._meta.label for model in our_models()} >= {
        "accounts.User",
        "delegations.Delegation",
        "agenda.Body",
        "agenda.Session",
        "agenda.AgendaItem",
        "audit.AuditEntry",
        "submissions.Submission",
    }


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_changelist_and_change_page_load_for_a_superuser(site_admin, portal_data, model):
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} to show"

    assert site_admin.get(admin_url(model, "changelist")).status_code == 200
    assert site_admin.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    assert site_admin.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_the_submission_page_shows_versions_co_sponsors_and_history(site_admin, portal_data):
    response = site_admin.get(admin_url(Submission, "change", portal_data.pk))

    page = response.content.decode()
    assert portal_data.reference in page
    assert "paper.pdf" in page
    assert reverse("submissions:download", args=[portal_data.versions.get().public_id]) in page
    assert "Kenya" in page
    assert "Submitted with reference" in page


def test_submissions_cannot_be_added_changed_or_deleted_in_the_admin(site_admin, portal_data):
    assert site_admin.get(admin_url(Submission, "add")).status_code == 403
    response = site_admin.post(admin_url(Submission, "change", portal_data.pk), {"title": "Changed"})
    assert response.status_code == 403
    assert site_admin.post(admin_url(Submission, "delete", portal_data.pk), {"post": "yes"}).status_code == 403
    portal_data.refresh_from_db()
    assert portal_data.title == "Global cooperation portal"


def test_audit_entries_cannot_be_added_changed_or_deleted(site_admin, portal_data):
    entry = AuditEntry.objects.first()
    count = AuditEntry.objects.count()

    assert site_admin.get(admin_url(AuditEntry, "add")).status_code == 403
    assert site_admin.post(admin_url(AuditEntry, "change", entry.pk), {"action": "forged"}).status_code == 403
    assert site_admin.post(admin_url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    response = site_admin.post(
        admin_url(AuditEntry, "changelist"), {"action": "delete_selected", "_selected_action": [entry.pk]}
    )
    assert response.status_code in (200, 302)

    assert AuditEntry.objects.count() == count
    entry.refresh_from_db()
    assert entry.action != "forged"
    change_page = site_admin.get(admin_url(AuditEntry, "change", entry.pk)).content.decode()
    assert 'name="_save"' not in change_page


def test_the_audit_log_filters_by_action_actor_and_date(site_admin, portal_data, delegate):
    url = admin_url(AuditEntry, "changelist")
    today = timezone.localdate()

    by_action = site_admin.get(url, {"action": "submission.submitted"})
    by_actor = site_admin.get(url, {"actor__id__exact": delegate.pk})
    by_date = site_admin.get(url, {"at__year": today.year, "at__month": today.month, "at__day": today.day})

    assert by_action.status_code == by_actor.status_code == by_date.status_code == 200
    assert by_action.context["cl"].result_count == 1
    assert by_actor.context["cl"].result_count == AuditEntry.objects.filter(actor=delegate).count()
    assert by_date.context["cl"].result_count == AuditEntry.objects.count()


def test_a_site_administrator_adds_a_person_with_email_and_password(site_admin, singapore):
    response = site_admin.post(
        admin_url(User, "add"),
        {
            "email": "New.Delegate@Singapore.example",
            "full_name": "New Delegate",
            "role": User.Role.DELEGATE,
            "delegation": singapore.pk,
            "usable_password": "true",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(email="new.delegate@singapore.example")
    assert person.check_password("a-long-unusual-passphrase")
    assert (person.role, person.delegation) == (User.Role.DELEGATE, singapore)
    assert AuditEntry.objects.filter(action="user.created", object_id=str(person.pk)).exists()


def test_the_add_form_refuses_a_delegate_without_a_delegation(site_admin):
    response = site_admin.post(
        admin_url(User, "add"),
        {
            "email": "nobody@example.org",
            "full_name": "Nobody",
            "role": User.Role.DELEGATE,
            "usable_password": "true",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="nobody@example.org").exists()


def test_the_people_list_shows_email_name_role_and_delegation(site_admin, delegate):
    response = site_admin.get(admin_url(User, "changelist"), {"role__exact": User.Role.DELEGATE})

    page = response.content.decode()
    assert delegate.email in page and delegate.full_name in page and "Singapore" in page


def test_an_extension_granted_in_the_admin_records_who_granted_it(site_admin, admin_user, session, kenya):
    url = admin_url(Session, "change", session.pk)
    deadline = timezone.localtime(session.submission_deadline) + datetime.timedelta(days=5)
    data = {
        "body": session.body.pk,
        "number": session.number,
        "title": session.title,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "submission_deadline_0": timezone.localtime(session.submission_deadline).strftime("%Y-%m-%d"),
        "submission_deadline_1": timezone.localtime(session.submission_deadline).strftime("%H:%M:%S"),
        "notes": "",
        "extensions-TOTAL_FORMS": "1",
        "extensions-INITIAL_FORMS": "0",
        "extensions-MIN_NUM_FORMS": "0",
        "extensions-MAX_NUM_FORMS": "1000",
        "extensions-0-delegation": kenya.pk,
        "extensions-0-deadline_0": deadline.strftime("%Y-%m-%d"),
        "extensions-0-deadline_1": deadline.strftime("%H:%M:%S"),
        "extensions-0-reason": "Translation delayed",
    }

    response = site_admin.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    extension = DeadlineExtension.objects.get(session=session, delegation=kenya)
    assert extension.granted_by == admin_user
    assert session.is_open_for(kenya, now=session.submission_deadline + datetime.timedelta(days=4))
    assert AuditEntry.objects.filter(action="deadline.extended", actor=admin_user).exists()


def test_a_deadline_changed_in_the_admin_is_in_the_audit_log(site_admin, admin_user, session):
    old = timezone.localtime(session.submission_deadline)
    new = old + datetime.timedelta(days=2)
    data = {
        "body": session.body.pk,
        "number": session.number,
        "title": session.title,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "submission_deadline_0": new.strftime("%Y-%m-%d"),
        "submission_deadline_1": new.strftime("%H:%M:%S"),
        "notes": "",
        "extensions-TOTAL_FORMS": "0",
        "extensions-INITIAL_FORMS": "0",
        "extensions-MIN_NUM_FORMS": "0",
        "extensions-MAX_NUM_FORMS": "1000",
    }

    response = site_admin.post(admin_url(Session, "change", session.pk), data)

    assert response.status_code == 302, response.context["errors"]
    session.refresh_from_db()
    assert session.submission_deadline == new.replace(microsecond=0)
    entry = AuditEntry.objects.get(action="deadline.changed", actor=admin_user)
    assert datetime.datetime.fromisoformat(entry.data["new"]) == session.submission_deadline
    assert datetime.datetime.fromisoformat(entry.data["old"]) == old


def test_an_extension_moved_to_another_delegation_in_the_admin_leaves_the_first_one(
    site_admin, secretariat, session, kenya, singapore
):
    later = session.submission_deadline + datetime.timedelta(days=5)
    extension = agenda_services.grant_extension(
        session=session, delegation=singapore, deadline=later, reason="Wrong one", by=secretariat
    )
    deadline = timezone.localtime(session.submission_deadline)
    data = {
        "body": session.body.pk,
        "number": session.number,
        "title": session.title,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "submission_deadline_0": deadline.strftime("%Y-%m-%d"),
        "submission_deadline_1": deadline.strftime("%H:%M:%S"),
        "notes": "",
        "extensions-TOTAL_FORMS": "1",
        "extensions-INITIAL_FORMS": "1",
        "extensions-MIN_NUM_FORMS": "0",
        "extensions-MAX_NUM_FORMS": "1000",
        "extensions-0-id": extension.pk,
        "extensions-0-session": session.pk,
        "extensions-0-delegation": kenya.pk,
        "extensions-0-deadline_0": timezone.localtime(later).strftime("%Y-%m-%d"),
        "extensions-0-deadline_1": timezone.localtime(later).strftime("%H:%M:%S"),
        "extensions-0-reason": "Kenya asked",
    }

    response = site_admin.post(admin_url(Session, "change", session.pk), data)

    assert response.status_code == 302, response.context["errors"]
    assert list(DeadlineExtension.objects.values_list("delegation__name", flat=True)) == ["Kenya"]
    assert not session.is_open_for(singapore, now=later - datetime.timedelta(hours=1))


@pytest.mark.parametrize("path", ["/admin/", "/admin/submissions/submission/", "/admin/audit/auditentry/"])
def test_a_delegate_cannot_reach_the_admin(client, delegate, path):
    client.force_login(delegate)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_reference_data_admin_pages_list_what_was_seeded(site_admin, db):
    from agenda.seed import load_reference_data

    load_reference_data()

    delegations = site_admin.get(admin_url(Delegation, "changelist"), {"kind__exact": "observer_state"})
    items = site_admin.get(admin_url(AgendaItem, "change", AgendaItem.objects.get(code="5").pk))

    assert delegations.context["cl"].result_count == 2
    assert "Capacity-building" in items.content.decode()
    assert site_admin.get(admin_url(Body, "change", Body.objects.get().pk)).status_code == 200
