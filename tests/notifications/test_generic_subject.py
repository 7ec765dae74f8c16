"""The outbox knows no domain model: a message refers to what it is about generically."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications.events import EVENTS
from notifications.models import Message
from submissions import services
from submissions.models import Submission


@pytest.mark.django_db
def test_each_message_names_the_paper_it_is_about(cosponsored, delegate, chair_team):
    submission = services.submit_submission(submission=cosponsored, by=delegate)

    messages = Message.objects.filter(event="submission.received")
    assert messages.exists()
    assert {message.about for message in messages} == {submission}
    assert ContentType.objects.get_for_id(messages[0].about_type_id).model_class() is Submission


def test_every_event_is_registered_by_the_app_that_raises_it():
    """Submissions, indexing, publication and the review register their own events."""
    assert {
        "submission.received",
        "version.uploaded",
        "cosponsor.invited",
        "cosponsor.accepted",
        "cosponsor.declined",
        "submission.withdrawn",
        "indexing.failed",
        "question.asked",
        "question.answered",
        "decision.announced",
        "submission.published",
        "submission.unpublished",
        "status.changed",
    } <= set(EVENTS)
    for notices in EVENTS.values():
        for notice in notices:
            assert not notice.template.startswith("notifications/"), notice.template


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_paper_of_every_existing_message(cosponsored, delegate, chair_team):
    submission = services.submit_submission(submission=cosponsored, by=delegate)
    before = sorted(Message.objects.values_list("pk", "url"))
    assert before

    executor = MigrationExecutor(connection)
    executor.migrate([("notifications", "0002_message_handover")])
    # Back before the change, each message names its paper by the old foreign key...
    old = executor.loader.project_state([("notifications", "0002_message_handover")]).apps
    assert sorted(old.get_model("notifications", "Message").objects.values_list("pk", "submission_id")) == [
        (pk, submission.pk) for pk, _url in before
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    # ...and forward again, by what it is about, with the same link.
    assert sorted(Message.objects.values_list("pk", "url")) == before
    assert {message.about for message in Message.objects.all()} == {submission}
