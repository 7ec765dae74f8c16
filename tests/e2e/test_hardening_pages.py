"""In Chromium: a file over the limit refused before it is sent; stalled indexing shown with its age."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indexing.models import Extraction
from submissions import services as submission_services
from submissions.models import Submission
from tests.factories import AgendaItemFactory, DelegateFactory, make_pdf

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def both_widths(page, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")


def test_a_file_over_the_limit_is_refused_in_the_browser_before_it_is_sent(page, session, settings, tmp_path):
    settings.MAX_UPLOAD_BYTES = 64 * 1024
    AgendaItemFactory(code="5(a)", title="Existing and potential threats", order=1)
    delegate = DelegateFactory(email="delegate@singapore.demo", delegation__name="Singapore", role="focal_point")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (settings.MAX_UPLOAD_BYTES + 1 - 9))
    log_in(page, delegate.email)
    page.goto("/submissions/new/")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.get_by_label("Title").fill("Paper with a large file")
    page.get_by_label("5(a) Existing and potential threats").check()
    page.get_by_label("File of the paper").set_input_files(str(big))
    page.get_by_role("button", name="Submit now").click()
    alert = page.get_by_role("alert").filter(has_text="The file is 0.1 MB (65,537 bytes)")
    alert.wait_for()
    assert "the limit is 0.1 MB (65,536 bytes)" in alert.inner_text()
    assert posts == []  # nothing was sent
    described = page.get_by_label("File of the paper").get_attribute("aria-describedby") or ""
    assert alert.get_attribute("id") in described.split()
    assert axe_violations(page) == []
    both_widths(page, "upload-too-large")
    # A file within the limit goes through as before.
    small = tmp_path / "small.pdf"
    small.write_bytes(make_pdf("A small paper."))
    page.get_by_label("File of the paper").set_input_files(str(small))
    page.get_by_role("button", name="Submit now").click()
    page.get_by_text("Submitted. Your reference is").wait_for()
    assert Submission.objects.get().reference


def test_the_status_page_shows_stalled_versions_with_their_age(
    page, delegate, session, sub_item, secretariat, django_capture_on_commit_callbacks
):
    for title in ("Points of contact directory", "Threat repository"):
        paper = submission_services.create_submission(by=delegate, title=title, session=session, sub_items=[sub_item])
        with django_capture_on_commit_callbacks(execute=True):
            submission_services.add_version(
                submission=paper, by=delegate, file=SimpleUploadedFile("a.pdf", make_pdf(title)), language="en"
            )
        submission_services.submit_submission(submission=paper, by=delegate)
    silent = timezone.now() - datetime.timedelta(minutes=7, seconds=34)
    Extraction.objects.update(state="indexing", started_at=silent, heartbeat_at=silent, attempts=1)
    log_in(page, secretariat.email)
    page.goto("/search/status/")
    assert page.get_by_role("heading", name="2 versions have stalled").is_visible()
    assert page.get_by_role("cell", name="7\xa0minutes").first.is_visible()
    assert axe_violations(page) == []
    both_widths(page, "indexing-stalled")
