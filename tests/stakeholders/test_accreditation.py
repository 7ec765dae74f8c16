"""Accreditation: each step is audited and told; objections are seen as far as the round's setting says."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry
from common.errors import Conflict
from delegations.models import Delegation
from notifications.models import Message
from stakeholders import services
from stakeholders.models import Application, Round
from stakeholders.tasks import close_due_rounds
from tests.factories import DelegateFactory

from .conftest import make_application


def _end_period(round_):
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))


@pytest.mark.django_db
def test_a_confirmed_application_reaches_the_secretariat_and_the_applicant_is_told(secretariat, france):
    application = make_application(france, confirm=False)
    assert not Message.objects.exists()
    application = services.confirm_email(token=services.confirmation_token(application))
    assert application.status == Application.Status.RECEIVED
    to = set(Message.objects.values_list("to_email", "kind"))
    assert to == {("contact@cpn.example", "applicant_received"), (secretariat.email, "application_new")}
    # A second click is harmless: nobody is told twice.
    services.confirm_email(token=services.confirmation_token(application))
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_a_forged_confirmation_link_is_refused(db):
    with pytest.raises(services.AccreditationRefused):
        services.confirm_email(token="00000000-0000-0000-0000-000000000000:forged")


@pytest.mark.django_db
def test_the_secretariat_accredits_an_organisation_with_ecosoc_status_whose_contact_gets_an_account(
    secretariat, france, mailoutbox, django_capture_on_commit_callbacks
):
    application = make_application(france, ecosoc=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_ecosoc(application=application, by=secretariat, accredit=True)
    # The contact chooses a password from a link to the portal's own address (no request needed).
    links = [m for m in mailoutbox if "http://127.0.0.1:8000/accounts/password/reset/" in m.body]
    assert [m.to for m in links] == [["contact@cpn.example"]]
    application.refresh_from_db()
    assert application.status == Application.Status.ACCREDITED
    assert application.organisation.kind == Delegation.Kind.STAKEHOLDER
    contact = User.objects.get(email="contact@cpn.example")
    assert contact.role == User.Role.FOCAL_POINT and contact.delegation == application.organisation
    assert Message.objects.filter(kind="applicant_accredited", recipient=contact).exists()
    assert AuditEntry.objects.filter(action="stakeholders.accredited", object_id=str(application.pk)).exists()


@pytest.mark.django_db
def test_an_ecosoc_refusal_needs_a_reason_the_applicant_reads(secretariat, france):
    application = make_application(france, ecosoc=True)
    with pytest.raises(services.AccreditationRefused):
        services.decide_ecosoc(application=application, by=secretariat, accredit=False)
    services.decide_ecosoc(application=application, by=secretariat, accredit=False, reason="No such status found.")
    message = Message.objects.get(kind="applicant_not_accredited")
    assert "No such status found." in message.body_text


@pytest.mark.django_db
def test_an_application_without_ecosoc_status_is_never_decided_alone(secretariat, france):
    application = make_application(france)
    with pytest.raises(Conflict):
        services.decide_ecosoc(application=application, by=secretariat, accredit=True)


@pytest.mark.django_db
def test_the_round_ends_by_the_management_command_with_each_applicant_told(open_round, kenya_focal_point):
    round_, first, second = open_round
    services.object_to(application=second, by=kenya_focal_point, basis="")
    with pytest.raises(Conflict):
        services.close_round(round_=round_)
    _end_period(round_)
    call_command("close_accreditation_rounds")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Application.Status.ACCREDITED, Application.Status.NOT_ACCREDITED)
    assert Message.objects.filter(kind="round_closed").exists()
    # Run again (beat and a request at once): nothing happens twice.
    assert close_due_rounds() == 0
    assert Message.objects.filter(kind="applicant_accredited").count() == 1


@pytest.mark.django_db
def test_the_beat_task_closes_ended_rounds(open_round):
    round_, first, _second = open_round
    assert close_due_rounds() == 0
    _end_period(round_)
    assert close_due_rounds.delay().get() == 1
    first.refresh_from_db()
    assert first.status == Application.Status.ACCREDITED


@pytest.mark.django_db
def test_a_state_objects_once(open_round, kenya_focal_point):
    _round, first, _second = open_round
    services.object_to(application=first, by=kenya_focal_point, basis="Basis")
    with pytest.raises(Conflict):
        services.object_to(application=first, by=kenya_focal_point, basis="Again")
    assert Message.objects.filter(kind="objection_recorded").exists()


@pytest.mark.django_db
def test_a_withdrawn_application_leaves_the_round_and_is_not_accredited(open_round, secretariat):
    round_, first, _second = open_round
    services.withdraw(application=first, by=secretariat, reason="The organisation asked us to.")
    _end_period(round_)
    close_due_rounds()
    first.refresh_from_db()
    assert first.status == Application.Status.WITHDRAWN
    assert Message.objects.filter(kind="applicant_withdrawn", to_email="contact@cpn.example").exists()


def _circulated_page(client, person):
    client.force_login(person)
    return client.get("/stakeholders/circulated/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "visibility,others_see,public_sees",
    [("secretariat", False, False), ("delegations", True, False), ("public", True, True)],
)
def test_objections_are_shown_as_far_as_the_round_says(
    client,
    secretariat,
    france,
    kenya,
    kenya_focal_point,
    singapore_focal_point,
    stakeholder,
    visibility,
    others_see,
    public_sees,
):
    application = make_application(france)
    services.open_round(
        by=secretariat, title="Round", period_days=14, visibility=visibility, applications=[application]
    )
    services.object_to(application=application, by=kenya_focal_point, basis="A reasoned basis")
    # Kenya always sees its own objection; Singapore only when the round shows them.
    assert "A reasoned basis" in _circulated_page(client, kenya_focal_point)
    assert ("A reasoned basis" in _circulated_page(client, singapore_focal_point)) == others_see
    # A stakeholder never sees the circulated list, whatever the setting.
    client.force_login(stakeholder)
    assert client.get("/stakeholders/circulated/").status_code == 403
    # The public list (anyone, stakeholders included) names the objecting State only if the round publishes.
    for person in (None, stakeholder):
        client.logout()
        if person:
            client.force_login(person)
        page = client.get("/stakeholders/accredited/").content.decode()
        assert ("A reasoned basis" in page) == public_sees
        assert ("Kenya" in page) == public_sees


@pytest.mark.django_db
def test_the_public_list_shows_name_and_country_only(client, open_round):
    round_, _first, _second = open_round
    _end_period(round_)
    page = client.get("/stakeholders/accredited/").content.decode()
    assert "Cyber Peace Network" in page and "France" in page
    for private in ("contact@cpn.example", "Ada Contact", "We train incident responders", "https://cpn.example"):
        assert private not in page


@pytest.mark.django_db
def test_unconfirmed_and_pending_applications_are_not_public(client, france, secretariat):
    make_application(france, confirm=False)
    make_application(france, name="Pending Org", email="p@org.example")
    page = client.get("/stakeholders/accredited/").content.decode()
    assert "Cyber Peace Network" not in page and "Pending Org" not in page


@pytest.mark.django_db
def test_the_secretariat_reads_each_applications_history(client, open_round, secretariat, kenya_focal_point):
    round_, _first, second = open_round
    services.object_to(application=second, by=kenya_focal_point, basis="Our basis")
    _end_period(round_)
    client.force_login(secretariat)
    page = client.get(f"/stakeholders/applications/{second.public_id}/").content.decode()
    for step in ("Applied through the public form", "Circulated to States", "A State objected", "Not accredited"):
        assert step in page
    assert "Our basis" in page


@pytest.mark.django_db
def test_an_accredited_organisations_focal_point_manages_its_members(client, stakeholder):
    client.force_login(stakeholder)
    response = client.post(
        "/accounts/delegation/", {"email": "colleague@ngo.example", "full_name": "A Colleague", "role": "delegate"}
    )
    assert response.status_code in (200, 302)
    colleague = User.objects.get(email="colleague@ngo.example")
    assert colleague.delegation == stakeholder.delegation


@pytest.mark.django_db
def test_a_stakeholder_submits_a_written_input_never_a_states_paper(client, stakeholder, session, sub_item, kenya):
    from submissions.forms import NewSubmissionForm

    form = NewSubmissionForm(delegation=stakeholder.delegation)
    assert [value for value, _label in form.fields["kind"].choices if value] == ["written_input"]
    assert not form.fields["cosponsors"].queryset.exists()
    # And a State cannot invite a stakeholder organisation to co-sponsor its paper.
    state_form = NewSubmissionForm(delegation=kenya)
    assert stakeholder.delegation not in state_form.fields["cosponsors"].queryset


@pytest.mark.django_db
def test_a_stakeholders_delegation_is_not_a_states(stakeholder, kenya_focal_point):
    import rules

    assert rules.has_perm("stakeholders.take_part", stakeholder)
    assert not rules.has_perm("stakeholders.take_part", kenya_focal_point)
    assert not rules.has_perm("stakeholders.object_to_application", stakeholder)
    assert not rules.has_perm("stakeholders.view_circulated_list", stakeholder)


@pytest.mark.django_db
def test_a_late_confirmation_link_has_expired(france):
    application = make_application(france, confirm=False)
    token = services.confirmation_token(application)
    with pytest.raises(services.AccreditationRefused):
        from unittest import mock

        with mock.patch("django.core.signing.time.time", return_value=timezone.now().timestamp() + 8 * 86400):
            services.confirm_email(token=token)


@pytest.mark.django_db
def test_states_focal_points_are_told_when_a_round_opens(secretariat, france, kenya_focal_point):
    delegate = DelegateFactory(delegation=kenya_focal_point.delegation)
    services.open_round(
        by=secretariat, title="R", period_days=7, visibility="secretariat", applications=[make_application(france)]
    )
    assert Message.objects.filter(kind="round_opened", recipient=kenya_focal_point).exists()
    assert not Message.objects.filter(kind="round_opened", recipient=delegate).exists()


@pytest.mark.django_db
def test_an_applicant_whose_link_cannot_be_sent_is_told_to_try_again(client, france):
    from unittest import mock

    data = {
        "name": "Cyber Peace Network",
        "kind": "ngo",
        "country": france.pk,
        "statement": "We train incident responders.",
        "contact_name": "Ada Contact",
        "contact_email": "ada@cpn.example",
        "consent": "on",
    }
    with mock.patch("django.core.mail.send_mail", side_effect=ConnectionRefusedError):
        response = client.post("/stakeholders/apply/", data)
    assert response.status_code == 200
    assert "could not be sent just now" in response.content.decode()


@pytest.mark.django_db
def test_the_outbox_and_my_messages_list_the_stakeholder_notices(client, kenya_focal_point, secretariat, open_round):
    _round, first, _second = open_round
    services.object_to(application=first, by=kenya_focal_point, basis="")
    client.force_login(secretariat)
    outbox = client.get("/notifications/outbox/").content.decode()
    assert "Objection to the accreditation of Cyber Peace Network" in outbox
    client.force_login(kenya_focal_point)
    mine = client.get("/notifications/messages/").content.decode()
    assert "Applicants for accreditation circulated for non-objection until" in mine


@pytest.mark.django_db
def test_a_contact_who_already_has_an_account_is_not_given_a_second_one(client, secretariat, france):
    from tests.factories import UserFactory

    UserFactory(email="contact@cpn.example")
    application = make_application(france, ecosoc=True)
    services.decide_ecosoc(application=application, by=secretariat, accredit=True)
    client.force_login(secretariat)
    page = client.get(f"/stakeholders/applications/{application.public_id}/").content.decode()
    assert "No account was created" in page
    assert User.objects.filter(email="contact@cpn.example").count() == 1
