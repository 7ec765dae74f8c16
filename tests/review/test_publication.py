"""Publication: portal references per session, never reused, kept when unpublished; UN symbols."""

import datetime
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEntry
from notifications.models import Message
from publication.models import Publication
from publication.services import PublicationError
from review import publishing, workflow
from review.workflow import TransitionNotAllowed
from submissions import services
from submissions.models import Counter, Event, Submission
from tests.factories import DelegateFactory, SecretariatFactory, SessionFactory, pdf_upload

from .workflow_helpers import add_cosponsor, recipients, snapshot, text_file, with_status

S = Submission.Status


def accepted_paper(*, delegate, session, sub_item, secretariat, title="Paper", language="en"):
    paper = services.create_submission(
        by=delegate,
        title=title,
        session=session,
        sub_items=[sub_item],
        file=pdf_upload(),
        original_language=language,
    )
    paper = services.submit_submission(submission=paper, by=delegate)
    workflow.record_decision(submission=paper, outcome="accept", by=secretariat, announce=True)
    paper.refresh_from_db()
    return paper


@pytest.fixture
def make_accepted(delegate, session, sub_item, secretariat):
    def make(title="Paper", *, in_session=None):
        return accepted_paper(
            delegate=delegate, session=in_session or session, sub_item=sub_item, secretariat=secretariat, title=title
        )

    return make


def test_references_run_per_session_with_the_bodys_pattern(make_accepted, secretariat, session):
    year = session.start_date.year
    references = [
        publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all()).reference
        for paper in (make_accepted("One"), make_accepted("Two"), make_accepted("Three"))
    ]
    assert references == [f"OEWG/{year}/WP.1", f"OEWG/{year}/WP.2", f"OEWG/{year}/WP.3"]
    assert list(Publication.objects.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_a_pattern_naming_the_session_gives_each_session_its_own_series(make_accepted, secretariat, session):
    session.body.reference_pattern = "OEWG/S{session}/WP.{n}"
    session.body.save()
    later = SessionFactory(body=session.body, number=session.number + 1)
    a = make_accepted("A")
    b = make_accepted("B", in_session=later)
    ref_a = publishing.publish(submission=a, by=secretariat, versions=a.versions.all()).reference
    ref_b = publishing.publish(submission=b, by=secretariat, versions=b.versions.all()).reference
    assert ref_a == f"OEWG/S{session.number}/WP.1"
    assert ref_b == f"OEWG/S{later.number}/WP.1"


@pytest.mark.parametrize("pattern", ["OEWG/{year}/WP.{n", "OEWG/{year.month}/WP.{n}", "OEWG/{n[0]}"])
def test_a_pattern_mistyped_by_an_administrator_refuses_publication_with_a_message(
    make_accepted, secretariat, session, pattern
):
    session.body.reference_pattern = pattern
    session.body.save()
    paper = make_accepted()
    before = snapshot(paper)
    with pytest.raises(PublicationError, match="an administrator must correct it"):
        publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all())
    assert snapshot(paper) == before


def test_sessions_of_one_year_never_share_a_reference(make_accepted, secretariat, session):
    """With the default pattern two sessions of a year write the same references: taken ones are skipped."""
    march = SessionFactory(body=session.body, start_date=datetime.date(2024, 3, 4))
    july = SessionFactory(body=session.body, start_date=datetime.date(2024, 7, 8))
    first = make_accepted("First", in_session=march)
    second = make_accepted("Second", in_session=july)
    ref_first = publishing.publish(submission=first, by=secretariat, versions=first.versions.all()).reference
    ref_second = publishing.publish(submission=second, by=secretariat, versions=second.versions.all()).reference
    assert (ref_first, ref_second) == ("OEWG/2024/WP.1", "OEWG/2024/WP.2")


def test_unpublish_keeps_the_reference_and_republishing_reuses_it(make_accepted, secretariat, delegate):
    paper = make_accepted()
    publication = publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all())
    counter_before = Counter.objects.get(key=f"publication:{paper.session_id}").last

    publishing.unpublish(submission=paper, by=secretariat, reason="A wrong file was attached.")
    paper.refresh_from_db()
    publication.refresh_from_db()
    assert paper.status == S.ACCEPTED
    assert publication.reference == f"OEWG/{paper.session.start_date.year}/WP.1"
    assert not publication.is_published and publication.unpublish_reason == "A wrong file was attached."
    assert recipients("submission.unpublished") == {delegate.email}

    again = publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all())
    assert again.pk == publication.pk and again.reference == publication.reference and again.is_published
    assert Counter.objects.get(key=f"publication:{paper.session_id}").last == counter_before
    # The next paper gets the next number: none is ever reused.
    other = make_accepted("Other")
    assert publishing.publish(submission=other, by=secretariat, versions=other.versions.all()).number == 2


def test_publication_records_versions_and_tells_the_delegation_and_cosponsors(
    make_accepted, secretariat, delegate, kenya
):
    paper = make_accepted()
    cosponsor = add_cosponsor(paper, delegation=kenya, invited_by=delegate)
    french = services.add_version(submission=paper, by=delegate, file=text_file("Document en français"), language="fr")
    Message.objects.all().delete()

    publication = publishing.publish(
        submission=paper, by=secretariat, versions=[paper.versions.get(number=1), french], un_symbol="A/AC.292/2025/1"
    )

    paper.refresh_from_db()
    assert paper.status == S.PUBLISHED
    assert sorted(publication.versions.values_list("language", flat=True)) == ["en", "fr"]
    assert publication.un_symbol == "A/AC.292/2025/1" and publication.published_by == secretariat
    assert recipients("submission.published") == {delegate.email, cosponsor.email}
    assert publication.reference in Message.objects.filter(event="submission.published").first().subject
    assert Event.objects.get(kind="published").data["reference"] == publication.reference
    assert AuditEntry.objects.filter(action="submission.published").exists()


def test_one_version_per_language_of_this_paper_only(make_accepted, secretariat, delegate):
    paper, other = make_accepted("One"), make_accepted("Other")
    second = services.add_version(submission=paper, by=delegate, file=text_file("English again"), language="en")
    for versions, message in (
        ([], "at least one"),
        ([paper.versions.get(number=1), second], "one version per language"),
        ([other.versions.get()], "Only versions of this paper"),
    ):
        before = snapshot(paper)
        with pytest.raises(PublicationError, match=message):
            publishing.publish(submission=paper, by=secretariat, versions=versions)
        assert snapshot(paper) == before
    assert not Publication.objects.exists()


@pytest.mark.parametrize("status", [s for s in S.values if s != S.ACCEPTED])
def test_only_an_accepted_paper_is_published(submitted, secretariat, status):
    paper = with_status(submitted, status)
    before = snapshot(paper)
    with pytest.raises(TransitionNotAllowed):
        publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all())
    assert snapshot(paper) == before
    assert not Publication.objects.exists() and not Counter.objects.filter(key__startswith="publication:").exists()


@pytest.mark.parametrize("role", ["delegate", "chair_team"])
def test_only_the_secretariat_publishes_and_unpublishes(request, make_accepted, secretariat, role):
    person = request.getfixturevalue(role)
    paper = make_accepted()
    with pytest.raises(TransitionNotAllowed):
        publishing.publish(submission=paper, by=person, versions=paper.versions.all())
    publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all())
    with pytest.raises(TransitionNotAllowed):
        publishing.unpublish(submission=paper, by=person, reason="No")
    with pytest.raises(TransitionNotAllowed):
        publishing.set_un_symbol(submission=paper, by=person, un_symbol="A/AC.292/2025/2")


def test_unpublishing_needs_a_reason(make_accepted, secretariat):
    paper = make_accepted()
    publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all())
    with pytest.raises(PublicationError, match="reason"):
        publishing.unpublish(submission=paper, by=secretariat, reason=" ")
    paper.refresh_from_db()
    assert paper.status == S.PUBLISHED


def test_un_symbol_is_recorded_checked_and_kept(make_accepted, secretariat):
    paper = make_accepted()
    with pytest.raises(PublicationError, match="publish it first"):
        publishing.set_un_symbol(submission=paper, by=secretariat, un_symbol="A/AC.292/2025/1")
    publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all())
    with pytest.raises(PublicationError, match="does not look like"):
        publishing.set_un_symbol(submission=paper, by=secretariat, un_symbol="not a symbol")
    publication = publishing.set_un_symbol(submission=paper, by=secretariat, un_symbol=" A/AC.292/2025/CRP.1 ")
    assert publication.un_symbol == "A/AC.292/2025/CRP.1"
    assert Event.objects.filter(kind="un_symbol_set").exists()
    assert AuditEntry.objects.filter(action="publication.un_symbol_set").exists()


# --- Two publications at the same instant ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_publications_at_the_same_instant_get_different_numbers(session, sub_item):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite lets one writer in at a time (IMMEDIATE transactions), so two publications cannot "
            "overlap there; the race exists on PostgreSQL, where this test runs."
        )
    secretariat = SecretariatFactory()
    papers = [
        accepted_paper(
            delegate=DelegateFactory(), session=session, sub_item=sub_item, secretariat=secretariat, title=f"P{i}"
        )
        for i in range(4)
    ]
    barrier = threading.Barrier(len(papers))
    results, errors = {}, []

    def publish(paper):
        try:
            barrier.wait(timeout=10)
            publication = publishing.publish(submission=paper, by=secretariat, versions=list(paper.versions.all()))
            results[paper.pk] = publication.reference
        except Exception as error:  # reported below, with the thread's error
            errors.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=publish, args=(paper,)) for paper in papers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    year = session.start_date.year
    assert sorted(results.values()) == sorted(f"OEWG/{year}/WP.{n}" for n in range(1, 5))
    assert set(Submission.objects.filter(pk__in=results).values_list("status", flat=True)) == {S.PUBLISHED}


@pytest.mark.django_db(transaction=True)
def test_moving_publication_to_its_own_app_keeps_every_reference_and_its_versions(make_accepted, secretariat):
    paper = make_accepted()
    publishing.publish(submission=paper, by=secretariat, versions=paper.versions.all(), un_symbol="A/AC.292/2025/1")
    fields = ("pk", "submission_id", "session_id", "number", "reference", "un_symbol", "published_at")
    before = list(Publication.objects.values_list(*fields))
    versions = list(Publication.versions.through.objects.values_list("publication_id", "version_id"))

    executor = MigrationExecutor(connection)
    executor.migrate([("review", "0001_initial"), ("publication", None)])
    # Back to when the review held the model: the same table, the same row.
    old = executor.loader.project_state([("review", "0001_initial")]).apps.get_model("review", "Publication")
    assert list(old.objects.values_list(*fields)) == before
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(Publication.objects.values_list(*fields)) == before
    assert list(Publication.versions.through.objects.values_list("publication_id", "version_id")) == versions
    assert ContentType.objects.get_for_model(Publication).app_label == "publication"
    assert not ContentType.objects.filter(app_label="review", model="publication").exists()
