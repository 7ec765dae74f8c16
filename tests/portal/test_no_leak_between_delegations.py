"""Every URL of the portal, opened by every kind of person with the ids of another delegation's
unpublished work in it: no page shows that work's title, summary or file to anyone who may not read it.

The URLs come from the resolver (as in test_never_a_server_error), so a new page is walked too.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from review.models import Question
from submissions import services

from ..factories import DelegateFactory, DelegationFactory
from .test_never_a_server_error import URLS, fill

DRAFT_MARK = "Draftmarkquokka"
SUBMITTED_MARK = "Submittedmarkwombat"


def paper(by, session, sub_item, mark, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_submission(
            by=by,
            title=f"{mark} title",
            summary=f"{mark} summary",
            session=session,
            sub_items=[sub_item],
            file=SimpleUploadedFile(f"{mark}.txt", f"{mark} body text.\n".encode(), content_type="text/plain"),
        )


@pytest.fixture
def unpublished(delegate, session, sub_item, secretariat, django_capture_on_commit_callbacks):
    draft = paper(delegate, session, sub_item, DRAFT_MARK, django_capture_on_commit_callbacks)
    submitted = paper(delegate, session, sub_item, SUBMITTED_MARK, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_submission(submission=submitted, by=delegate)
    question = Question.objects.create(submission=submitted, asked_by=secretariat, text=f"{SUBMITTED_MARK} question")
    return draft, submitted, question


def worlds(draft, submitted, question):
    for target in (draft, submitted):
        yield {
            "submission": target,
            "version": target.versions.get(),
            "invitation": None,
            "question": question,
            "extension": None,
            "message": None,
        }


def pages_of(client, person, url):
    client.logout()
    if person is not None:
        client.force_login(person)
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content  # files, exports
    return body.decode(errors="replace")


@pytest.mark.parametrize(("name", "route"), URLS, ids=[name for name, _ in URLS])
def test_no_page_shows_another_delegations_unpublished_work(
    client, unpublished, chair_team, secretariat, name, route, monkeypatch
):
    draft, submitted, question = unpublished
    outsider = DelegateFactory(email="d@peru.example", delegation=DelegationFactory(name="Peru"))
    for world in worlds(draft, submitted, question):
        # Routes needing an invitation or an extension get a harmless id: the walk is about the paper.
        world["invitation"] = type("Row", (), {"pk": 999999})()
        world["extension"] = type("Row", (), {"pk": 999999})()
        url = fill(name, route, world)
        for person in (None, outsider):
            html = pages_of(client, person, url)
            assert DRAFT_MARK not in html and SUBMITTED_MARK not in html, (url, person)
        for reviewer in (chair_team, secretariat):
            assert DRAFT_MARK not in pages_of(client, reviewer, url), (url, reviewer)
