"""The worker's result written in one UPDATE on PostgreSQL: the same search vector as the index's own
writer, huge texts indexed without positions, and few statements a file; the Chinese part of the vector
made in Python, equal to PostgreSQL's to_tsvector."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indexing import search, services, vector
from indexing.models import Extraction
from indexing.text import index_form
from tests.indexing.corpus import ARABIC, CHINESE, RUSSIAN

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


# --- The Chinese part of the vector made in Python (indexing.vector) -----------------------------
LATIN_PIECES = (
    " ICT ", "OEWG", " capacity-building ", "2025", "第1条", " A/RES/75/240 ", "https://www.un.org/disarmament/ict-security/",
    " e-mail: focal.point@mfa.gov.cn ", " COVID-19 ", "３０％", " v1.2.3 ", "3.14", " e.g. ", "（a）", "《联合国宪章》",
    " Confidence-Building Measures (CBMs) ", " naïve État-membre ", "ΣΑΣ", " Россия ", "O'Neil's", "C:\\docs\\x",
    " -5 ", "+7", "/usr/bin", "foo_bar", "&amp;", " 100,000 ", "2.5%", "Point-of-Contact", "１２３", "Ａｂｃ", "\n", "\f",
)  # fmt: skip


def mixed_chinese(seed: int, pages: int) -> str:
    """Chinese prose as bench/prose.py writes it, with Latin words, numbers, URLs and punctuation between."""
    import random

    from bench.prose import page_text

    rng = random.Random(seed)
    text = "".join(page_text(rng, "zh") for _ in range(pages))
    sentences = text.replace("。", "。|").split("|")
    for _ in range(len(sentences) // 3):
        at = rng.randrange(len(sentences))
        sentences[at] += rng.choice(LATIN_PIECES)
    return "".join(sentences)


def postgres_vector(text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', %s)::text", [index_form(text)])
        return cursor.fetchone()[0]


def python_vector(text: str) -> str | None:
    with connection.cursor() as cursor:
        literal = vector.body_vector(text, cursor)
        if literal is None:
            return None
        cursor.execute("SELECT %s::tsvector::text", [literal])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_server_reads_text_as_the_python_vector_assumes():
    with connection.cursor() as cursor:
        assert vector._check(cursor)


@pytest.mark.django_db
@pytest.mark.parametrize(("seed", "pages"), [(1, 1), (2, 3), (3, 8), (4, 30), (5, 60)])
def test_the_python_vector_is_postgresqls_on_chinese_mixed_with_latin(seed, pages):
    # 30 and 60 pages pass the 16,383rd position and the 255 positions a lexeme keeps.
    text = mixed_chinese(seed, pages)
    assert python_vector(text) == postgres_vector(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        CHINESE,
        CHINESE + "\n" + ARABIC + "\n" + RUSSIAN,
        "年",
        "ICT 年 a 能力",
        "能力。" * 17_000 + "ICT security 安全 " * 300,  # words read by the server past the last position
        "工作组・讨论了〇件事；ゝゞ㈱\u9fff\u4dbf\ufa6e 龘",  # characters the Python side leaves to the server
        "The working group, in English only, on ICT security.",
        "。，、\n\f  …",
    ],
)
def test_the_python_vector_is_postgresqls_at_the_edges(text):
    assert python_vector(text) == postgres_vector(text)


@pytest.mark.django_db
def test_a_text_with_a_tag_is_left_to_postgresql():
    # A tag runs across spaces, and so across the bigrams of a run: the server reads the whole text.
    with connection.cursor() as cursor:
        assert vector.body_vector('见 <p title="能力建设"> 合作', cursor) is None


@pytest.mark.django_db
def test_the_python_vector_of_a_real_chinese_pdf(tmp_path):
    from pathlib import Path

    from bench.extraction import FONTS, make_pdf
    from indexing.extractors import extract

    if not Path(FONTS["cjk"]).exists():
        pytest.skip("the Chinese font of the bench corpus is not installed")
    path = tmp_path / "zh.pdf"
    make_pdf(path, "zh", 12, seed=7)
    text = extract(str(path), "application/pdf").text
    assert python_vector(text) == postgres_vector(text)


def test_the_worker_writes_the_python_vector_and_it_is_the_index_writers(paper_factory, upload):
    text = mixed_chinese(11, 4).replace("\f", "\n")  # a plain-text file holds no page breaks
    paper = paper_factory("能力建设 and ICT", summary="关于联络点的摘要 (points of contact).")
    with CaptureQueriesContext(connection) as queries:
        version = upload(paper, text.encode(), name="p.txt", content_type="text/plain", language="zh")
    assert (version.extraction.state, version.extraction.detected_language) == ("indexed", "zh")
    (update,) = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE indexing_ext")]
    assert "::tsvector" in update  # made here, not by the server's parser
    written = vector_of(version.extraction.pk)

    assert services.reindex_text(version_id=version.pk) == "indexed"  # to_tsvector over the index form
    assert vector_of(version.extraction.pk) == written
    assert search.search("能力建设").total == search.search("ICT 联络点").total == 1


def test_a_server_that_reads_otherwise_makes_the_vectors_itself(paper_factory, upload, monkeypatch):
    monkeypatch.setattr(vector, "_agrees", False)
    text = mixed_chinese(12, 2).replace("\f", "\n")
    with CaptureQueriesContext(connection) as queries:
        version = upload(paper_factory(), text.encode(), name="p.txt", content_type="text/plain", language="zh")
    (update,) = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE indexing_ext")]
    assert "::tsvector" not in update
    written = vector_of(version.extraction.pk)
    services.reindex_text(version_id=version.pk)
    assert vector_of(version.extraction.pk) == written


def test_of_a_chinese_text_too_large_for_a_search_vector_the_start_is_indexed(paper_factory, upload):
    import random

    # 300,000 characters drawn from 20,000: their distinct bigrams pass PostgreSQL's 1 MB, whoever makes
    # the vector; the worker falls back on the start of the text, read by the server.
    rng = random.Random(5)
    text = "".join(chr(rng.randrange(0x4E00, 0x9E00)) for _ in range(300_000))
    text = "\n".join(text[n : n + 50] for n in range(0, len(text), 50))  # in lines, as a text file is
    with connection.cursor() as cursor:
        assert vector.body_vector(text, cursor) is not None  # made here first, refused by the server
    version = upload(paper_factory(), text.encode(), name="big.txt", content_type="text/plain", language="zh")
    assert version.extraction.state == "indexed", version.extraction.failure_reason
    assert search.search(text[:2]).total == 1
    assert search.search(text[-2:]).total == 0
