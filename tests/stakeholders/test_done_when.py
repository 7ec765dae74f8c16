"""The issue's "Done when", walked through the pages a person uses, as one story."""

import datetime
import io
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.utils import timezone
from docx import Document

from accounts.models import User
from notifications.models import Message
from stakeholders.models import Application, Consultation, Round
from tests.factories import AgendaItemFactory, ChairTeamFactory

from .conftest import make_application


@pytest.mark.django_db
def test_an_ngo_applies_is_accredited_without_objection_and_answers_the_chairs_questions(
    client, secretariat, kenya, france, kenya_focal_point
):
    # An NGO without ECOSOC status applies through the public form and confirms its address.
    response = client.post(
        "/stakeholders/apply/",
        {
            "name": "Cyber Peace Network",
            "kind": "ngo",
            "country": france.pk,
            "website": "https://cpn.example",
            "statement": "We train incident responders.",
            "contact_name": "Ada Contact",
            "contact_email": "ada@cpn.example",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/stakeholders/apply/confirm/\?token=\S+)", mail.outbox[-1].body)
    path = link.group(1)
    assert "Confirm my email address" in client.get(path).content.decode()  # a GET does not confirm
    assert Application.objects.get().status == Application.Status.UNCONFIRMED
    client.post("/stakeholders/apply/confirm/", {"token": unquote(path.split("token=", 1)[1])})
    ngo = Application.objects.get()
    assert ngo.status == Application.Status.RECEIVED
    other = make_application(kenya, name="Digital Rights Lab", email="contact@drl.example")

    # The Secretariat opens a round with both applicants.
    client.force_login(secretariat)
    response = client.post(
        "/stakeholders/rounds/new/",
        {"title": "Round 1", "period_days": 14, "visibility": "secretariat", "applications": [ngo.pk, other.pk]},
    )
    assert response.status_code == 302
    round_ = Round.objects.get()
    assert Message.objects.filter(event="stakeholders.round_opened", to_email=kenya_focal_point.email).exists()

    # Kenya's focal point objects to the other applicant, with a basis.
    client.force_login(kenya_focal_point)
    page = client.get("/stakeholders/circulated/").content.decode()
    assert "Cyber Peace Network" in page and "Digital Rights Lab" in page
    client.post(f"/stakeholders/circulated/{other.public_id}/object/", {"basis": "Not independent of a government."})
    assert other.objections.get().basis == "Not independent of a government."

    # The period ends: the first request after it closes the round.
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    client.logout()
    page = client.get("/stakeholders/accredited/").content.decode()
    ngo.refresh_from_db()
    other.refresh_from_db()
    assert ngo.status == Application.Status.ACCREDITED
    assert other.status == Application.Status.NOT_ACCREDITED
    assert "Cyber Peace Network" in page and "Digital Rights Lab" not in page
    assert "ada@cpn.example" not in page and "Ada Contact" not in page
    # Each is told.
    told = {
        m.to_email: m.subject
        for m in Message.objects.filter(event__in=["stakeholders.accredited", "stakeholders.not_accredited"])
    }
    assert told["ada@cpn.example"] == "Your organisation is accredited"
    assert told["contact@drl.example"] == "Your application for accreditation: not accredited"
    # The NGO's contact is now its focal point, with an account of the stakeholder role.
    ada = User.objects.get(email="ada@cpn.example")
    assert ada.delegation == ngo.organisation and ada.role == User.Role.FOCAL_POINT
    assert ngo.organisation.kind == "stakeholder"

    # The Chair's team opens a consultation on 5(e) with three guiding questions.
    chair = ChairTeamFactory()
    five_e = AgendaItemFactory(code="5(e)", title="Capacity-building")
    client.force_login(chair)
    held = timezone.localtime() + datetime.timedelta(days=10)
    response = client.post(
        "/stakeholders/consultations/new/",
        {
            "title": "Informal consultation on capacity-building",
            "held_at": held.strftime("%Y-%m-%dT%H:%M"),
            "format": "virtual",
            "sub_item": five_e.pk,
            "introduction": "The Chair welcomes written answers.",
            "deadline": (held - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "questions": "What are the needs?\nWhich partnerships work?\nHow to measure progress?",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    consultation = Consultation.objects.get()
    assert Message.objects.filter(event="consultations.opened", to_email="ada@cpn.example").exists()

    # The accredited NGO answers them.
    client.force_login(ada)
    questions = list(consultation.questions.all())
    client.post(f"/stakeholders/consultations/{consultation.public_id}/register/")
    response = client.post(
        f"/stakeholders/consultations/{consultation.public_id}/input/",
        {f"answer_{q.pk}": f"Answer of the network to question {q.number}." for q in questions},
    )
    assert response.status_code == 302

    # The team reads the answers side by side and exports the DOCX, one chapter per question.
    client.force_login(chair)
    page = client.get(f"/stakeholders/consultations/{consultation.public_id}/inputs/").content.decode()
    for q in questions:
        assert q.text in page and f"Answer of the network to question {q.number}." in page
    response = client.get(f"/stakeholders/consultations/{consultation.public_id}/inputs.docx")
    document = Document(io.BytesIO(response.content))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters == ["Question 1", "Question 2", "Question 3"]
    body = [p.text for p in document.paragraphs]
    assert body.index("Which partnerships work?") < body.index("Answer of the network to question 2.")
