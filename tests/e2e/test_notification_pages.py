"""A delegate checks what the portal told them; the Secretariat resends a failed message."""

import pytest

from notifications import sending
from notifications.models import Message
from submissions import services
from tests.factories import AgendaItemFactory, ChairTeamFactory, DelegateFactory, SecretariatFactory, pdf_upload

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent_paper(session, settings):
    settings.SITE_URL = "https://oewg-portal.example.org"
    capacity = AgendaItemFactory(code="5(e)", title="Capacity-building", order=5)
    AgendaItemFactory(code="5(a)", title="Existing and potential threats", order=1)
    singapore = DelegateFactory(
        email="delegate@singapore.demo", full_name="Tan Wei Ling", delegation__name="Singapore", role="focal_point"
    )
    kenya = DelegateFactory(email="delegate@kenya.demo", full_name="Wanjiru Kamau", delegation__name="Kenya")
    ChairTeamFactory(email="chair@un.demo", full_name="Chair Staff")
    SecretariatFactory(email="secretariat@un.demo", full_name="Amina Secretariat")
    draft = services.create_submission(
        by=singapore,
        title="Concept paper on a capacity-building catalogue",
        session=session,
        sub_items=[capacity],
        cosponsors=[kenya.delegation],
        file=pdf_upload(),
    )
    submission = services.submit_submission(submission=draft, by=singapore)
    sending.send_due()
    # The Chair's team's shared mailbox refused its copy.
    Message.objects.filter(to_email="chair@un.demo").update(
        state=Message.State.FAILED, last_error="550 5.1.1 <chair@un.demo>: Recipient address rejected"
    )
    return submission


def test_a_delegate_reads_the_receipt_the_portal_sent(page, sent_paper):
    log_in(page, "delegate@singapore.demo")
    page.goto("/notifications/messages/")
    row = page.get_by_role("row").filter(has_text=sent_paper.reference)
    assert "Sent" in row.inner_text()
    assert page.get_by_text("Invitation to co-sponsor").count() == 0  # Kenya's mail, not ours
    assert axe_violations(page) == []
    screenshot(page, "notifications-messages")

    row.get_by_role("link").click()
    page.get_by_text("Its reference number is").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "notifications-message-detail")

    # The same message as it looks in a mail client.
    receipt = Message.objects.get(to_email="delegate@singapore.demo")
    page.set_content(receipt.body_html)
    assert (
        page.get_by_role("link", name="Open the paper")
        .get_attribute("href")
        .startswith("https://oewg-portal.example.org/submissions/")
    )
    assert axe_violations(page) == []
    screenshot(page, "notifications-email-receipt")


def test_a_delegate_chooses_a_digest_and_follows_a_sub_item(page, sent_paper):
    log_in(page, "delegate@singapore.demo")
    page.goto("/notifications/preferences/")
    receipt_row = page.get_by_role("row").filter(has_text="Receipts for papers my delegation submits")
    assert "cannot be turned off" in receipt_row.inner_text()
    assert receipt_row.get_by_role("radio").first.is_disabled()
    page.get_by_role("radio", name="Invitations to co-sponsor a paper In a daily digest").check()
    page.get_by_label("5(e) Capacity-building").check()
    assert axe_violations(page) == []
    screenshot(page, "notifications-preferences")
    page.get_by_role("button", name="Save preferences").click()
    page.get_by_text("Your notification preferences are saved.").wait_for()
    assert page.get_by_role("radio", name="Invitations to co-sponsor a paper In a daily digest").is_checked()
    assert page.get_by_label("5(e) Capacity-building").is_checked()


def test_the_secretariat_sees_a_failure_and_resends_it(page, sent_paper):
    log_in(page, "secretariat@un.demo")
    page.goto("/notifications/outbox/?state=failed")
    row = page.get_by_role("row").filter(has_text="chair@un.demo")
    assert "Recipient address rejected" in row.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "notifications-outbox-failed")
    row.get_by_role("button", name="Resend the message to chair@un.demo").click()
    page.get_by_text("is queued again").wait_for()
    assert Message.objects.get(to_email="chair@un.demo").state == Message.State.SENT
    page.goto("/notifications/outbox/")
    screenshot(page, "notifications-outbox")
