"""Uploading a paper through the form takes the same number of queries whatever the portal holds (issue #13):
the form, its post with "Submit now", and the paper's page the delegate is sent to."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda.models import DeadlineExtension
from notifications.models import Message
from portal.time_format import when
from submissions.models import Submission
from tests.factories import AgendaItemFactory, ChairTeamFactory, DelegationFactory, SecretariatFactory, pdf_upload

from .test_views import new_submission_data

# Counted without the session's own query: its engine may keep sessions in the cache. Counted as a
# worker that served an upload already serves the next: the current sessions with their deadline
# extensions, the sub-items, the delegations, the Chair's team and the Secretariat and the sub-items
# someone follows kept in the cache (common.kept).
# The form: the user and the user's delegation.
FORM_QUERIES = 2
# The post: the user and their delegation (the open sessions and the sub-items kept; the chosen
# session and sub-items are those listed, not read again), then the paper (counting its file, its
# form token checked by its unique constraint) with its file, its sub-items, the extraction it waits
# for (one INSERT … ON CONFLICT), its events and audit entries in one INSERT each, its reference (the
# paper, made in this transaction, not read again: its session's deadline extensions are kept with
# the session), and the receipt and notices written to the outbox in the same transaction: the
# delegation's members read, the reviewers' preferences (the reviewers kept; the followers not read
# when nobody follows the paper's sub-items; the sub-items and co-sponsors just linked not read again).
POST_QUERIES = 23
# The paper's page: the user, the paper with its sub-items, co-sponsors and versions, the
# user's delegation and the history (the delegations to invite kept).
PAGE_QUERIES = 7


def queries(request):
    """The response, and the queries it took besides reading the session."""
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return response, [q["sql"] for q in captured.captured_queries if '"django_session"' not in q["sql"]]


@pytest.mark.parametrize("more", [0, 6])
def test_an_upload_takes_a_constant_number_of_queries(client, delegate, session, sub_item, more):
    ChairTeamFactory()
    SecretariatFactory()
    for n in range(more):
        DelegationFactory(name=f"Co-sponsoring State {n}")
        AgendaItemFactory(title=f"Another sub-item {n}")
        ChairTeamFactory()
        SecretariatFactory()
    client.force_login(delegate)
    ContentType.objects.get_for_model(Submission)  # cached for the process's life, as a served worker has it

    # A first upload, which reads the lists kept in the cache, as a worker that served one already has them.
    client.post(reverse("submissions:create"), new_submission_data(session, sub_item, file=pdf_upload()))
    form, taken = queries(lambda: client.get(reverse("submissions:create")))
    assert len(taken) == FORM_QUERIES, taken
    token = re.search(r'name="form_token" value="([^"]+)"', form.content.decode()).group(1)

    data = new_submission_data(session, sub_item, form_token=token, file=pdf_upload())
    response, taken = queries(lambda: client.post(reverse("submissions:create"), data))
    assert response.status_code == 302
    assert len(taken) == POST_QUERIES, taken

    page, taken = queries(lambda: client.get(response["Location"]))
    assert len(taken) == PAGE_QUERIES, taken
    paper = Submission.objects.latest("pk")
    assert paper.reference in page.content.decode()
    assert "a receipt is on its way by email" in page.content.decode()
    # The receipt, and each reviewer's notice, in the outbox (for each of the two papers).
    assert Message.objects.filter(event="submission.received", about_id=paper.pk).count() == 1 + 2 * (1 + more)


def test_a_refused_form_keeps_what_was_typed_and_ties_each_error_to_its_field(client, delegate, session, sub_item):
    client.force_login(delegate)
    data = new_submission_data(session, sub_item, title="", summary='Keep "this" <text>', sub_items=[])
    page = client.post(reverse("submissions:create"), data).content.decode()
    assert 'aria-describedby="id_title_helptext id_title_error"' in page
    assert 'aria-invalid="true"' in page
    assert '<div id="id_title_error" class="invalid-feedback">' in page
    assert '<fieldset aria-describedby="id_sub_items_helptext id_sub_items_error">' in page
    assert ">\nKeep &quot;this&quot; &lt;text&gt;</textarea>" in page
    assert f'<option value="{session.pk}" selected>' in page
    assert Submission.objects.count() == 0


def test_the_form_offers_a_closed_session_to_the_delegation_it_was_extended_for(
    client, delegate, other_delegate, session, sub_item
):
    session.submission_deadline = timezone.now() - datetime.timedelta(days=1)
    session.save()
    extended = timezone.now() + datetime.timedelta(days=3)
    DeadlineExtension.objects.create(session=session, delegation=delegate.delegation, deadline=extended)
    client.force_login(delegate)
    page = client.get(reverse("submissions:create")).content.decode()
    assert f'<option value="{session.pk}">' in page
    assert when(extended) in page
    client.force_login(other_delegate)
    assert "Submissions are closed" in client.get(reverse("submissions:create")).content.decode()
