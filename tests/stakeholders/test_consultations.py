"""Informal consultations: who takes part, until when, what the team reads and exports, what the public sees."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from accounts.models import User
from common.errors import Conflict, NotAllowed
from delegations.models import Delegation
from notifications.models import Message
from stakeholders import consultations
from tests.factories import AgendaItemFactory, DelegateFactory, DelegationFactory


def _consultation(chair, **overrides):
    fields = {
        "title": "Consultation on capacity-building",
        "held_at": timezone.now() + datetime.timedelta(days=10),
        "format": "virtual",
        "sub_item": AgendaItemFactory(code="5(e)", title="Capacity-building"),
        "introduction": "Dear stakeholders",
        "deadline": timezone.now() + datetime.timedelta(days=5),
    }
    fields.update(overrides)
    return consultations.create_consultation(by=chair, questions=["Needs?", "Partners?", "Progress?"], **fields)


@pytest.fixture
def igo_member(db):
    return DelegateFactory(
        delegation=DelegationFactory(name="An IGO", kind=Delegation.Kind.IGO), role=User.Role.FOCAL_POINT
    )


@pytest.mark.django_db
def test_accredited_stakeholders_are_invited_and_igos_only_where_the_chair_chooses(chair_team, stakeholder, igo_member):
    closed = _consultation(chair_team)
    assert Message.objects.filter(kind="consultation_invitation", recipient=stakeholder).exists()
    assert not Message.objects.filter(kind="consultation_invitation", recipient=igo_member).exists()
    with pytest.raises(NotAllowed):
        consultations.register(consultation=closed, by=igo_member)
    open_to_all = _consultation(chair_team, title="Open", open_to_all=True)
    consultations.register(consultation=open_to_all, by=igo_member)
    assert open_to_all.participations.filter(organisation=igo_member.delegation).exists()


@pytest.mark.django_db
def test_after_the_deadline_no_input_is_taken(chair_team, stakeholder):
    consultation = _consultation(chair_team, deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(Conflict):
        consultations.submit_input(consultation=consultation, by=stakeholder, answers={})


@pytest.mark.django_db
def test_an_input_sent_again_replaces_the_first_and_each_is_receipted(chair_team, stakeholder):
    consultation = _consultation(chair_team)
    first_q = consultation.questions.first()
    consultations.submit_input(consultation=consultation, by=stakeholder, answers={first_q.pk: "First"})
    consultations.submit_input(consultation=consultation, by=stakeholder, answers={first_q.pk: "Second"})
    written = consultation.inputs.get()
    assert [a.text for a in written.answers.all()] == ["Second"]
    assert Message.objects.filter(kind="input_receipt", recipient=stakeholder).count() == 2
    assert Message.objects.filter(kind="input_received", recipient=chair_team).count() == 2


@pytest.mark.django_db
def test_the_csv_has_a_row_per_organisation_and_a_column_per_question(client, chair_team, stakeholder):
    consultation = _consultation(chair_team)
    questions = list(consultation.questions.all())
    consultations.submit_input(
        consultation=consultation, by=stakeholder, answers={questions[0].pk: "=HYPERLINK()", questions[2].pk: "Yes"}
    )
    client.force_login(chair_team)
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/stakeholders/consultations/{consultation.public_id}/inputs.csv").content.decode())
        )
    )
    assert rows[0][4:] == ["1. Needs?", "2. Partners?", "3. Progress?"]
    assert rows[1][0] == "Accredited NGO"
    assert rows[1][4:] == ["'=HYPERLINK()", "", "Yes"]


@pytest.mark.django_db
def test_the_team_searches_the_inputs(client, chair_team, stakeholder):
    consultation = _consultation(chair_team)
    consultations.submit_input(
        consultation=consultation, by=stakeholder, answers={consultation.questions.first().pk: "Regional hubs work."}
    )
    client.force_login(chair_team)
    url = f"/stakeholders/consultations/{consultation.public_id}/inputs/"
    assert "Regional hubs work." in client.get(url + "?q=hubs").content.decode()
    assert "Regional hubs work." not in client.get(url + "?q=satellites").content.decode()


@pytest.mark.django_db
def test_published_inputs_show_the_organisation_and_answers_but_no_person(client, chair_team, stakeholder):
    consultation = _consultation(chair_team)
    consultations.submit_input(
        consultation=consultation, by=stakeholder, answers={consultation.questions.first().pk: "Our answer."}
    )
    url = f"/stakeholders/written-inputs/{consultation.public_id}/"
    assert client.get(url).status_code == 404
    consultations.publish_inputs(consultation=consultation, by=chair_team)
    assert Message.objects.filter(kind="inputs_published", recipient=stakeholder).exists()
    page = client.get(url).content.decode()
    assert "Accredited NGO" in page and "Our answer." in page
    assert stakeholder.email not in page and stakeholder.full_name not in page
    assert consultation.title in client.get("/stakeholders/written-inputs/").content.decode()
    with pytest.raises(Conflict):
        consultations.publish_inputs(consultation=consultation, by=chair_team)
