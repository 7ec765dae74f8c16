"""Every URL of the app, walked by every role: who gets the page, who the login, who a 403 or a 404."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from delegations.models import Delegation
from stakeholders import consultations, services
from stakeholders.models import Application, Objection
from tests.factories import AgendaItemFactory, DelegateFactory, DelegationFactory, UserFactory

from .conftest import make_application

ROLES = ["anonymous", "delegate", "state_focal_point", "stakeholder", "chair", "secretariat", "admin"]


@pytest.fixture
def people(kenya, singapore, stakeholder, chair_team, secretariat, admin_user):
    return {
        "anonymous": None,
        "delegate": DelegateFactory(delegation=singapore),
        "state_focal_point": DelegateFactory(delegation=kenya, role=User.Role.FOCAL_POINT),
        "stakeholder": stakeholder,
        "chair": chair_team,
        "secretariat": secretariat,
        "admin": admin_user,
    }


@pytest.fixture
def world(people, open_round, stakeholder, chair_team):
    round_, first, _second = open_round
    ecosoc = make_application(first.country, name="ECOSOC Org", email="e@org.example", ecosoc=True)
    consultation = consultations.create_consultation(
        by=chair_team,
        questions=["Q1?", "Q2?"],
        title="Consultation",
        held_at=timezone.now() + datetime.timedelta(days=10),
        format="virtual",
        sub_item=AgendaItemFactory(),
        introduction="Intro",
        deadline=timezone.now() + datetime.timedelta(days=5),
    )
    written = consultations.submit_input(
        consultation=consultation, by=stakeholder, answers={consultation.questions.first().pk: "An answer"}
    )
    return {"round": round_, "first": first, "ecosoc": ecosoc, "consultation": consultation, "written": written}


def _get(client, person, url):
    if person is not None:
        client.force_login(person)
    return client.get(url).status_code


# url template, then the expected status per role (302 for anonymous: the login page).
PAGES = [
    ("/stakeholders/apply/", [200, 200, 200, 200, 200, 200, 200]),
    ("/stakeholders/apply/sent/", [200, 200, 200, 200, 200, 200, 200]),
    ("/stakeholders/accredited/", [200, 200, 200, 200, 200, 200, 200]),
    ("/stakeholders/written-inputs/", [200, 200, 200, 200, 200, 200, 200]),
    ("/stakeholders/applications/", [302, 403, 403, 403, 200, 200, 200]),
    ("/stakeholders/applications/{first.public_id}/", [302, 403, 403, 403, 200, 200, 200]),
    ("/stakeholders/rounds/new/", [302, 403, 403, 403, 403, 200, 200]),
    ("/stakeholders/rounds/{round.pk}/", [302, 403, 403, 403, 200, 200, 200]),
    ("/stakeholders/circulated/", [302, 200, 200, 403, 200, 200, 200]),
    ("/stakeholders/consultations/", [302, 403, 403, 200, 200, 200, 200]),
    ("/stakeholders/consultations/new/", [302, 403, 403, 403, 200, 200, 200]),
    ("/stakeholders/consultations/{consultation.public_id}/", [302, 403, 403, 200, 200, 200, 200]),
    ("/stakeholders/consultations/{consultation.public_id}/input/", [302, 403, 403, 200, 403, 403, 403]),
    ("/stakeholders/consultations/{consultation.public_id}/inputs/", [302, 403, 403, 403, 200, 200, 200]),
    ("/stakeholders/consultations/{consultation.public_id}/inputs.csv", [302, 403, 403, 403, 200, 200, 200]),
    ("/stakeholders/consultations/{consultation.public_id}/inputs.docx", [302, 403, 403, 403, 200, 200, 200]),
    # Not published yet: nobody finds the public page.
    ("/stakeholders/written-inputs/{consultation.public_id}/", [404, 404, 404, 404, 404, 404, 404]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url,expected", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_answers_each_role_as_the_rules_say(client, people, world, url, expected):
    url = url.format(**world)
    got = [_get(client, people[role], url) for role in ROLES]
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_a_states_focal_point_objects(client, people, world, role):
    client.force_login(people[role]) if people[role] else None
    response = client.post(f"/stakeholders/circulated/{world['first'].public_id}/object/", {"basis": "No."})
    recorded = Objection.objects.filter(application=world["first"]).exists()
    assert recorded == (role == "state_focal_point")
    assert response.status_code == {"anonymous": 302, "state_focal_point": 302}.get(role, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_decides_and_withdraws(client, people, world, role):
    client.force_login(people[role]) if people[role] else None
    ecosoc = world["ecosoc"]
    client.post(f"/stakeholders/applications/{ecosoc.public_id}/decide/", {"decision": "accredit"})
    ecosoc.refresh_from_db()
    assert (ecosoc.status == Application.Status.ACCREDITED) == (role in ("secretariat", "admin"))
    first = world["first"]
    client.post(f"/stakeholders/applications/{first.public_id}/withdraw/", {"reason": "Asked to."})
    first.refresh_from_db()
    assert (first.status == Application.Status.WITHDRAWN) == (role in ("secretariat", "admin"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_chairs_team_and_secretariat_publish_inputs(client, people, world, role):
    client.force_login(people[role]) if people[role] else None
    client.post(f"/stakeholders/consultations/{world['consultation'].public_id}/publish/")
    world["consultation"].refresh_from_db()
    assert bool(world["consultation"].inputs_published_at) == (role in ("chair", "secretariat", "admin"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_organisations_that_may_take_part_register(client, people, world, role):
    client.force_login(people[role]) if people[role] else None
    client.post(f"/stakeholders/consultations/{world['consultation'].public_id}/register/")
    registered = world["consultation"].participations.exclude(organisation=people["stakeholder"].delegation)
    assert not registered.exists()
    if role == "stakeholder":
        assert world["consultation"].participations.filter(organisation=people["stakeholder"].delegation).exists()


@pytest.mark.django_db
def test_after_the_period_nobody_objects(client, kenya, world):
    focal = DelegateFactory(delegation=kenya, role=User.Role.FOCAL_POINT)
    world["round"].__class__.objects.filter(pk=world["round"].pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    client.force_login(focal)
    client.post(f"/stakeholders/circulated/{world['first'].public_id}/object/", {"basis": "Late."})
    assert not Objection.objects.exists()


@pytest.mark.django_db
def test_an_observer_state_objects_but_an_igo_does_not(world):
    holy_see = DelegationFactory(name="Holy See", kind=Delegation.Kind.OBSERVER_STATE)
    eu = DelegationFactory(name="European Union", kind=Delegation.Kind.IGO)
    services.object_to(application=world["first"], by=DelegateFactory(delegation=holy_see, role=User.Role.FOCAL_POINT))
    with pytest.raises(services.NotAllowed):
        services.object_to(application=world["first"], by=DelegateFactory(delegation=eu, role=User.Role.FOCAL_POINT))
    assert list(world["first"].objections.values_list("delegation__name", flat=True)) == ["Holy See"]


@pytest.mark.django_db
def test_input_files_are_the_chairs_team_and_their_organisations_until_published(
    client, people, world, stakeholder, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from submissions.files import inspect_upload

    upload = SimpleUploadedFile("input.txt", b"Our plain text input on capacity-building.", content_type="text/plain")
    upload.inspected = inspect_upload(upload)
    with django_capture_on_commit_callbacks(execute=True):
        written = consultations.submit_input(
            consultation=world["consultation"], by=stakeholder, answers={}, upload=upload
        )
    url = f"/stakeholders/written-inputs/file/{written.public_id}/"
    got = {role: _get(client, people[role], url) for role in ROLES}
    assert got == {
        "anonymous": 404,
        "delegate": 404,
        "state_focal_point": 404,
        "stakeholder": 200,
        "chair": 200,
        "secretariat": 200,
        "admin": 200,
    }
    consultations.publish_inputs(consultation=world["consultation"], by=people["chair"])
    client.logout()
    assert client.get(url).status_code == 200
    # Indexed: the file's text is found by the search of the published page.
    page = client.get(f"/stakeholders/written-inputs/{world['consultation'].public_id}/?q=capacity-building")
    assert "Accredited NGO" in page.content.decode()
    page = client.get(f"/stakeholders/written-inputs/{world['consultation'].public_id}/?q=zebra")
    assert "Accredited NGO" not in page.content.decode()


@pytest.mark.django_db
def test_a_person_without_a_role_sees_nothing_of_accreditation(client, world):
    client.force_login(UserFactory())
    assert client.get("/stakeholders/circulated/").status_code == 403
    assert client.get("/stakeholders/consultations/").status_code == 403
