"""The search vector of a text with Chinese in it, made here instead of by PostgreSQL's parser.

Chinese is indexed as overlapping bigrams (indexing.text.index_form), and PostgreSQL's `to_tsvector`
over that form reads one word every two characters: about 1.4 ms of the server's CPU a page, more
than the rest of the paper's indexing. The vector it makes is simple to make here, exactly, for
the "simple" configuration (no stemmer, no stop words: each word lower-cased, one position each):

- every word of the text has the next position; a position is at most 16383 (later words all get
  16383), and a lexeme keeps at most 255 positions, the first ones (to_tsany.c, uniqueWORD);
- each bigram of a CJK run is one word, made only of letters, with no case: when every character
  of the run is one PostgreSQL's parser surely reads as a letter (SURE_CJK), its bigrams are the
  run's words, in order;
- between two runs, a stretch of spaces and punctuation only (SURE_BLANK) holds no word;
- any other stretch (Latin words, numbers, URLs, hyphenated words, rarer characters) is read by
  PostgreSQL's own parser (`ts_parse`, lower-cased as the simple dictionary does), all of them in one
  query, and its words take their places between the runs' bigrams.

index_form surrounds each run's bigrams with spaces, so each stretch is read as it would be in the
whole text, with one exception: a tag ("<p title='…'>", "<!-- … -->") may run across spaces, and a text
holding "<" is left to PostgreSQL whole. The first time, each process checks what this relies on
against the server it writes to (its parser's reading of the characters, its lower-casing, its simple
configuration, and one vector made both ways); if anything differs, PostgreSQL makes every vector.
tests/indexing/test_pipeline_pg.py holds the two equal on mixed text.
"""

import logging
import re
import sys
from array import array

from .text import CJK, CJK_RUN, index_form

logger = logging.getLogger(__name__)

MAX_POSITION = 16383  # PostgreSQL's MAXENTRYPOS - 1: later words all get this position
MAX_POSITIONS = 255  # MAXNUMPOS - 1: positions a lexeme keeps in to_tsvector
MAX_WORD_BYTES = 2047  # MAXSTRLEN: a longer word is left out of the vector (and takes no position)
# Two characters as one number (distinct_bigrams): the first in the low half on a little-endian machine.
UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
LOW = 0xFFFFFFFF

# Letters in every PostgreSQL on a UTF-8 locale (Unicode 8, 2015: older than any supported glibc's
# tables), and without case.
SURE_CJK = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4db5\u4e00-\u9fd5\uf900-\ufa6d\ufa70-\ufad9"
# Spaces and punctuation that no word of PostgreSQL's parser holds (it needs a letter or a digit for
# any word, and "<" and "&" start tags and entities).
SURE_BLANK = (
    " \t\n\r\f\v!\"#$%'()*+,\\-./:;=>?@\\[\\\\\\]^_`{|}~\u00a0"  # ASCII but letters, digits, < and &
    "\u2010-\u2027\u2030-\u205e\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20"
    "\uff3b-\uff40\uff5b-\uff65"
)
CJK_RUN_SPLIT = re.compile(f"([{CJK}]+)")
NOT_SURE_CJK = re.compile(f"[^{SURE_CJK}]")
NOT_SURE_BLANK = re.compile(f"[^{SURE_BLANK}]")
# A text made only of these is all bigrams and blanks: no question for the server.
NOT_SURE = re.compile(f"[^{SURE_CJK}{SURE_BLANK}]")

# The words PostgreSQL's parser reads in each stretch, lower-cased as the simple dictionary does
# (str_tolower with the database's collation, as lower()), without the kinds of token the simple
# configuration does not index (spaces, tags, entities) and the words too long to index.
PARSE_STRETCHES = (
    "SELECT s.n, lower(p.token) FROM unnest(%s::text[]) WITH ORDINALITY s(stretch, n), "
    "LATERAL ts_parse('default', s.stretch) WITH ORDINALITY p(tokid, token, k) "
    "WHERE p.tokid IN (SELECT maptokentype FROM pg_ts_config_map WHERE mapcfg = 'simple'::regconfig) "
    "AND octet_length(p.token) < %s ORDER BY s.n, p.k"
)


def bigram_words(run: str) -> list[str]:
    """A run's words in the index form: its bigrams, or the character itself when it stands alone."""
    return [run[i : i + 2] for i in range(max(1, len(run) - 1))]


def body_vector(text: str, cursor) -> str | None:
    """to_tsvector('simple', index_form(text)) as tsvector input text, or None when PostgreSQL must make it."""
    if "<" in text or not server_agrees(cursor):
        return None
    if not NOT_SURE.search(text):  # bigrams and blanks only: the usual Chinese paper
        return tsvector_literal(CJK_RUN.findall(text))
    return tsvector_literal(_parts(text, cursor))


def _parts(text: str, cursor) -> list[str | list[str]]:
    """The text's words in order: a run whose bigrams are its words, or the words the server read in a stretch."""
    pieces = CJK_RUN_SPLIT.split(text)  # other text, a CJK run, other text, …
    stretches: list[str] = []
    parts: list[str | int] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            if not NOT_SURE_CJK.search(piece):
                parts.append(piece)
                continue
            piece = " ".join(bigram_words(piece))  # as index_form writes it, for the server to read
        elif not NOT_SURE_BLANK.search(piece):
            continue
        parts.append(len(stretches))
        stretches.append(piece)
    read: list[list[str]] = [[] for _ in stretches]
    if stretches:
        cursor.execute(PARSE_STRETCHES, [stretches, MAX_WORD_BYTES])
        for number, word in cursor.fetchall():
            read[number - 1].append(word)
    return [read[part] if isinstance(part, int) else part for part in parts]


def tsvector_literal(parts: list[str | list[str]]) -> str:
    """The tsvector to_tsvector makes of these words (one position each, in order), as its input text.

    A part is a CJK run (its words are its bigrams) or a list of words. Past MAX_POSITION only which
    words occur matters: they are gathered as a set, the runs' bigrams without making each one.
    """
    positions: dict[str, list[int]] = {}
    position = 0
    later: set[str] = set()
    for number, part in enumerate(parts):
        words = bigram_words(part) if isinstance(part, str) else part
        room = MAX_POSITION - 1 - position
        if len(words) > room:
            later.update(words[room:])
            words = words[:room]
            rest = parts[number + 1 :]
            later.update(distinct_bigrams([run for run in rest if isinstance(run, str)]))
            for words_read in rest:
                if not isinstance(words_read, str):
                    later.update(words_read)
        for word in words:
            position += 1
            kept = positions.get(word)
            if kept is None:
                positions[word] = [position]
            elif len(kept) < MAX_POSITIONS:
                kept.append(position)
        if later:
            break
    for word in later:
        kept = positions.get(word)
        if kept is None:
            positions[word] = [MAX_POSITION]
        elif len(kept) < MAX_POSITIONS:
            kept.append(MAX_POSITION)
    return " ".join(f"'{quote(word)}':{','.join(map(str, kept))}" for word, kept in positions.items())


def distinct_bigrams(runs: list[str]) -> set[str]:
    """The set of the runs' words (bigrams, and the runs of one character).

    Each pair of neighbouring characters read as one 64-bit number (the text as UTF-32, read at even
    and at odd characters): a set of numbers, in about 60 % of the time a set of half a million
    two-character strings takes; a pair across two runs holds the separator, 0, and is dropped.
    """
    joined = "\x00".join(runs).encode(UTF32)
    pairs = set(array("Q", joined[: len(joined) // 8 * 8]))
    pairs.update(array("Q", joined[4 : 4 + (len(joined) - 4) // 8 * 8]))
    words = {chr(pair & LOW) + chr(pair >> 32) for pair in pairs if pair & LOW and pair >> 32}
    if UTF32 == "utf-32-be":
        words = {word[::-1] for word in words}
    words.update(run for run in runs if len(run) == 1)
    return words


# --- What this relies on, checked once a process against the server -------------------------------
PROBE = (
    "工作组讨论了ICT安全（2025年）与capacity-building，参见https://un.org/zh/a?b=1&c=2 、v1.2.3、3.14、e.g. "
    "O'Neil's ΣΑΣ İstanbul naïve État-membre; Россия «ДА» ‘引号’ a@b.org -5 +7 /usr/bin foo_bar C:\\docs 〇 ・ "
    "ゝゞ ー ㈱ 能力建设。\f合作"
)
CONFIGURATION = (
    "SELECT (SELECT p.prsname FROM pg_ts_config c JOIN pg_ts_parser p ON p.oid = c.cfgparser "
    "WHERE c.oid = 'simple'::regconfig), (SELECT array_agg(DISTINCT d.dictname || ':' || "
    "coalesce(d.dictinitoption, '')) FROM pg_ts_config_map m JOIN pg_ts_dict d ON d.oid = m.mapdict "
    "WHERE m.mapcfg = 'simple'::regconfig)"
)
_agrees: bool | None = None


def characters_of(character_class: str) -> str:
    """Every character of a character class (of the Basic Multilingual Plane), e.g. of SURE_CJK."""
    one = re.compile(f"[{character_class}]")
    return "".join(filter(one.fullmatch, map(chr, range(0x10000))))


def server_agrees(cursor) -> bool:
    """Whether this server reads text as body_vector assumes; asked once a process (about 2 ms)."""
    global _agrees
    if _agrees is None:
        _agrees = _check(cursor)
        if not _agrees:
            logger.warning("indexing: the server reads Chinese text otherwise; its search vectors are its own")
    return _agrees


def _check(cursor) -> bool:
    cursor.execute(CONFIGURATION)
    if tuple(cursor.fetchone()) != ("default", ["simple:"]):
        return False  # the simple configuration changed (stop words, another dictionary)
    letters, blanks = characters_of(SURE_CJK), characters_of(SURE_BLANK)
    cursor.execute(
        "SELECT tokid, token = lower(token) FROM ts_parse('default', %s) ORDER BY tokid = 12", [f"{letters} {blanks}"]
    )
    tokens = cursor.fetchall()
    if tokens[0] != (2, True) or any(tokid != 12 for tokid, _same in tokens[1:]):
        return False  # the letters are not one word without case, or the blanks hold a word
    cursor.execute("SELECT to_tsvector('simple', %s)::text, %s::tsvector::text", [index_form(PROBE), ""])
    expected, _empty = cursor.fetchone()
    cursor.execute("SELECT %s::tsvector::text", [tsvector_literal(_parts(PROBE, cursor))])
    return cursor.fetchone()[0] == expected


def quote(word: str) -> str:
    if "'" in word or "\\" in word:
        return word.replace("\\", "\\\\").replace("'", "''")
    return word
