import pytest

from submissions.models import Submission
from tests.factories import AgendaItemFactory, DelegateFactory, DelegationFactory, make_pdf

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def singapore_delegate(session):
    AgendaItemFactory(code="5(a)", title="Existing and potential threats", order=1)
    AgendaItemFactory(code="5(e)", title="Capacity-building", order=5)
    DelegationFactory(name="Kenya")
    return DelegateFactory(
        email="delegate@singapore.demo", full_name="Tan Wei Ling", delegation__name="Singapore", role="focal_point"
    )


def test_singapore_delegate_submits_a_cosponsored_paper(page, singapore_delegate, tmp_path):
    paper = tmp_path / "capacity-building.pdf"
    paper.write_bytes(make_pdf("Needs-based capacity-building for points of contact.", pages=3))

    log_in(page, singapore_delegate.email)
    assert axe_violations(page) == []
    page.get_by_role("link", name="New submission").first.click()
    page.get_by_label("Title").fill("Concept paper on a capacity-building catalogue")
    page.get_by_label("5(e) Capacity-building").check()
    page.get_by_label("Summary").fill("How a needs-based catalogue matches requests and offers.")
    page.get_by_label("Invite co-sponsors").select_option(label="Kenya")
    page.get_by_label("File of the paper").set_input_files(str(paper))
    assert axe_violations(page) == []
    screenshot(page, "delegate-new-submission")
    page.get_by_role("button", name="Submit now").click()
    page.get_by_text("Your reference is").wait_for()

    submission = Submission.objects.get()
    assert submission.status == Submission.Status.SUBMITTED
    assert page.get_by_text(submission.reference).first.is_visible()
    assert page.get_by_text("capacity-building.pdf").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "delegate-submission-detail")

    page.get_by_role("link", name="Our submissions").first.click()
    row = page.get_by_role("row").filter(has_text="Concept paper on a capacity-building catalogue")
    assert row.is_visible()
    assert "Kenya (invited)" in row.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "delegate-submission-list")


def test_a_wrong_file_gets_a_message_tied_to_its_field(page, singapore_delegate, tmp_path):
    image = tmp_path / "photo.pdf"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    log_in(page, singapore_delegate.email)
    page.goto("/submissions/new/")
    page.get_by_label("Title").fill("Paper with the wrong file")
    page.get_by_label("5(a) Existing and potential threats").check()
    page.get_by_label("File of the paper").set_input_files(str(image))
    page.get_by_role("button", name="Submit now").click()
    error = page.get_by_text("This file is a PNG image")
    error.wait_for()
    assert page.get_by_label("Title").input_value() == "Paper with the wrong file"
    # The error is announced with its field: the input points at it.
    described = page.get_by_label("File of the paper").get_attribute("aria-describedby") or ""
    assert any(page.locator(f"#{i}").inner_text().find("PNG") >= 0 for i in described.split())
    assert axe_violations(page) == []
    screenshot(page, "delegate-wrong-file")
    assert Submission.objects.count() == 0


def test_a_delegate_deletes_a_draft(page, singapore_delegate):
    log_in(page, singapore_delegate.email)
    page.goto("/submissions/new/")
    page.get_by_label("Title").fill("A draft to throw away")
    page.get_by_label("5(a) Existing and potential threats").check()
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_text("Your draft is saved").wait_for()
    page.get_by_role("link", name="Delete draft").click()
    assert page.get_by_role("heading", name="Delete this draft?").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "delegate-delete-draft")
    page.get_by_role("button", name="Delete the draft").click()
    page.get_by_text("is deleted").wait_for()
    assert Submission.objects.count() == 0
