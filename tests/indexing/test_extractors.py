"""Each extractor, on good files and on the hostile corpus: every file ends in a clear state."""

import pytest

from indexing.extractors import ExtractionFailed, extract
from indexing.language import detect_language
from indexing.text import count_words, index_form
from tests.factories import make_pdf

from .corpus import ARABIC, CHINESE, CORPUS, ENGLISH, FRENCH, RUSSIAN, SPANISH


@pytest.fixture
def write(tmp_path):
    def do(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return do


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_file_ends_in_a_clear_state(write, name):
    make, content_type, expected, reason_words = CORPUS[name]
    path = write(name, make())
    try:
        result = extract(path, content_type)
    except ExtractionFailed as error:
        assert expected in ("failed", None), f"{name} failed: {error}"
        assert reason_words.lower() in str(error).lower()
        assert len(str(error)) > 20  # a sentence a person can act on
    else:
        assert expected in ("indexed", None), f"{name} was read but should have failed"
        assert result.text.strip()


def test_pdf_gives_every_page_text_and_page_count(write):
    path = write("long.pdf", make_pdf("Points of contact directory.", pages=12))
    result = extract(path, "application/pdf")
    assert result.pages == 12
    assert "(page 12)" in result.text
    assert result.text.count("\f") == 11


def test_password_protected_pdf_says_so(write):
    from .corpus import encrypted_pdf

    with pytest.raises(ExtractionFailed, match="password-protected"):
        extract(write("secret.pdf", encrypted_pdf()), "application/pdf")


def test_a_damaged_pdf_read_after_an_encrypted_one_is_not_called_password_protected(write):
    """PDFium keeps its last error across documents; the reason must come from this file."""
    from .corpus import corrupt_pdf, encrypted_pdf

    with pytest.raises(ExtractionFailed):
        extract(write("secret.pdf", encrypted_pdf()), "application/pdf")
    with pytest.raises(ExtractionFailed) as error:
        extract(write("broken.pdf", corrupt_pdf()), "application/pdf")
    assert "password" not in str(error.value)
    assert "damaged" in str(error.value)


def test_docx_text_and_pages(write):
    from .corpus import docx

    result = extract(write("p.docx", docx(["First paragraph", "Second paragraph"], pages=7)), CORPUS["good.docx"][1])
    assert result.text == "First paragraph\tend\nSecond paragraph\tend"
    assert result.pages == 7


def test_odt_text_with_spans_spaces_and_pages(write):
    from .corpus import odt

    result = extract(write("p.odt", odt(["Renforcement des capacités"], pages=4)), CORPUS["good.odt"][1])
    assert "Renforcement des capacités  end" in result.text
    assert result.text.startswith("Heading\n")
    assert result.pages == 4


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("utf-8", FRENCH), ("cp1252", FRENCH), ("cp1251", RUSSIAN), ("gb18030", CHINESE), ("utf-16", ARABIC)],
)
def test_plain_text_in_any_encoding(write, encoding, text):
    result = extract(write("t.txt", ((text + "\n") * 3).encode(encoding)), "text/plain")
    assert text in result.text


@pytest.mark.parametrize(
    ("text", "language"),
    [(ENGLISH, "en"), (FRENCH, "fr"), (RUSSIAN, "ru"), (ARABIC, "ar"), (CHINESE, "zh"), (SPANISH, "es")],
)
def test_language_detection_knows_the_six_un_languages(text, language):
    assert detect_language(text * 2) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [(ENGLISH, "en"), (FRENCH, "fr"), (RUSSIAN, "ru"), (ARABIC, "ar"), (CHINESE, "zh"), (SPANISH, "es")],
)
def test_a_long_paper_is_told_by_a_bounded_sample_even_behind_a_cover_page_in_english(text, language):
    from indexing.language import SLICE_CHARS, SLICES, sample

    cover = "Permanent Mission to the United Nations. Concept paper submitted to the working group.\n" * 12
    paper = cover + "\f" + "\n".join([text] * 400)  # about a hundred pages
    assert len(sample(paper)) < SLICES * (SLICE_CHARS + 1)
    assert detect_language(paper) == language


def test_language_detection_declines_to_guess_on_too_little_text():
    assert detect_language("Annex 1") == ""


def test_chinese_is_indexed_as_bigrams_and_counted_by_character():
    assert index_form("能力建设") == " 能力 力建 建设 "
    assert index_form("ICT安全 and more") == "ICT 安全  and more"
    assert count_words("能力建设 capacity-building needs") == 4 + 2


def test_word_count_of_prose():
    assert count_words("Points of contact: the States' directory, 2024.") == 7


def test_word_count_is_the_count_of_word_runs_whatever_the_text():
    """count_words takes shortcuts; it counts what the WORD expression finds, CJK characters one each."""
    import random

    from indexing.text import CJK_RUN, WORD

    rng = random.Random(13)
    alphabet = "ab1_'’- \n\t\f.,合作é—\u00a0Ж٣ـًا²½\u200d\u3000"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        cjk = sum(map(len, CJK_RUN.findall(text)))
        assert count_words(text) == cjk + len(WORD.findall(CJK_RUN.sub(" ", text))), repr(text)
