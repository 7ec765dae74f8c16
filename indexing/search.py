"""Full-text search over every version's text, title and summary: one interface, two backends.

PostgreSQL: a `search_vector` tsvector on indexing_extraction (title weighted A, summary B,
body D), stemmed with the configuration of the text's language, behind a GIN index; a
query is read under every configuration we index with and the readings are OR-ed, since
we do not know the language of a query.
SQLite: an FTS5 table (porter + unicode61 without diacritics), ranked with bm25.
Chinese is indexed as bigrams on both (see indexing.text). Snippets are cut and marked
here, in Python, the same way for both backends.
"""

import re
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import CJK, CJK_RUN, bigrams, has_cjk, index_form

FTS_TABLE = "indexing_extraction_fts"
# PostgreSQL text search configurations by UN language; Arabic and Chinese have no stemmer.
PG_CONFIGS = {"en": "english", "fr": "french", "ru": "russian", "es": "spanish", "ar": "simple", "zh": "simple"}
QUERY_CONFIGS = ("english", "french", "russian", "spanish", "simple")
SNIPPET_CHARS = 280
# Beyond this many matches the count says "more than" (PostgreSQL): counting stops there.
COUNT_CAP = 1000
MAX_QUERY_TERMS = 12
# A query ranks at most this many matching versions, the newest (PostgreSQL). Pages stop at
# COUNT_CAP hits, so every page a person can reach is cut from ranked candidates.
RANK_CANDIDATES = 2000
# The review queue filtered by a query holds the papers of at most this many matching
# versions, the newest (PostgreSQL); the page says so when there were more.
MATCH_CAP = 2000


@dataclass
class Term:
    text: str  # as the index holds it (CJK as bigrams)
    phrase: bool = False  # words that must follow each other
    prefix: bool = False  # a single CJK character: any bigram that starts with it
    original: str = ""  # as the person typed it, for highlighting


@dataclass
class Hit:
    submission: object
    version: object
    snippet: SafeString
    rank: float


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # at most COUNT_CAP + 1 on PostgreSQL: see total_is_exact

    @property
    def total_is_exact(self) -> bool:
        return self.total <= COUNT_CAP


# --- The query: the same reading on both backends ----------------------------------------
TOKEN = re.compile(r'"([^"]*)"|(\S+)')
EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


def parse_query(query: str) -> list[Term]:
    """Words (all required) and "quoted phrases"; CJK words become bigram phrases."""
    terms: list[Term] = []
    # PostgreSQL refuses text holding NUL; it is no character anyone searches for.
    query = (query or "").replace("\x00", "")
    for phrase, word in TOKEN.findall(query):
        raw = phrase if phrase else word
        raw = " ".join(EDGE_PUNCTUATION.sub("", part) for part in raw.split())
        raw = raw.strip()
        if not raw:
            continue
        if has_cjk(raw) and not phrase:
            for chunk in re.split(f"([{CJK}]+)", raw):
                chunk = EDGE_PUNCTUATION.sub("", chunk)
                if not chunk:
                    continue
                if CJK_RUN.fullmatch(chunk):
                    if len(chunk) == 1:
                        terms.append(Term(text=chunk, prefix=True, original=chunk))
                    else:
                        terms.append(Term(text=" ".join(bigrams(chunk)), phrase=len(chunk) > 2, original=chunk))
                else:
                    terms.append(Term(text=chunk, original=chunk))
        else:
            indexed = " ".join(index_form(raw).split())
            terms.append(Term(text=indexed, phrase=bool(phrase) or " " in indexed, original=raw))
    return terms[:MAX_QUERY_TERMS]


# --- Snippets -----------------------------------------------------------------------------
def _word_pattern(word: str) -> str:
    """A word and its inflections: 'contacts' finds 'contact', 'capacités' finds 'capacité'."""
    if has_cjk(word):
        return re.escape(word)
    if len(word) >= 5:
        return r"(?<!\w)" + re.escape(word[: max(4, len(word) - 2)]) + r"\w*"
    return r"(?<!\w)" + re.escape(word) + r"(?!\w)"


def highlighter(terms: list[Term]) -> re.Pattern | None:
    patterns = []
    plain = [term.original for term in terms if not term.phrase and not term.prefix]
    if len(plain) > 1:  # words typed side by side are marked as one phrase where they stand so
        patterns.append(r"\s+".join(_word_pattern(word) for word in plain))
    for term in terms:
        words = term.original.split()
        if len(words) > 1:
            patterns.append(r"\s+".join(_word_pattern(w) for w in words))
        patterns.extend(_word_pattern(w) for w in words if len(w) > 2 or has_cjk(w) or len(terms) == 1)
    if not patterns:
        return None
    patterns.sort(key=len, reverse=True)  # whole phrases before their words
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def needles(terms: list[Term]) -> list[str]:
    """Lower-cased strings to look for in the text to place the snippet, best first."""
    found = []
    for term in sorted(terms, key=lambda t: len(t.original), reverse=True):
        found.append(term.original.lower())
        for word in term.original.split():
            stem = word[: max(4, len(word) - 2)] if len(word) >= 5 and not has_cjk(word) else word
            found.append(stem.lower())
    return [n for n in dict.fromkeys(found) if n][:2] or [""]


def make_snippet(window: str, pattern: re.Pattern | None, *, at_start: bool) -> SafeString:
    """Cut the window around its first match at word boundaries, escape it, mark the matches."""
    text = " ".join(window.split())
    first = pattern.search(text) if pattern else None
    if first and len(text) > SNIPPET_CHARS:
        start = max(0, first.start() - SNIPPET_CHARS // 3)
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first.start() else start
            at_start = False
        text = text[start:]
    if len(text) > SNIPPET_CHARS:
        cut = text.rfind(" ", 0, SNIPPET_CHARS)
        text = text[: cut if cut > SNIPPET_CHARS // 2 else SNIPPET_CHARS] + " …"
    out, last = [], 0
    for match in pattern.finditer(text) if pattern else ():
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe(("" if at_start else "… ") + "".join(out))  # noqa: S308 (every piece escaped above)


def find_window(text: str, wanted: list[str]) -> tuple[str, bool]:
    lowered = text.lower()
    for needle in wanted:
        position = lowered.find(needle) if needle else -1
        if position >= 0:
            start = max(0, position - 150)
            return text[start : start + 450], start == 0
    return text[:450], True


# --- The interface ------------------------------------------------------------------------
def vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def search(query: str, *, submissions=None, published_only: bool = False, limit: int = 20, offset: int = 0) -> Results:
    """Ranked versions whose text, title or summary holds every word (and phrase) of the query.

    `submissions` is the queryset of Submission the person may see (by default all);
    `published_only` keeps versions of published submissions only (the public pages).
    """
    from submissions.models import Submission, Version

    results = Results(query=query)
    terms = parse_query(query)
    if not terms:
        return results
    scope = submissions if submissions is not None else Submission.objects.all()
    if published_only:
        scope = scope.published()
    if scope.query.is_empty():
        return results  # a person who may see nothing (the SQL of an empty queryset cannot be written)
    scope_sql, scope_params = scope.order_by().values("pk").query.sql_with_params()
    backend = _PostgresBackend if vendor() == "postgresql" else _SqliteBackend
    ranked, total, windows = backend.run(terms, scope_sql, list(scope_params), limit, offset)
    results.total = total
    if not ranked:
        return results
    versions = Version.objects.select_related("submission__delegation", "submission__session").in_bulk(
        [version_id for _, version_id, _ in ranked]
    )
    pattern = highlighter(terms)
    for extraction_id, version_id, rank in ranked:
        version = versions.get(version_id)
        if version is None:
            continue
        window, at_start = windows.get(extraction_id, ("", True))
        results.hits.append(
            Hit(
                submission=version.submission,
                version=version,
                snippet=make_snippet(window, pattern, at_start=at_start),
                rank=float(rank),
            )
        )
    return results


def index_extraction(extraction, *, title: str, summary: str, language: str) -> None:
    """Put (or replace) one extraction's text in the index."""
    backend = _PostgresBackend if vendor() == "postgresql" else _SqliteBackend
    backend.index(extraction.pk, index_form(title), index_form(summary), index_form(extraction.text), language)


def remove_from_index(extraction_id: int) -> None:
    backend = _PostgresBackend if vendor() == "postgresql" else _SqliteBackend
    backend.remove(extraction_id)


def indexed_count() -> int:
    backend = _PostgresBackend if vendor() == "postgresql" else _SqliteBackend
    return backend.count()


LEXEME = re.compile(r"'((?:[^']|'')*)'(:\*)?")


def rank_query(tsquery: str) -> str:
    """The tsquery's distinct lexemes OR-ed: what ranking needs, without the repeated readings."""
    lexemes = dict.fromkeys(f"'{lexeme}'{prefix}" for lexeme, prefix in LEXEME.findall(tsquery))
    return " | ".join(lexemes) or tsquery


class _PostgresBackend:
    @staticmethod
    def readings(terms: list[Term]) -> tuple[list[str], list]:
        """The query read under each configuration, as SQL expressions (one per configuration)."""
        readings, params = [], []
        for config in QUERY_CONFIGS:
            parts = []
            for term in terms:
                if term.prefix:
                    parts.append("to_tsquery('simple', %s)")
                    params.append(f"'{term.text}':*")
                else:
                    parts.append(f"{'phraseto_tsquery' if term.phrase else 'plainto_tsquery'}('{config}', %s)")
                    params.append(term.text)
            readings.append("(" + " && ".join(parts) + ")::text")
        return readings, params

    @classmethod
    def tsquery(cls, terms: list[Term], cursor) -> str:
        """One tsquery: the distinct readings OR-ed, each dropped that another reading implies.

        The readings often coincide ('合作' five times) or contain one another ('point' & 'contact'
        beside 'point' & 'of' & 'contact'); left in, they make PostgreSQL misjudge how many rows
        match (and scan the table instead of the GIN index) and evaluate each row several times.
        """
        readings, params = cls.readings(terms)
        cursor.execute("SELECT " + ", ".join(readings), params)
        texts = list(dict.fromkeys(text for text in cursor.fetchone() if text))
        conjunctions = {}
        for text in texts:
            if "|" not in text and "!" not in text and "<" not in text and "(" not in text:
                conjunctions[text] = frozenset(part.strip() for part in text.split("&"))
        kept = [
            text
            for text in texts
            if text not in conjunctions
            or not any(other < conjunctions[text] for key, other in conjunctions.items() if key != text)
        ]
        return " | ".join(f"( {text} )" for text in kept)

    @classmethod
    def run(cls, terms, scope_sql, scope_params, limit, offset):
        with connection.cursor() as cursor:
            # The query as a constant, so that the planner uses the GIN index for it.
            tsquery = cls.tsquery(terms, cursor)
            if not tsquery:
                return [], 0, {}
            where = (
                "FROM indexing_extraction e JOIN submissions_version v ON v.id = e.version_id "
                f"WHERE e.search_vector @@ %s::tsquery AND v.submission_id IN ({scope_sql})"
            )
            # Ranking reads each candidate's whole vector: the candidates are the RANK_CANDIDATES
            # newest matching versions, not every match, so that a broad query (half the archive)
            # costs what a narrow one does; a narrower query has all its matches ranked. Ranking
            # uses each distinct lexeme once (the OR-ed readings repeat them).
            cursor.execute(
                "SELECT c.id, c.version_id, ts_rank(c.search_vector, %s::tsquery, 1) AS rank FROM "  # noqa: S608
                f"(SELECT e.id, e.version_id, e.search_vector {where} ORDER BY e.id DESC LIMIT %s) c "
                "ORDER BY rank DESC, c.id DESC LIMIT %s OFFSET %s",
                [rank_query(tsquery), tsquery, *scope_params, RANK_CANDIDATES, limit, offset],
            )
            rows = cursor.fetchall()
            if offset == 0 and len(rows) < min(limit, RANK_CANDIDATES):
                total = len(rows)  # all of them are here: no need to count
            else:
                # Counting stops past COUNT_CAP: nobody pages through more, and a broad query
                # matches half the archive.
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 {where} LIMIT %s) capped",  # noqa: S608 (constants and scope SQL)
                    [tsquery, *scope_params, COUNT_CAP + 1],
                )
                total = cursor.fetchone()[0]
            if not rows:
                return [], total, {}
            ranked = rows
            wanted = needles(terms)
            wanted += [wanted[0]] * (2 - len(wanted))
            cursor.execute(
                "SELECT e.id, substr(e.text, greatest(p.pos - 150, 1), 450), p.pos <= 151 "
                "FROM indexing_extraction e, LATERAL (SELECT coalesce(nullif(strpos(lower(e.text), %s), 0), "
                "nullif(strpos(lower(e.text), %s), 0), 1) AS pos) p WHERE e.id = ANY(%s)",
                [wanted[0] or "\x01", wanted[1] or "\x01", [row[0] for row in ranked]],
            )
            windows = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
        return ranked, total, windows

    @staticmethod
    def index(extraction_id, title, summary, body, language):
        config = PG_CONFIGS.get(language, "simple")
        sql = (
            "UPDATE indexing_extraction SET search_vector = "
            "setweight(to_tsvector(%s::regconfig, %s), 'A') || setweight(to_tsvector(%s::regconfig, %s), 'B') "
            "|| {body} WHERE id = %s"
        )
        params = [config, title, config, summary]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    sql.format(body="to_tsvector(%s::regconfig, %s)"), [*params, config, body, extraction_id]
                )
        except DatabaseError:
            # A tsvector holds at most 1 MB: a huge text is indexed without word positions.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    sql.format(body="strip(to_tsvector(%s::regconfig, %s))"),
                    [*params, config, body[:2_000_000], extraction_id],
                )

    @staticmethod
    def remove(extraction_id):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE indexing_extraction SET search_vector = NULL WHERE id = %s", [extraction_id])

    @staticmethod
    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM indexing_extraction WHERE search_vector IS NOT NULL")
            return cursor.fetchone()[0]


class _SqliteBackend:
    @staticmethod
    def match(terms: list[Term]) -> str:
        parts = []
        for term in terms:
            quoted = '"' + term.text.replace('"', '""') + '"'
            parts.append(quoted + "*" if term.prefix else quoted)
        return " AND ".join(parts)

    @classmethod
    def run(cls, terms, scope_sql, scope_params, limit, offset):
        where = (
            f"FROM {FTS_TABLE} f JOIN indexing_extraction e ON e.id = f.rowid "
            "JOIN submissions_version v ON v.id = e.version_id "
            f"WHERE {FTS_TABLE} MATCH %s AND v.submission_id IN ({scope_sql})"
        )
        match = cls.match(terms)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {where}", [match, *scope_params])
            total = cursor.fetchone()[0]
            if not total:
                return [], 0, {}
            cursor.execute(
                f"SELECT e.id, e.version_id, -bm25({FTS_TABLE}, 10.0, 4.0, 1.0) AS rank {where} "
                "ORDER BY rank DESC, e.id DESC LIMIT %s OFFSET %s",
                [match, *scope_params, limit, offset],
            )
            ranked = cursor.fetchall()
            ids = [row[0] for row in ranked]
            cursor.execute(
                f"SELECT id, text FROM indexing_extraction WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
                ids,
            )
            wanted = needles(terms)
            windows = {row[0]: find_window(row[1], wanted) for row in cursor.fetchall()}
        return ranked, total, windows

    @staticmethod
    def index(extraction_id, title, summary, body, language):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [extraction_id])  # noqa: S608
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [extraction_id, title, summary, body],
            )

    @staticmethod
    def remove(extraction_id):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [extraction_id])  # noqa: S608

    @staticmethod
    def count():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")  # noqa: S608
            return cursor.fetchone()[0]


class Matching(Q):
    """The submissions matching a query, as a filter; `capped` when only the newest were kept."""

    capped = False


def matching_submissions(query: str) -> Q | None:
    """Submissions with a version whose text, title or summary matches the query.

    search() ranks versions and cuts snippets for one page of hits; a filter (the review
    queue, its exports) needs the whole set of submissions instead, as a Q to combine. It reads the query exactly as the
    search page does. On PostgreSQL the set is fetched once, as ids, and given to each of
    the page's queries as an array: the text match runs once per page, not once per count;
    it holds the papers of the MATCH_CAP newest matching versions, and says when it was cut
    (`capped`), so that a page over a broad query costs what one over a narrow query does.
    """
    terms = parse_query(query)
    if not terms:
        return None
    if vendor() == "postgresql":
        with connection.cursor() as cursor:
            # As indexing.search does: the query as a constant, so that the GIN index can be used.
            tsquery = _PostgresBackend.tsquery(terms, cursor)
            if not tsquery:
                return Q(pk__in=[])
            # The MATCH_CAP newest matching versions at most: a query that matches half the
            # archive would otherwise make every count and sort of the page read all of it.
            cursor.execute(
                "SELECT v.submission_id FROM (SELECT e.id, e.version_id FROM indexing_extraction e "
                "WHERE e.search_vector @@ %s::tsquery ORDER BY e.id DESC LIMIT %s) m "
                "JOIN submissions_version v ON v.id = m.version_id ORDER BY m.id DESC",
                [tsquery, MATCH_CAP + 1],
            )
            rows = cursor.fetchall()
            capped = len(rows) > MATCH_CAP
            # One text literal ('{1,2,…}'), not a list: the queries of a page are bound on the
            # client, and a list of 20,000 ids was adapted one by one for each of them.
            ids = "{" + ",".join(str(pk) for pk in dict.fromkeys(row[0] for row in rows[:MATCH_CAP])) + "}"
        found = Matching(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))
        found.capped = capped
        return found
    table = FTS_TABLE
    sql = (
        f"SELECT v.submission_id FROM {table} f JOIN indexing_extraction e ON e.id = f.rowid "  # noqa: S608
        f"JOIN submissions_version v ON v.id = e.version_id WHERE {table} MATCH %s"
    )
    return Q(pk__in=RawSQL(sql, [_SqliteBackend.match(terms)]))  # noqa: S611 (bound parameter)
