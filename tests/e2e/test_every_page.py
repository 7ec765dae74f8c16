"""Every page of every role, at desktop and phone width: nothing scrolls sideways, axe finds nothing,
every time shown names its zone, and no navigation link answers 403.

The data is the demo's (the real papers of 2022-2024) plus what makes each pending action visible:
a question waiting for Singapore's answer, an invitation to Kenya, a draft before its deadline, a
decision announced and a paper published.
"""

import re

import pytest

from agenda.models import Session
from agenda.seed import load_reference_data
from demo.load import load_demo
from review import publishing, questions, workflow
from submissions import services
from submissions.models import Submission, Version
from tests.factories import pdf_upload

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "oewg-demo-2026"
WIDTHS = (1366, 390)
# A date and time shown as text: "30 November 2026, 06:24 EST" (or +08, EAT…).
TIME_SHOWN = re.compile(r"\b\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}( [A-Z+\-][A-Za-z0-9+\-]*)?")


@pytest.fixture
def world(settings):
    settings.AXES_ENABLED = False
    load_reference_data()
    load_demo()
    from accounts.models import User

    users = {u.email: u for u in User.objects.all()}
    singapore, kenya = users["delegate@singapore.demo"], users["delegate@kenya.demo"]
    chair, secretariat = users["chair@oewg.demo"], users["secretariat@oewg.demo"]
    open_session = Session.objects.get(title__startswith="Demonstration session")
    sub_item = open_session.body.agenda_items.filter(parent__isnull=False).first()

    draft = services.create_submission(
        by=singapore,
        title="Draft concept paper on a points-of-contact directory for incident response",
        session=open_session,
        sub_items=[sub_item],
        file=pdf_upload("poc-directory.pdf", "A points-of-contact directory. Capacity\u00adbuilding."),
    )
    asked = services.submit_submission(
        submission=services.create_submission(
            by=singapore,
            title="Concept paper on regional cyber capacity-building hubs with a deliberately long title to wrap",
            session=open_session,
            sub_items=[sub_item],
            file=pdf_upload("hubs.pdf", "Regional hubs for capacity-building."),
        ),
        by=singapore,
    )
    services.invite_cosponsor(submission=asked, delegation=kenya.delegation, by=singapore)
    question = questions.ask_question(
        submission=asked, by=chair, text="Which partners would host the first hubs, and how are they funded?"
    )
    kenya_paper = Submission.objects.get(delegation=kenya.delegation)
    workflow.record_decision(submission=kenya_paper, outcome="accept", by=secretariat, announce=True)
    india_paper = Submission.objects.get(delegation__name="India")
    workflow.record_decision(submission=india_paper, outcome="accept", by=secretariat, announce=True)
    publishing.publish(submission=india_paper, by=secretariat, versions=india_paper.versions.all())
    return {
        "draft": draft,
        "asked": asked,
        "question": question,
        "kenya_paper": kenya_paper,
        "published": india_paper,
        "version": Version.objects.filter(submission=asked).first(),
    }


def pages_of(role: str, w: dict) -> list[tuple[str, str, int]]:
    """(name, path, expected status) of every page the role uses."""
    asked, draft, published = w["asked"].public_id, w["draft"].public_id, w["published"].public_id
    common = [
        ("messages", "/notifications/messages/", 200),
        ("preferences", "/notifications/preferences/", 200),
        ("profile", "/accounts/profile/", 200),
        ("password-change", "/accounts/password/change/", 200),
        ("not-found", "/no-such-page/", 404),
    ]
    if role == "singapore":
        return [
            ("landing", "/submissions/", 200),
            ("new", "/submissions/new/", 200),
            ("paper-with-question", f"/submissions/{asked}/", 200),
            ("draft", f"/submissions/{draft}/", 200),
            ("edit-draft", f"/submissions/{draft}/edit/", 200),
            ("new-version", f"/submissions/{asked}/versions/new/", 200),
            ("withdraw", f"/submissions/{asked}/withdraw/", 200),
            ("members", "/accounts/delegation/", 200),
            ("refused-dashboard", "/review/", 403),
            *common,
        ]
    if role == "kenya":
        return [
            ("landing", "/submissions/", 200),
            ("invited-paper", f"/submissions/{asked}/", 200),
            ("decided-paper", f"/submissions/{w['kenya_paper'].public_id}/", 200),
            *common,
        ]
    reviewer = [
        ("queue", "/review/", 200),
        ("queue-filtered", "/review/?status=questions_sent", 200),
        ("detail", f"/review/submissions/{asked}/", 200),
        ("published-detail", f"/review/submissions/{published}/", 200),
        ("version-text", f"/review/versions/{w['version'].public_id}/text/", 200),
        ("search", "/search/?q=capacity", 200),
        ("audit", "/review/audit/", 200),
        *common,
    ]
    if role == "chair":
        return [*reviewer, ("refused-outbox", "/notifications/outbox/", 403)]
    return [
        *reviewer,
        ("decisions", "/review/decisions/", 200),
        ("record-emailed", "/review/record-emailed/", 200),
        ("sessions", "/review/sessions/", 200),
        ("outbox", "/notifications/outbox/", 200),
        ("indexing", "/search/status/", 200),
    ]


LOGINS = {
    "singapore": "delegate@singapore.demo",
    "kenya": "delegate@kenya.demo",
    "chair": "chair@oewg.demo",
    "secretariat": "secretariat@oewg.demo",
}

NAV_LINKS = """() => [...document.querySelectorAll('header a[href^="/"], nav[aria-label="Review"] a[href^="/"]')]
  .map(a => a.getAttribute('href')).filter(h => !h.startsWith('/static/'))"""
OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'));
  return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}"""


def walk(page, role: str, world: dict) -> list[str]:
    problems = []
    checked_links = set()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path, status in pages_of(role, world):
            response = page.goto(path)
            page.wait_for_load_state("networkidle")
            where = f"{role} {name} {path} @{width}px"
            if response.status != status:
                problems.append(f"{where}: answered {response.status}, expected {status}")
            if "OEWG concept papers" not in page.content():
                problems.append(f"{where}: not in the site's layout")
            overflow = page.evaluate(OVERFLOW)
            if overflow["scroll"] > overflow["client"]:
                problems.append(
                    f"{where}: scrolls sideways ({overflow['scroll']} > {overflow['client']}) {overflow['wide']}"
                )
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}: axe {violations}")
            text = page.inner_text("main")
            for shown in TIME_SHOWN.finditer(text):
                if not shown.group(1):
                    problems.append(f"{where}: a time without its zone: {shown.group(0)!r}")
            screenshot(page, f"walk-{role}-{name}-{width}")
            for href in page.evaluate(NAV_LINKS):
                if href in checked_links or href.startswith("/admin/"):
                    continue
                checked_links.add(href)
                answer = page.request.get(href)
                if answer.status >= 400:
                    problems.append(f"{where}: navigation link {href} answers {answer.status}")
    return problems


@pytest.mark.parametrize("role", list(LOGINS))
def test_every_page_reads_well_at_desktop_and_phone_width(page, world, role):
    log_in(page, LOGINS[role], PASSWORD)
    problems = walk(page, role, world)
    assert not problems, "\n".join(problems)


def test_the_delegate_sees_the_pending_question_with_its_button_first(page, world):
    log_in(page, LOGINS["singapore"], PASSWORD)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/submissions/")
    panel = page.locator("section.next-steps")
    first = panel.locator("li").first
    assert "Answer requested" in first.inner_text() or "Draft to submit" in first.inner_text()
    button = panel.get_by_role("link", name=re.compile("Answer the question"))
    assert button.is_visible()
    box = button.bounding_box()
    assert box["y"] < page.locator("table").bounding_box()["y"], "the button is below the list"
    button.click()
    page.wait_for_load_state("networkidle")
    assert f"#question-{world['question'].pk}" in page.url
    assert page.get_by_role("button", name="Send the answer").is_visible()


def test_anonymous_pages(page, world):
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path, status in [
            ("home", "/", 200),
            ("login", "/accounts/login/", 200),
            ("password-reset", "/accounts/password/reset/", 200),
            ("not-found", "/no-such-page/", 404),
        ]:
            response = page.goto(path)
            where = f"anonymous {name} @{width}px"
            if response.status != status:
                problems.append(f"{where}: answered {response.status}")
            overflow = page.evaluate(OVERFLOW)
            if overflow["scroll"] > overflow["client"]:
                problems.append(f"{where}: scrolls sideways {overflow}")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}: axe {violations}")
            screenshot(page, f"walk-anonymous-{name}-{width}")
    assert not problems, "\n".join(problems)


@pytest.mark.urls("tests.portal.urls_errors")
def test_error_pages_in_the_browser(page, world):
    log_in(page, LOGINS["chair"], PASSWORD)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path, status, phrase in [
            ("400", "/test-errors/suspicious/", 400, "could not be understood"),
            ("403-with-reason", "/test-errors/refused/", 403, "Only the Secretariat announces decisions."),
            ("404", "/no-such-page/", 404, "Page not found"),
            ("500", "/test-errors/boom/", 500, "Something went wrong on our side"),
            ("503", "/test-errors/database-gone/", 503, "briefly unavailable"),
        ]:
            response = page.goto(path)
            where = f"error {name} @{width}px"
            if response.status != status:
                problems.append(f"{where}: answered {response.status}")
            if phrase not in page.inner_text("main"):
                problems.append(f"{where}: does not say {phrase!r}")
            if page.get_by_role("link", name="Go to your start page").count() != 1:
                problems.append(f"{where}: no way onwards")
            overflow = page.evaluate(OVERFLOW)
            if overflow["scroll"] > overflow["client"]:
                problems.append(f"{where}: scrolls sideways {overflow}")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}: axe {violations}")
            screenshot(page, f"walk-error-{name}-{width}")
    assert not problems, "\n".join(problems)
