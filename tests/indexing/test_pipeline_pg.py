"""The worker's result written in one UPDATE on PostgreSQL: the same search vector as the index's own
writer, huge texts indexed without positions, and few statements a file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indexing import search, services
from indexing.models import Extraction

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the search vector is PostgreSQL's")


def vector_of(extraction_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM indexing_extraction WHERE id = %s", [extraction_id])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Les points de contact et le renforcement des capacités des États.\n" * 40, "fr"),
        ("工作组讨论了能力建设需求以及所有国家的联络点问题 ICT 安全。\n" * 40, "zh"),
    ],
)
def test_the_worker_writes_the_vector_the_index_writes(paper_factory, upload, text, language):
    paper = paper_factory("Capacités et 能力建设", summary="Un résumé des mesures de confiance.")
    version = upload(paper, text.encode(), name="p.txt", content_type="text/plain", language=language)
    extraction = version.extraction
    assert (extraction.state, extraction.detected_language) == ("indexed", language)
    written = vector_of(extraction.pk)

    assert services.reindex_text(version_id=version.pk) == "indexed"  # indexing.search's own writer
    assert vector_of(extraction.pk) == written


def test_of_a_text_too_large_for_a_search_vector_the_start_is_indexed(paper_factory, upload):
    # 150,000 different words: their vector would pass PostgreSQL's 1 MB.
    text = "unmistakable " + " ".join(f"w{n:06d}x" for n in range(150_000))
    version = upload(paper_factory(), text.encode(), name="big.txt", content_type="text/plain")
    assert version.extraction.state == "indexed", version.extraction.failure_reason
    assert version.extraction.words == 150_001  # the text is kept whole
    assert search.search("unmistakable").total == search.search("w000001x").total == 1
    assert search.search("w149999x").total == 0


def test_a_file_costs_two_short_transactions(paper_factory, upload):
    from unittest import mock

    from django.core.files.uploadedfile import SimpleUploadedFile

    from submissions import services as submission_services
    from tests.factories import make_pdf

    paper = paper_factory()
    with mock.patch("indexing.services.enqueue"):
        version = submission_services.add_version(
            submission=paper, by=paper.created_by, file=SimpleUploadedFile("p.pdf", make_pdf()), language="en"
        )
    with CaptureQueriesContext(connection) as queries:
        services.run_extraction(version_id=version.pk, task_id="counted")
    assert Extraction.objects.get(version=version).state == "indexed"
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    statements = [word for word in statements if word not in ("SAVEPOINT", "RELEASE")]  # the test's transaction
    # Claim: the row locked and read with its version, then taken; result: the row and the submission
    # locked and read, then written with its vector and duplicate; each commits without waiting (SET).
    assert statements == ["SET", "SELECT", "UPDATE", "SET", "SELECT", "UPDATE"]
