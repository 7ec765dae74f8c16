"""A published paper's earlier published versions: read from the publication's record, with their dates."""

import datetime
import importlib
from contextlib import contextmanager
from unittest import mock

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from publication.events import LABELS
from publication.models import PublishedVersion
from publicsite import selectors
from publicsite.references import slug_for
from review import publishing
from submissions.models import Event, Version

from .conftest import bulk_published

rebuild = importlib.import_module("publication.migrations.0005_published_versions_from_history")


class Clock:
    """The days on which the Secretariat acts, one after another, after the world was published."""

    def __init__(self):
        self.today = timezone.now()

    @contextmanager
    def next_day(self):
        self.today += datetime.timedelta(days=1)
        with mock.patch("django.utils.timezone.now", return_value=self.today):
            yield self.today


def day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def paper_url(world) -> str:
    return reverse("publicsite:paper", args=[slug_for(world.publication.reference)])


def earlier_url(world, version: Version) -> str:
    return reverse(
        "publicsite:earlier_version_download", args=[slug_for(world.publication.reference), version.public_id]
    )


def earlier_section(client, world) -> str:
    """The page's list of earlier published versions ('' when it has none)."""
    page = client.get(paper_url(world)).content.decode()
    if 'id="earlier-heading"' not in page:
        return ""
    return page.split('id="earlier-heading"')[1].split("</section>")[0]


def republish(world, clock, versions) -> datetime.datetime:
    """Take the paper off and publish it again with these versions the next day, as the Secretariat does."""
    with clock.next_day() as today:
        publishing.unpublish(submission=world.published, by=world.secretariat, reason="A revised text")
        publishing.publish(submission=world.published, by=world.secretariat, versions=versions)
    return today


def revision_2_in_english(world):
    """The English revision uploaded after publication (never published in the world), with the French and Spanish files."""
    paper = world.published
    return [
        paper.versions.get(revision=2, language="en"),
        *paper.versions.filter(revision=1, language__in=["fr", "es"]),
    ]


def test_a_version_replaced_by_a_later_publication_is_listed_as_earlier_with_its_dates(client, world):
    assert earlier_section(client, world) == ""  # published once: nothing earlier yet
    first_english = world.published.versions.get(number=1)

    replaced_on = republish(world, Clock(), revision_2_in_english(world))

    earlier = earlier_section(client, world)
    assert earlier_url(world, first_english) in earlier
    assert "Revision 1, English" in earlier
    assert f"published from {day(world.publication.published_at)} to {day(replaced_on)}" in earlier
    # French and Spanish are still the published files: not earlier ones.
    assert "French" not in earlier and "Spanish" not in earlier
    download = client.get(earlier_url(world, first_english))
    assert b"".join(download.streaming_content).startswith(b"The interoperable")


def test_a_paper_taken_off_shows_no_earlier_version_and_its_taken_off_files_count_as_published_before(client, world):
    clock = Clock()
    first_english = world.published.versions.get(number=1)
    revised = world.published.versions.get(revision=2, language="en")
    republish(world, clock, revision_2_in_english(world))

    with clock.next_day():
        publishing.unpublish(submission=world.published, by=world.secretariat, reason="Published by mistake")
    assert client.get(paper_url(world)).status_code == 404
    assert client.get(earlier_url(world, first_english)).status_code == 404

    # Published again with the first English text: the revision taken off with the paper was published before.
    with clock.next_day():
        publishing.publish(
            submission=world.published, by=world.secretariat, versions=world.published.versions.filter(revision=1)
        )
    earlier = earlier_section(client, world)
    assert earlier_url(world, revised) in earlier and "Revision 2, English" in earlier
    assert earlier_url(world, first_english) not in earlier  # published again: current, not earlier
    assert client.get(earlier_url(world, first_english)).status_code == 404


def test_the_list_does_not_hang_on_how_the_history_words_a_publication(client, world):
    first_english = world.published.versions.get(number=1)
    republish(world, Clock(), revision_2_in_english(world))
    # The history's entries reworded: their labels, and the files they name.
    Event.objects.filter(submission=world.published, kind="published").update(
        data={"reference": world.publication.reference, "versions": ["the English text, first revision"]}
    )
    with mock.patch.dict(LABELS, published=lambda data: "Made public"):
        earlier = earlier_section(client, world)
    assert earlier_url(world, first_english) in earlier
    assert client.get(earlier_url(world, first_english)).status_code == 200


def test_a_version_never_published_is_never_listed_nor_served(client, world):
    revised = world.published.versions.get(revision=2, language="en")
    assert earlier_section(client, world) == ""  # the revision uploaded after publication is not public
    assert client.get(earlier_url(world, revised)).status_code == 404

    clock = Clock()
    with clock.next_day():
        publishing.unpublish(submission=world.published, by=world.secretariat, reason="A Russian text is coming")
    russian = world.add(world.published, "Интероперабельный портал сотрудничества.", "ru", translation_of=1)
    with clock.next_day():
        publishing.publish(submission=world.published, by=world.secretariat, versions=revision_2_in_english(world))

    earlier = earlier_section(client, world)
    assert "Revision 1, English" in earlier
    assert "Russian" not in earlier and earlier_url(world, russian) not in earlier
    assert client.get(earlier_url(world, russian)).status_code == 404


def public_paper(world):
    return selectors.paper_by_slug(slug_for(world.publication.reference), AnonymousUser())


def page_queries(client, world) -> int:
    """The queries of the paper's page with nothing kept (the paper and its earlier versions read afresh)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(paper_url(world)).status_code == 200
    return len(queries)


def test_earlier_versions_in_the_six_languages_cost_the_same_queries_as_one(client, world, django_assert_num_queries):
    clock = Clock()
    paper = world.published
    with clock.next_day():
        publishing.unpublish(submission=paper, by=world.secretariat, reason="All six languages")
    for language, text in (("ar", "بوابة التعاون"), ("ru", "Портал сотрудничества"), ("zh", "合作门户")):
        world.add(paper, text, language, translation_of=1)
    with clock.next_day():
        publishing.publish(submission=paper, by=world.secretariat, versions=paper.versions.filter(revision=1))
    assert earlier_section(client, world) == ""

    # Revision 2 published in English only: one earlier version.
    republish(world, clock, [paper.versions.get(revision=2, language="en"), *paper.versions.filter(revision=1)[1:]])
    assert earlier_section(client, world).count("<li>") == 1
    paper_shown = public_paper(world)
    with django_assert_num_queries(1):  # without a version of the published set: read afresh
        assert len(selectors.earlier_published_versions(paper_shown)) == 1
    one = page_queries(client, world)

    # Revision 2 in all six languages, among many more published papers: six earlier versions.
    with clock.next_day():
        publishing.unpublish(submission=paper, by=world.secretariat, reason="Revision 2 translated")
    for language, text in (
        ("fr", "Révision"),
        ("es", "Revisión"),
        ("ar", "مراجعة"),
        ("ru", "Редакция"),
        ("zh", "修订"),
    ):
        world.add(paper, f"{text} 2", language, translation_of=2)
    bulk_published(300)
    with clock.next_day():
        publishing.publish(submission=paper, by=world.secretariat, versions=paper.versions.filter(revision=2))
    earlier = earlier_section(client, world)
    assert earlier.count("<li>") == 6
    for name in ("Arabic", "Chinese", "English", "French", "Russian", "Spanish"):
        assert f"Revision 1, {name}" in earlier
    paper_shown = public_paper(world)
    with django_assert_num_queries(1):  # without a version of the published set: read afresh
        assert len(selectors.earlier_published_versions(paper_shown)) == 6
    assert page_queries(client, world) == one


def test_the_migration_rebuilds_the_same_record_from_the_history(client, world):
    republish(world, Clock(), revision_2_in_english(world))
    bulk_published(2)  # papers with no history at all: their record is their publication's files

    def record():
        return sorted(
            (p.publication_id, p.version_id, day(p.published_at), p.ended_at and day(p.ended_at))
            for p in PublishedVersion.objects.all()
        )

    written, page = record(), earlier_section(client, world)
    # The world's paper: three files published, then three again (two of them kept) after it was taken off;
    # two files of each bulk paper; one of the paper taken off.
    assert len(written) == 3 + 3 + 2 * 2 + 1
    PublishedVersion.objects.all().delete()
    rebuild.fill(apps, None)
    assert record() == written
    cache.clear()
    assert earlier_section(client, world) == page
