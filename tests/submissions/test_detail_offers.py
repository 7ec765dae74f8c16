"""A paper's page offers only what still applies, and says nothing untrue about a draft."""

import re

import pytest

from submissions import services
from tests.review.workflow_helpers import with_status


def page(client, person, paper) -> str:
    client.force_login(person)
    response = client.get(f"/submissions/{paper.public_id}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_draft_does_not_claim_to_be_submitted(client, draft, delegate):
    html = page(client, delegate, draft)
    assert "submitted by" not in html
    assert ">Submitted<" not in html and "Submitted —" not in html
    assert "not submitted yet" in html
    # Its deadline names its zone and the time left.
    assert re.search(r"Deadline for this session:.*?\d{2}:\d{2} E[SD]T.*?left", html, re.S)


@pytest.mark.django_db
def test_a_submitted_paper_says_when_and_by_whom(client, submitted, delegate):
    html = page(client, delegate, submitted)
    assert "submitted by Singapore" in html
    assert re.search(r"Submitted</dt><dd[^>]*><time[^>]*>[^<]*\d{2}:\d{2} E[SD]T", html)


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["published", "withdrawn"])
def test_no_invitation_form_on_a_published_or_withdrawn_paper(client, submitted, delegate, status):
    with_status(submitted, status)
    html = page(client, delegate, submitted)
    assert "Invite to co-sponsor" not in html


@pytest.mark.django_db
def test_an_open_paper_still_invites(client, submitted, delegate):
    assert "Invite to co-sponsor" in page(client, delegate, submitted)


@pytest.mark.django_db
def test_an_invitee_sees_no_empty_cosponsors_heading(client, submitted, delegate, kenya, other_delegate):
    services.invite_cosponsor(submission=submitted, delegation=kenya, by=delegate)
    html = page(client, other_delegate, submitted)
    assert "invites your delegation to co-sponsor" in html
    assert 'id="cosponsors-heading"' not in html
