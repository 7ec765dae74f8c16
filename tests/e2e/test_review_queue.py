"""The Secretariat's morning: the queue filtered to 5(e), its counts and chart, a paper assigned."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from submissions.models import Submission
from tests.factories import AgendaItemFactory, ChairTeamFactory, DelegateFactory, SecretariatFactory
from tests.review.queue_data import make_submissions

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SUB_ITEMS = [
    ("5(a)", "Existing and potential threats"),
    ("5(b)", "Rules, norms and principles of responsible State behaviour"),
    ("5(c)", "International law"),
    ("5(d)", "Confidence-building measures"),
    ("5(e)", "Capacity-building"),
    ("5(f)", "Regular institutional dialogue"),
]


@pytest.fixture
def queue_world(session):
    items = {code: AgendaItemFactory(code=code, title=title, order=n) for n, (code, title) in enumerate(SUB_ITEMS)}
    secretariat = SecretariatFactory(email="secretariat@unoda.demo", full_name="Amina Diallo")
    ChairTeamFactory(email="chair@oewg.demo", full_name="Daniel Koh")
    authors = {
        name: DelegateFactory(email=f"delegate@{name.lower().replace(' ', '-')}.demo", delegation__name=name)
        for name in ("India", "Kenya", "Philippines", "Estonia", "France", "Costa Rica")
    }
    now = timezone.now()
    plan = [
        ("India", "5(e)", "Working paper on a Global Cyber Security Cooperation Portal", "submitted", 0, ["Kenya"]),
        ("Philippines", "5(e)", "Needs-based cyber capacity-building catalogue", "under_review", 20, []),
        ("Kenya", "5(a)", "Establishing a threat repository within the United Nations", "questions_sent", 45, []),
        ("Estonia", "5(c)", "Applicability of international law to the use of ICTs", "accepted", 75, ["Costa Rica"]),
        ("France", "5(f)", "Programme of Action for responsible State behaviour", "published", 140, ["Kenya"]),
        ("Costa Rica", "5(c)", "Position paper on international law in cyberspace", "revised", 100, []),
        ("Kenya", "5(d)", "Points of contact directory: lessons from the first year", "submitted", 5, []),
        ("India", "5(e)", "Mapping exercise on capacity-building", "under_review", 160, ["Estonia", "France"]),
    ]
    for name, code, title, status, days, cosponsors in plan:
        made = make_submissions(
            1,
            delegation=authors[name].delegation,
            session=session,
            created_by=authors[name],
            sub_items=[items[code]],
            status=status,
            title=title,
            cosponsors=[authors[c].delegation for c in cosponsors],
            submitted_at=now - datetime.timedelta(days=days),
            language="fr" if name == "France" else "en",
        )[0]
        # make_submissions numbers its titles; here the real-looking title is wanted.
        Submission.objects.filter(pk=made.pk).update(title=title)
    return {"secretariat": secretariat, "items": items}


def test_secretariat_filters_to_5e_sees_counts_and_chart_and_assigns_a_paper(page, queue_world):
    log_in(page, queue_world["secretariat"].email)
    page.goto("/review/")
    assert page.get_by_role("heading", name="Review queue").is_visible()
    assert page.locator("[data-status-count=submitted]").inner_text() == "2"
    assert axe_violations(page) == []

    page.get_by_label("Sub-item", exact=True).select_option(label="5(e) Capacity-building")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/review/?*sub_item=*")
    assert page.locator("#queue-total").inner_text() == "3 submissions in this view"
    assert page.locator("[data-status-count=under_review]").inner_text() == "2"
    rows = page.locator("table.queue-table tbody tr")
    assert rows.count() == 3
    # The chart is drawn (a canvas with pixels), and its figures are in a table for screen readers.
    page.locator("#chart-sub-items").wait_for()
    drawn = page.evaluate(
        "() => { const c = document.getElementById('chart-sub-items'); return c.width > 0 && !!Chart.getChart(c); }"
    )
    assert drawn
    directory = Path(settings.SCREENSHOT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    page.locator("#charts").screenshot(path=str(directory / "review-chart.png"))

    row = rows.filter(has_text="Global Cyber Security Cooperation Portal")
    row.get_by_role("checkbox").check()
    assert page.locator("#selection-count").inner_text() == "1 submission ticked"
    page.get_by_label("With the ticked submissions").select_option("assign")
    page.get_by_label("Assign to", exact=True).select_option(label="Daniel Koh")
    page.get_by_role("button", name="Apply", exact=True).click()
    page.get_by_text("1 submission assigned to Daniel Koh.").wait_for()
    assert "sub_item=" in page.url
    assert "Daniel Koh" in rows.filter(has_text="Global Cyber Security Cooperation Portal").inner_text()
    assert Submission.objects.get(title__contains="Global Cyber Security").assigned_to.full_name == "Daniel Koh"
    assert axe_violations(page) == []
    screenshot(page, "review-queue")


def test_a_delegate_opening_the_queue_is_refused(page, queue_world):
    log_in(page, "delegate@india.demo")
    response = page.goto("/review/")
    assert response.status == 403
    response = page.goto("/review/export/?format=csv")
    assert response.status == 403


def test_secretariat_enrols_an_authenticator_when_two_factor_is_on(page, queue_world, settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.STAFF_REQUIRE_2FA = True
    log_in(page, queue_world["secretariat"].email)
    page.goto("/review/")
    page.wait_for_url("**/accounts/two-factor/setup/?next=/review/")
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user=queue_world["secretariat"])
    page.get_by_label("Six-digit code from your authenticator app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    page.wait_for_url("**/review/")
    assert page.get_by_text("Two-factor authentication is on for your account.").is_visible()


def test_an_export_says_it_is_being_prepared_until_the_file_arrives(page, queue_world):
    log_in(page, queue_world["secretariat"].email)
    page.goto("/review/")
    status = page.locator("[data-export-status]")
    assert status.is_hidden()
    page.evaluate(
        """() => { const el = document.querySelector('[data-export-status]');
        new MutationObserver(() => { if (!el.classList.contains('d-none')) window.exportShown = true; })
          .observe(el, {attributes: true}); }"""
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Export view as Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert page.evaluate("() => window.exportShown === true")
    status.wait_for(state="hidden")
