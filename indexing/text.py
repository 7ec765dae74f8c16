"""Text as the search index sees it: the same on PostgreSQL and SQLite.

Chinese (and Japanese) is written without spaces, and neither PostgreSQL's parser nor
SQLite's unicode61 tokenizer segments it: each run of ideographs would be one "word".
We index such runs as overlapping two-character words (bigrams), the usual answer for
CJK search without a dictionary, and turn a query the same way; a two-character word
then matches wherever it occurs, and a longer one matches all of its bigrams.
"""

import itertools
import re

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_RUN_SPLIT = re.compile(f"([{CJK}]+)")
# A word for counting: a run of letters or digits (apostrophes and hyphens inside it).
WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
# Where a WORD starts, to its run's end: one match for each WORD, without backtracking.
WORD_START = re.compile(r"[^\W_][\w'’-]*+")


# PDFium writes a hyphen that ended a line inside a word as U+FFFE, and drops the line break:
# "imple-⏎mentation" comes out as "imple\ufffementation", "capacity-⏎building" as "capacity\ufffebuilding".
# (Words are matched from their start and without backtracking, possessively: the same matches as
# "(\w+)\ufffe(\w+)" and "\w+(?:-\w+)+", three to four times faster over a long text.)
LINE_END_HYPHEN = re.compile(r"(?<!\w)(\w++)\ufffe(\w+)")
# Characters that display as nothing, or as a missing-glyph box, and split words in the index.
# (Zero-width joiners, U+200C and U+200D, are kept: Arabic and Persian text needs them.)
INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\ufffe\uffff\x00-\x08\x0b\x0e-\x1f\x7f]")
HYPHENATED = re.compile(r"(?<!\w)\w++(?:-\w++)+")


def normalise_extracted(text: str) -> str:
    """Extracted text as a person reads it and as the index should see it.

    A hyphen PDFium marked at a line end is a real hyphen ("capacity-building") unless the paper
    writes the joined word elsewhere ("implementation"): word processors do not hyphenate by default,
    so most hyphens at line ends in delegations' papers belong to compound words. Soft hyphens (an
    optional break that a word processor shows only at a line end), zero-width spaces, byte-order
    marks and control characters are dropped; line ends become "\n".
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if "\ufffe" in text:
        words = {word.lower() for word in re.findall(r"\w+", text.replace("\ufffe", " "))}
        hyphenated = {word.lower() for word in HYPHENATED.findall(text)}

        def rejoin(match: re.Match) -> str:
            left, right = match.group(1), match.group(2)
            if f"{left}-{right}".lower() in hyphenated:
                return f"{left}-{right}"
            if (left + right).lower() in words:
                return left + right
            return f"{left}-{right}"

        text = LINE_END_HYPHEN.sub(rejoin, text)
    return INVISIBLE.sub("", text)


def bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_form(text: str) -> str:
    """The text with every CJK run written as space-separated bigrams."""
    if not CJK_CHAR.search(text):
        return text
    return CJK_RUN.sub(lambda match: " " + " ".join(bigrams(match.group())) + " ", text)


def count_words(text: str) -> int:
    """Words as a word processor counts them: each CJK character counts as one word."""
    if not CJK_CHAR.search(text):
        return _count_words(text)
    pieces = CJK_RUN_SPLIT.split(text)  # other text, a CJK run, other text, …
    return sum(map(len, pieces[1::2])) + _count_words(" ".join(pieces[::2]))


def _count_words(text: str) -> int:
    """len(WORD.findall(text)), several times faster: a whitespace-separated piece made of letters only
    is one word (counted in C); the regular expression reads only the other pieces."""
    pieces = text.split()
    return sum(map(str.isalpha, pieces)) + WORD_START.subn("", " ".join(itertools.filterfalse(str.isalpha, pieces)))[1]


def has_cjk(text: str) -> bool:
    return bool(CJK_CHAR.search(text))
