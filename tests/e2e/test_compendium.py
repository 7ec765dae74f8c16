"""The compendium in a browser: the Chair's team builds one, ticks proposals, downloads it; the bar moves."""

import pytest

from compendium.models import Compendium
from tests.compendium.conftest import choices, world  # noqa: F401 (the fixture)
from tests.factories import ChairTeamFactory

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_chair_team_builds_ticks_and_downloads(browser, live_server, page, world):  # noqa: F811
    chair = ChairTeamFactory(email="chair@un.demo", full_name="Chair Member")
    log_in(page, chair.email)

    page.goto("/review/compendium/")
    page.get_by_label("Name of this draft").fill("Zero draft")
    for box in page.locator("input[name=sessions]").all():
        box.uncheck()
    page.get_by_label("Fifth substantive session").check()
    assert page.get_by_label("Published", exact=True).is_checked()
    assert axe_violations(page) == []
    screenshot(page, "compendium-list")
    page.get_by_role("button", name="Start the compendium").click()

    # Tasks run in-process here: the build is over when the page opens.
    page.get_by_text("3 papers, finished").wait_for()
    assert page.get_by_text("Ready", exact=True).is_visible()
    # The paper is on two sub-items: its proposals are listed, and ticked, under each.
    threats = page.locator("fieldset").filter(has_text="Existing and potential threats")
    proposal = threats.get_by_label("States should establish national points of contact without delay.")
    assert proposal.is_checked()
    assert axe_violations(page) == []
    screenshot(page, "compendium-detail")

    proposal.uncheck()
    page.get_by_role("button", name="Keep the ticks on this page").click()
    page.get_by_text("Your choice of proposals on this page is kept.").wait_for()
    assert not threats.get_by_label("States should establish national points of contact without delay.").is_checked()
    # Another sub-item's proposals are on their own page, still ticked.
    page.get_by_role("link", name="5(e)").click()
    capacity = page.locator("fieldset").filter(has_text="Capacity-building")
    assert capacity.get_by_label("States should establish national points of contact without delay.").is_checked()
    page.get_by_role("button", name="Write the documents again").click()
    page.get_by_text("The documents are being written again").wait_for()
    assert page.get_by_text("Ready", exact=True).is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    screenshot(page, "compendium-detail-phone")


def test_the_progress_bar_moves_and_the_result_shows_when_ready(browser, live_server, page, world):  # noqa: F811
    chair = ChairTeamFactory(email="chair@un.demo", full_name="Chair Member")
    compendium = Compendium.objects.create(
        created_by=chair, choices=choices(world), state=Compendium.State.BUILDING, steps_total=3, current_step="5(a)"
    )
    log_in(page, chair.email)
    page.goto(f"/review/compendium/{compendium.pk}/")
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "0"
    assert page.get_by_text("Reading the papers of sub-item 5(a)").is_visible()

    # The worker moves on: the page follows without a reload.
    Compendium.objects.filter(pk=compendium.pk).update(steps_done=2, current_step="files")
    page.get_by_text("Writing the Word document, the PDF and the CSV").wait_for()
    assert bar.get_attribute("aria-valuenow") == "67"

    # It fails: the page loads again and says why.
    Compendium.objects.filter(pk=compendium.pk).update(
        state=Compendium.State.FAILED, failure_reason="The documents could not be written: disk full"
    )
    page.get_by_text("The compendium could not be built.").wait_for()
    assert page.get_by_text("disk full").is_visible()
    assert page.get_by_role("progressbar").count() == 0
