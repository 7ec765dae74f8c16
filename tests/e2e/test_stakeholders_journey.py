"""The stakeholders issue's "Done when", in Chromium: an NGO applies, a round runs, Kenya objects to another
applicant, the period ends, the NGO answers the Chair's guiding questions and the team exports the DOCX.
Every page is looked at at 1366 and 390 px with axe-core."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from docx import Document

from accounts.models import User
from stakeholders.models import Application, Round
from tests.factories import AgendaItemFactory, ChairTeamFactory, DelegateFactory, DelegationFactory, SecretariatFactory
from tests.stakeholders.conftest import make_application

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def look(page, name: str, problems: list) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        if violations:
            problems.append(f"{name} @{width}: axe {violations}")
        if page.evaluate(OVERFLOW) > 1:
            problems.append(f"{name} @{width}: scrolls sideways")
        screenshot(page, f"stakeholders-{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def log_out(page) -> None:
    page.context.clear_cookies()


def test_done_when(page, settings):
    settings.AXES_ENABLED = False
    problems: list[str] = []
    DelegationFactory(name="France", iso2="FR")
    kenya = DelegationFactory(name="Kenya", iso2="KE")
    kenya_focal = DelegateFactory(email="focal@kenya.example", delegation=kenya, role=User.Role.FOCAL_POINT)
    secretariat = SecretariatFactory(email="sec@un.example")
    chair = ChairTeamFactory(email="chair@un.example")
    AgendaItemFactory(code="5(e)", title="Capacity-building")

    # An NGO without ECOSOC status applies on the public form and confirms its address.
    page.goto("/stakeholders/accredited/")
    look(page, "public-list-empty", problems)
    page.get_by_role("link", name="Apply for accreditation").first.click()
    page.get_by_label("Name of the organisation").fill("Cyber Peace Network")
    page.get_by_label("Kind of organisation").select_option("ngo")
    page.get_by_label("Country", exact=False).first.select_option(label="France")
    page.get_by_label("Website").fill("https://cpn.example")
    page.get_by_label("The organisation's work on ICT security").fill("We train incident responders.")
    page.get_by_label("Contact person").fill("Ada Contact")
    page.get_by_label("Contact email address").fill("ada@cpn.example")
    page.get_by_label(re.compile("I agree that")).check()
    look(page, "apply", problems)
    page.get_by_role("button", name="Apply").click()
    look(page, "apply-sent", problems)
    link = re.search(r"https?://\S+(/stakeholders/apply/confirm/\?token=\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    look(page, "confirm", problems)
    page.get_by_role("button", name="Confirm my email address").click()
    assert "is with the Secretariat" in page.content()
    ngo = Application.objects.get(name="Cyber Peace Network")
    other = make_application(kenya, name="Digital Rights Lab", email="contact@drl.example")

    # The Secretariat opens a round with both.
    log_in(page, secretariat.email)
    page.goto("/stakeholders/applications/")
    look(page, "applications", problems)
    page.get_by_role("link", name=re.compile("Circulate 2 applications")).click()
    page.get_by_label(re.compile("shown to all delegations")).check()
    look(page, "round-form", problems)
    page.get_by_role("button", name="Circulate and open the period").click()
    look(page, "round", problems)
    log_out(page)

    # Kenya's focal point objects to the other applicant, with a basis.
    log_in(page, kenya_focal.email)
    page.goto("/stakeholders/circulated/")
    page.locator("summary", has_text="Object to Digital Rights Lab").click()
    page.get_by_label("General basis of the objection (optional)").last.fill("Its independence is not shown.")
    look(page, "circulated", problems)
    page.get_by_role("button", name="Record my delegation's objection").last.click()
    assert "Your delegation objected" in page.content()
    look(page, "circulated-objected", problems)
    log_out(page)

    # The period ends: the first request after it accredits the NGO, not the other; each is told.
    Round.objects.update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    page.goto("/stakeholders/accredited/")
    assert "Cyber Peace Network" in page.inner_text("main")
    assert "Digital Rights Lab" not in page.inner_text("main")
    look(page, "public-list", problems)
    ngo.refresh_from_db()
    other.refresh_from_db()
    assert (ngo.status, other.status) == ("accredited", "not_accredited")
    log_in(page, secretariat.email)
    page.goto(f"/stakeholders/applications/{other.public_id}/")
    assert "Its independence is not shown." in page.content()
    look(page, "application-history", problems)
    log_out(page)

    # The Chair's team opens a consultation on 5(e) with three guiding questions.
    log_in(page, chair.email)
    page.goto("/stakeholders/consultations/new/")
    held = timezone.localtime() + datetime.timedelta(days=10)
    page.get_by_label("Title").fill("Informal consultation on capacity-building")
    page.get_by_label("Date and time").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Theme (sub-item)").select_option(label="5(e) Capacity-building")
    page.get_by_label("Introduction").fill("The Chair welcomes your written answers to three questions.")
    page.get_by_label("Registration and written-input deadline").fill(
        (held - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Guiding questions").fill(
        "What capacity-building needs are most pressing?\nWhich partnerships have worked?\nHow should progress be measured?"
    )
    look(page, "consultation-form", problems)
    page.get_by_role("button", name="Create and invite").click()
    look(page, "consultation-chair", problems)
    log_out(page)

    # The accredited NGO answers them.
    ada = User.objects.get(email="ada@cpn.example")
    ada.set_password("correct-horse-battery")
    ada.save()
    log_in(page, ada.email)
    page.get_by_role("link", name="Consultations").first.click()
    page.get_by_role("link", name="Informal consultation on capacity-building").click()
    look(page, "consultation-stakeholder", problems)
    page.get_by_role("link", name="Answer the guiding questions").click()
    page.get_by_label(re.compile(r"1\. What capacity")).fill("Incident response training for small administrations.")
    page.get_by_label(re.compile(r"2\. Which partnerships")).fill("Regional hubs with universities.")
    page.get_by_label(re.compile(r"3\. How should")).fill("Time to detect and contain incidents.")
    look(page, "input-form", problems)
    page.get_by_role("button", name="Send our written input").click()
    assert "Written input sent on" in page.content()
    log_out(page)

    # The team reads the answers side by side and exports the DOCX.
    log_in(page, chair.email)
    page.goto("/stakeholders/consultations/")
    look(page, "consultations", problems)
    page.get_by_role("link", name="Informal consultation on capacity-building").click()
    page.get_by_role("link", name="Read the inputs side by side").click()
    assert "Regional hubs with universities." in page.content()
    look(page, "inputs-side-by-side", problems)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export DOCX").click()
    document = Document(str(download.value.path()))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "Question 1",
        "Question 2",
        "Question 3",
    ]
    assert "Regional hubs with universities." in [p.text for p in document.paragraphs]
    page.get_by_role("button", name="Publish the written inputs").click()
    log_out(page)
    page.goto("/stakeholders/written-inputs/")
    look(page, "published", problems)
    page.get_by_role("link", name="Informal consultation on capacity-building").click()
    assert "Time to detect and contain incidents." in page.content()
    assert "ada@cpn.example" not in page.content()
    look(page, "published-inputs", problems)

    # An organisation with ECOSOC status: the Secretariat checks it on the application's page.
    ecosoc = make_application(kenya, name="Global ICT Forum", email="forum@ict.example", ecosoc=True)
    log_in(page, secretariat.email)
    page.goto(f"/stakeholders/applications/{ecosoc.public_id}/")
    look(page, "application-ecosoc", problems)
    page.get_by_label("Status confirmed: accredit").check()
    page.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded" in page.content()

    assert problems == []
