"""The review, in a browser: question → answer with a revision → diff → accept → publish."""

import pytest

from audit.models import AuditEntry
from notifications.models import Message
from publication.models import Publication
from submissions import services
from submissions.models import Event, Submission
from tests.factories import (
    AgendaItemFactory,
    DelegateFactory,
    DelegationFactory,
    SecretariatFactory,
    make_pdf,
    pdf_upload,
)

from .conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def paper(session):
    item = AgendaItemFactory(code="5(e)", title="Capacity-building", order=5)
    DelegationFactory(name="Kenya")
    delegate = DelegateFactory(
        email="delegate@singapore.demo", full_name="Tan Wei Ling", delegation__name="Singapore", role="focal_point"
    )
    submission = services.create_submission(
        by=delegate,
        title="Concept paper on a capacity-building catalogue",
        summary="How a needs-based catalogue matches requests and offers.",
        session=session,
        sub_items=[item],
        file=pdf_upload(
            "catalogue.pdf", text="The catalogue lists needs of States. Offers are matched by the Secretariat.", pages=2
        ),
    )
    return services.submit_submission(submission=submission, by=delegate)


def test_secretariat_questions_delegate_revises_secretariat_publishes(browser, live_server, page, paper, tmp_path):
    secretariat = SecretariatFactory(email="secretariat@un.demo", full_name="Ana Secretariat")
    detail_url = f"/review/submissions/{paper.public_id}/"

    # The Secretariat opens the paper, starts the review and asks a question.
    log_in(page, secretariat.email)
    page.goto(detail_url)
    page.get_by_role("button", name="Start the review").click()
    page.get_by_text("The paper is now “Under review”").wait_for()
    page.get_by_label("Question to the delegation").fill("Who would maintain the catalogue, and with what budget?")
    page.get_by_role("button", name="Send the question").click()
    page.get_by_text("The question is sent to the delegation.").wait_for()
    assert axe_violations(page) == []

    # The delegate sees it on the paper's page, answers it and uploads a revision.
    revised = tmp_path / "catalogue-rev1.pdf"
    revised.write_bytes(
        make_pdf("The catalogue lists needs of States. Offers are matched by a voluntary fund and its board.", pages=2)
    )
    delegate_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    delegate_page = delegate_context.new_page()
    delegate_page.set_default_timeout(15000)
    log_in(delegate_page, "delegate@singapore.demo")
    delegate_page.goto(f"/submissions/{paper.public_id}/")
    delegate_page.get_by_text("Who would maintain the catalogue").wait_for()
    assert axe_violations(delegate_page) == []
    screenshot(delegate_page, "delegate-question")
    delegate_page.get_by_label("Your answer").fill("A voluntary fund with a small board; see the revision, section 2.")
    delegate_page.get_by_label("Revised paper (optional)").set_input_files(str(revised))
    delegate_page.get_by_role("button", name="Send the answer").click()
    delegate_page.get_by_text("Your answer is sent to the Chair's team.").wait_for()
    delegate_context.close()

    paper.refresh_from_db()
    assert paper.status == Submission.Status.REVISED and paper.version_count == 2

    # The Secretariat sees the answer and what changed.
    page.goto(detail_url)
    page.get_by_text("A voluntary fund with a small board").wait_for()
    page.get_by_role("button", name="Show changes").click()
    page.get_by_role("heading", name="What changed from version 1 to version 2").wait_for()
    assert page.locator(".text-diff ins").count() > 0 and page.locator(".text-diff del").count() > 0
    assert "voluntary fund" in " ".join(page.locator(".text-diff ins").all_inner_texts())
    assert axe_violations(page) == []
    screenshot(page, "review-diff")

    # It accepts the paper, announcing at once, and publishes it.
    page.goto(detail_url)
    page.get_by_text("Record a decision").click()
    page.get_by_label("Accept", exact=True).check()
    page.get_by_label("Message to the delegation").fill("Accepted with thanks.")
    page.get_by_label("Announce it now").check()
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded and announced").wait_for()
    page.get_by_role("button", name="Publish").click()
    page.locator(".messages").get_by_text("Published as OEWG/").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "review-detail")

    publication = Publication.objects.get()
    paper.refresh_from_db()
    assert paper.status == Submission.Status.PUBLISHED
    assert list(publication.versions.values_list("number", flat=True)) == [2]
    assert page.get_by_text(publication.reference).first.is_visible()

    # Every step is in the history, the audit log and the outbox.
    kinds = list(Event.objects.filter(submission=paper).values_list("kind", flat=True))
    for kind in ("submitted", "status_changed", "question_asked", "version_uploaded", "question_answered"):
        assert kind in kinds
    assert kinds[-3:] == ["decision_recorded", "decision_announced", "published"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"question.asked", "question.answered", "decision.announced", "submission.published"} <= actions
    events = set(Message.objects.values_list("event", flat=True))
    assert {"question.asked", "question.answered", "decision.announced", "submission.published"} <= events

    # The audit log shows them too.
    page.goto(f"/review/audit/?object={paper.reference}")
    assert page.get_by_role("cell", name="submission.published").is_visible()
    assert axe_violations(page) == []


def test_a_delegate_is_refused_the_dashboard(page, paper):
    log_in(page, "delegate@singapore.demo")
    response = page.goto(f"/review/submissions/{paper.public_id}/")
    assert response.status == 403


def test_secretariat_records_an_emailed_paper_and_announces_decisions(page, paper, tmp_path):
    secretariat = SecretariatFactory(email="secretariat@un.demo", full_name="Ana Secretariat")
    emailed = tmp_path / "kenya-threat-repository.pdf"
    emailed.write_bytes(make_pdf("A threat repository within the United Nations.", pages=1))

    log_in(page, secretariat.email)
    page.goto("/review/record-emailed/")
    page.get_by_label("Delegation that sent it").select_option(label="Kenya")
    page.get_by_label("Title").fill("Working paper on a threat repository")
    page.get_by_label("5(e) Capacity-building").check()
    page.get_by_label("File of the paper").set_input_files(str(emailed))
    assert axe_violations(page) == []
    screenshot(page, "review-record-emailed")
    page.get_by_role("button", name="Record and submit").click()
    page.get_by_text("on behalf of Kenya").wait_for()
    recorded = Submission.objects.get(title="Working paper on a threat repository")
    assert recorded.status == Submission.Status.SUBMITTED and recorded.delegation.name == "Kenya"

    from review import workflow

    workflow.record_decision(submission=recorded, outcome="accept", by=secretariat)
    workflow.record_decision(submission=paper, outcome="not_accept", by=secretariat, comment="Out of scope")
    page.goto("/review/decisions/")
    assert page.get_by_role("row").count() == 3
    assert axe_violations(page) == []
    screenshot(page, "review-decisions")
    page.get_by_role("button", name="Announce the chosen decisions now").click()
    page.get_by_text("2 decisions announced").wait_for()
    assert set(Submission.objects.values_list("status", flat=True)) == {"accepted", "not_accepted"}

    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Action").select_option("decision.announced")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("cell", name="decision.announced").count() == 2
    assert axe_violations(page) == []
    screenshot(page, "review-audit-log")
