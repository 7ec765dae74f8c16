"""An anonymous visitor finds a paper by a phrase of its body, reads it in French, downloads it in Spanish and its earlier English text."""

import pytest

from publicsite.references import slug_for
from review import publishing
from tests.publicsite.conftest import PUBLIC_PHRASE, fresh_filter_choices, world  # noqa: F401 (the fixtures)

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def republished(world):  # noqa: F811
    """The paper published again with a revised English text: its first English text is an earlier published version."""
    paper = world.published
    publishing.unpublish(submission=paper, by=world.secretariat, reason="A revised text")
    revised = world.add(paper, f"The {PUBLIC_PHRASE} helps capacity-building, as revised.", "en")
    publishing.publish(
        submission=paper, by=world.secretariat, versions=[revised, *paper.versions.filter(language__in=["fr", "es"])]
    )


def test_a_visitor_finds_reads_and_downloads_a_paper_without_logging_in(page, world, republished):  # noqa: F811
    slug = slug_for(world.publication.reference)
    pages = {
        "home": "/",
        "list": "/papers/",
        "paper": f"/papers/{slug}/",
        "search": f"/papers/search/?q={PUBLIC_PHRASE.replace(' ', '+')}",
        "text": f"/papers/{slug}/fr/text/",
        "agenda": "/agenda/",
        "api": "/api/",
    }
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(url)
            assert axe_violations(page) == [], (name, width)
            screenshot(page, f"public-{name}-{width}")
            # Nothing wider than the screen: usable on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (name, width)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/")
    page.get_by_label("Search the published papers").fill(f'"{PUBLIC_PHRASE}"')
    page.get_by_role("button", name="Search").first.click()
    page.get_by_role("link", name=world.published.title).click()
    page.get_by_role("link", name="Text in French").click()
    assert "Le portail de coopération interopérable" in page.content()
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="(Spanish)").click()
    assert download.value.suggested_filename.endswith("-es.txt")
    earlier = page.get_by_role("region", name="Earlier published versions")
    assert "published on" in earlier.inner_text()  # taken off and published again the same day
    with page.expect_download() as download:
        earlier.get_by_role("link", name="Revision 1, English").click()
    assert download.value.suggested_filename.endswith("-r1-en.txt")


def test_the_public_pages_read_right_to_left_in_arabic(page, world, republished, live_server):  # noqa: F811
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    slug = slug_for(world.publication.reference)
    for name, url in {"home": "/", "paper": f"/papers/{slug}/", "list": "/papers/"}.items():
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            assert page.get_attribute("html", "dir") == "rtl"
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (name, width)
            assert axe_violations(page) == [], (name, width)
            screenshot(page, f"public-{name}-ar-{width}")
