"""The search page and the indexing status page in Chromium: found, highlighted, accessible."""

import pytest

from submissions import services as submission_services
from tests.factories import make_pdf
from tests.indexing.corpus import CHINESE, encrypted_pdf

from .conftest import axe_violations, log_in, screenshot


@pytest.fixture
def papers(delegate, session, sub_item, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def add(title, data, name, content_type="application/pdf", language="en"):
        paper = submission_services.create_submission(
            by=delegate, title=title, session=session, sub_items=[sub_item], original_language=language
        )
        with django_capture_on_commit_callbacks(execute=True):
            submission_services.add_version(
                submission=paper,
                by=delegate,
                file=SimpleUploadedFile(name, data, content_type=content_type),
                language=language,
            )
        submission_services.submit_submission(submission=paper, by=delegate)

    add("Points of contact directory", make_pdf("A directory of points of contact for all States.", pages=3), "a.pdf")
    add("能力建设", (CHINESE + "\n").encode() * 3, "zh.txt", "text/plain", "zh")
    add("Locked paper", encrypted_pdf(), "locked.pdf")


def test_secretariat_searches_and_sees_the_phrase_marked(page, papers, secretariat):
    log_in(page, secretariat.email)
    page.goto("/search/")
    page.get_by_label("Words or a phrase").fill("points of contact")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Points of contact directory").is_visible()
    assert page.locator("mark", has_text="points of contact").first.is_visible()
    screenshot(page, "indexing-search")
    assert axe_violations(page) == []

    page.get_by_label("Words or a phrase").fill("联络")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("mark", has_text="联络").first.is_visible()
    screenshot(page, "indexing-search-chinese")


def test_secretariat_sees_progress_and_failed_versions(page, papers, secretariat):
    log_in(page, secretariat.email)
    page.goto("/search/status/")
    assert page.get_by_role("heading", name="Indexing status").is_visible()
    assert page.get_by_text("password-protected").is_visible()
    assert page.locator('[data-count="indexed"]').inner_text() == "2"
    screenshot(page, "indexing-status")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Index all failed versions again").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("1 failed version is queued").is_visible()
