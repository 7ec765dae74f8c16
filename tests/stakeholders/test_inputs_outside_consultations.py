"""A stakeholder's written input outside consultations goes through the papers' flow, marked as stakeholder input."""

import pytest
from django.core.cache import cache

from publicsite.references import slug_for
from review import publishing, workflow
from submissions import services
from submissions.models import Submission
from tests.publicsite.conftest import text_file


@pytest.mark.django_db
def test_a_published_stakeholder_input_is_marked_and_a_states_paper_is_not(
    client, stakeholder, delegate, secretariat, session, sub_item, django_capture_on_commit_callbacks
):
    cache.clear()

    def published(by, title, kind):
        with django_capture_on_commit_callbacks(execute=True):
            paper = services.create_submission(
                by=by, title=title, session=session, sub_items=[sub_item], kind=kind, file=text_file("Our input.")
            )
        services.submit_submission(submission=paper, by=by)
        workflow.record_decision(submission=paper, outcome="accept", by=secretariat, announce=True)
        paper.refresh_from_db()
        return publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all())

    ngo = published(stakeholder, "Input on the draft annual progress report", Submission.Kind.WRITTEN_INPUT)
    state = published(delegate, "Working paper of Singapore", Submission.Kind.WORKING_PAPER)

    ngo_page = client.get(f"/papers/{slug_for(ngo.reference)}/").content.decode()
    state_page = client.get(f"/papers/{slug_for(state.reference)}/").content.decode()
    assert 'Written input <span class="badge text-bg-info">Stakeholder input</span></dd>' in ngo_page
    # The State's paper reads as a State's (its page may list the NGO's input among related papers).
    assert '<dd class="col-sm-8">Working paper</dd>' in state_page
    listing = client.get("/papers/").content.decode()
    assert listing.count("Stakeholder input") == 1
    # Among the delegations with published papers, the organisation reads as what it is.
    delegations = client.get("/delegations/").content.decode()
    assert delegations.count("Accredited stakeholder") == 1
    organisation = client.get(f"/delegations/{stakeholder.delegation_id}/").content.decode()
    assert "Accredited stakeholder" in organisation


@pytest.mark.django_db
def test_each_person_chooses_only_the_notices_that_can_reach_them(client, stakeholder, kenya_focal_point):
    client.force_login(stakeholder)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Invitations to informal consultations" in page
    assert "Applicants for accreditation circulated for non-objection" not in page
    client.force_login(kenya_focal_point)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Applicants for accreditation circulated for non-objection" in page
    assert "Invitations to informal consultations" not in page
