"""Text as the search index sees it: the same on PostgreSQL and SQLite.

Chinese (and Japanese) is written without spaces, and neither PostgreSQL's parser nor
SQLite's unicode61 tokenizer segments it: each run of ideographs would be one "word".
We index such runs as overlapping two-character words (bigrams), the usual answer for
CJK search without a dictionary, and turn a query the same way; a two-character word
then matches wherever it occurs, and a longer one matches all of its bigrams.
"""

import re

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
CJK_CHAR = re.compile(f"[{CJK}]")
# A word for counting: a run of letters or digits (apostrophes and hyphens inside it).
WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


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
    cjk = len(CJK_CHAR.findall(text))
    others = len(WORD.findall(CJK_RUN.sub(" ", text))) if cjk else len(WORD.findall(text))
    return cjk + others


def has_cjk(text: str) -> bool:
    return bool(CJK_CHAR.search(text))
