"""The portal in the six UN languages, in Chromium: an Arabic delegate's whole journey right to left,
and the main pages of each language at desktop and phone widths (screenshots under SCREENSHOT_DIR)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from agenda.models import AgendaItem, Body, Session
from agenda.seed import load_reference_data
from delegations.models import Delegation
from review import questions, workflow
from submissions import services
from submissions.models import Submission
from tests.factories import DelegateFactory, SecretariatFactory, make_pdf, pdf_upload

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "fr", "es", "ar", "zh-hans", "ru"]
WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.fixture
def open_session(db):
    """The seeded agenda, sessions and delegations, and a session still open for papers."""
    load_reference_data()
    start = timezone.localdate() + datetime.timedelta(days=40)
    return Session.objects.create(
        body=Body.objects.get(short_name="OEWG"),
        number=12,
        title="Twelfth substantive session",
        title_i18n={
            "fr": "Douzième session de fond",
            "es": "Duodécimo período de sesiones sustantivo",
            "ar": "الدورة الموضوعية الثانية عشرة",
            "zh-hans": "第十二届实质性会议",
            "ru": "Двенадцатая основная сессия",
        },
        start_date=start,
        end_date=start + datetime.timedelta(days=4),
        submission_deadline=timezone.now() + datetime.timedelta(days=20),
    )


def log_in_any_language(page, email: str, password: str = "correct-horse-battery") -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def t(language, text):
    with translation.override(language):
        return translation.gettext(text)


def test_a_delegate_who_chose_arabic_submits_a_paper_in_arabic_right_to_left(page, open_session, tmp_path):
    delegate = DelegateFactory(
        email="delegate@egypt.example",
        full_name="Amira Hassan",
        delegation=Delegation.objects.get(name="Egypt"),
        preferred_language="ar",
    )
    paper = tmp_path / "capacity.pdf"
    paper.write_bytes(make_pdf("Capacity-building for points of contact.", pages=2))

    log_in(page, delegate.email)

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.get_by_role("link", name=t("ar", "New submission")).first.click()
    page.locator("#id_title").fill("ورقة مفاهيمية بشأن بناء القدرات")
    page.get_by_label(re.compile(r"5\(e\)\W* بناء القدرات")).check()
    page.get_by_label(t("ar", "Summary")).fill("كيف يطابق الفهرس بين الطلبات والعروض.")
    page.get_by_label(t("ar", "File of the paper")).set_input_files(str(paper))
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "i18n-ar-journey-form-desktop")
    page.get_by_role("button", name=t("ar", "Submit now")).click()

    page.get_by_text("رقمك المرجعي").wait_for()

    submission = Submission.objects.get()
    assert page.get_by_text(submission.reference).first.is_visible()
    assert submission.status == Submission.Status.SUBMITTED
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_text("الدورة الموضوعية الثانية عشرة").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "i18n-ar-journey-paper-desktop")
    receipt = next(message for message in mail.outbox if delegate.email in message.to)
    assert receipt.subject.startswith("وردت: ")
    assert 'dir="rtl"' in receipt.alternatives[0][0]


@pytest.fixture
def paper_under_review(open_session):
    singapore = Delegation.objects.get(name="Singapore")
    delegate = DelegateFactory(email="delegate@singapore.example", full_name="Tan Wei Ling", delegation=singapore)
    secretariat = SecretariatFactory(email="secretariat@un.example", full_name="Maria Rossi")
    draft = services.create_submission(
        by=delegate,
        title="Needs-based capacity-building catalogue",
        session=open_session,
        sub_items=list(AgendaItem.objects.filter(code__in=["5(d)", "5(e)"])),
        file=pdf_upload(),
    )
    services.invite_cosponsor(submission=draft, delegation=Delegation.objects.get(name="Kenya"), by=delegate)
    submitted = services.submit_submission(submission=draft, by=delegate)
    workflow.change_status(submission=submitted, to="under_review", by=secretariat)
    questions.ask_question(submission=submitted, by=secretariat, text="How would requests be matched?")
    return submitted, delegate, secretariat


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_in_each_language_at_desktop_and_phone_widths(browser, live_server, paper_under_review, language):
    paper, delegate, secretariat = paper_under_review
    pages = [
        (delegate, "delegate-list", "/submissions/"),
        (delegate, "paper", f"/submissions/{paper.public_id}/"),
        (delegate, "submission-form", "/submissions/new/"),
        (secretariat, "review-queue", "/review/"),
    ]
    for person in (delegate, secretariat):
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])
    for person, name, url in pages:
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15000)
        # The profile's language applies at login.
        log_in_any_language(page, person.email)
        for width_name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            screenshot(page, f"i18n-{language}-{name}-{width_name}")
            html = page.locator("html")
            assert html.get_attribute("lang") == language, url
            assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), url
            if person == delegate:
                # A delegate's page never scrolls sideways on a phone, whatever the language's word lengths.
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, (url, width, overflow)
        context.close()
