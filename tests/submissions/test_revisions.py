"""A paper has revisions; each revision has its texts in the six languages."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from submissions import services
from submissions.models import Version
from tests.review.workflow_helpers import text_file


def test_a_new_file_starts_the_next_revision_and_a_translation_joins_its_revision(submitted, delegate):
    french = services.add_version(
        submission=submitted, by=delegate, file=text_file("Texte en français"), language="fr", translation_of=1
    )
    revised = services.add_version(submission=submitted, by=delegate, file=text_file("Revised text"), language="en")
    spanish = services.add_version(
        submission=submitted, by=delegate, file=text_file("Texto revisado"), language="es", translation_of=2
    )

    assert (french.number, french.revision) == (2, 1)
    assert (revised.number, revised.revision) == (3, 2)
    assert (spanish.number, spanish.revision) == (4, 2)
    assert "revision 1" in submitted.events.filter(kind="version_uploaded")[1].message


def test_a_revision_has_one_text_per_language(submitted, delegate):
    with pytest.raises(services.SubmissionError, match="already has its English text"):
        services.add_version(
            submission=submitted, by=delegate, file=text_file("Again"), language="en", translation_of=1
        )
    with pytest.raises(services.SubmissionError, match="no revision 5"):
        services.add_version(
            submission=submitted, by=delegate, file=text_file("Texte"), language="fr", translation_of=5
        )
    assert submitted.versions.count() == 1


def test_the_upload_form_offers_a_translation_of_each_revision(client, submitted, delegate):
    client.force_login(delegate)
    page = client.get(f"/submissions/{submitted.public_id}/versions/new/").content.decode()
    assert "A translation of revision 1" in page

    client.post(
        f"/submissions/{submitted.public_id}/versions/new/",
        {"file": text_file("Texte en français"), "language": "fr", "translation_of": "1", "note": ""},
    )
    assert list(submitted.versions.values_list("revision", "language")) == [(1, "en"), (1, "fr")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_groups_existing_files_into_revisions_without_losing_any(submitted, delegate):
    # Files as they were uploaded before revisions existed: original, its translation, a revision,
    # its translation, then a second French file (a French revision of its own).
    for text, language in (("fr 1", "fr"), ("en 2", "en"), ("es 2", "es"), ("fr 2", "fr"), ("fr 3", "fr")):
        services.add_version(submission=submitted, by=delegate, file=text_file(text), language=language)
    before = list(Version.objects.order_by("number").values_list("pk", "number", "language", "file", "sha256"))
    executor = MigrationExecutor(connection)
    executor.migrate([("submissions", "0004_version_form_token")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("submissions", "0005_version_revision")])

    try:
        versions = Version.objects.order_by("number")
        assert list(versions.values_list("pk", "number", "language", "file", "sha256")) == before
        assert list(versions.values_list("revision", flat=True)) == [1, 1, 2, 2, 2, 3]
    finally:
        # Going back unapplied what depends on versions (publication's published versions): the
        # tests after this one need every table.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_diff_compares_revisions_within_one_language(submitted, delegate, secretariat, client):
    from review.diff import revisions_to_compare

    english_2 = services.add_version(submission=submitted, by=delegate, file=text_file("Second text"), language="en")
    french_2 = services.add_version(
        submission=submitted, by=delegate, file=text_file("Deuxième texte"), language="fr", translation_of=2
    )
    versions = list(submitted.versions.all())
    assert revisions_to_compare(versions) == (None, french_2)  # no earlier French revision
    assert revisions_to_compare(versions[:2]) == (versions[0], english_2)

    client.force_login(secretariat)
    page = client.get(
        reverse("review:diff", args=[submitted.public_id]), {"a": versions[0].public_id, "b": french_2.public_id}
    ).content.decode()
    assert "a translation, not a revision" in page
