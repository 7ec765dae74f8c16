"""Full-text search of the public site: published files of published papers, one hit per paper.

It reads the query and marks the snippets as the reviewers' search does (indexing.search),
on the same index, but looks only at the files chosen for publication and groups the
matches by paper: each paper appears once, with its best-matching published language
(the newest revision on a tie).
"""

from dataclasses import dataclass, field

import rules
from django.db import connection
from django.utils.safestring import SafeString

from indexing import search as index
from indexing.models import Extraction
from publication.models import Publication
from submissions.models import Submission, Version

from . import selectors


@dataclass
class PaperHit:
    paper_id: int
    snippet: SafeString
    rank: float
    paper: object = None  # with its public data (selectors.with_public_data), when asked for
    version: Version | None = None  # its best-matching published file, with the paper


@dataclass
class PaperResults:
    query: str
    hits: list[PaperHit] = field(default_factory=list)
    total: int = 0  # at most COUNT_CAP + 1: see total_is_exact
    # The papers that can be paged through: all of them, or (PostgreSQL, a broad query) those
    # of the RANK_CANDIDATES newest matching files, which are the ones ranked.
    ranked: int = 0

    @property
    def total_is_exact(self) -> bool:
        return self.total <= index.COUNT_CAP


def _tables() -> dict:
    return {
        "extraction": Extraction._meta.db_table,
        "version": Version._meta.db_table,
        "published": Publication.versions.through._meta.db_table,
        "publication": Publication._meta.db_table,
        "fts": index.FTS_TABLE,
    }


def search_papers(
    query: str, papers, *, limit: int = 20, offset: int = 0, version: str | None = None, load: bool = True
) -> PaperResults:
    """Ranked published papers (of `papers`, already filtered) whose published text matches the query.

    `version` is the published set's (caching.version): a broad query's count is kept under it.
    `load=False` leaves the hits' papers unloaded, for a page that draws them as kept items.
    """
    results = PaperResults(query=query)
    terms = index.parse_query(query)
    if not terms:
        return results
    scope_sql, scope_params = papers.order_by().values("pk").query.sql_with_params()
    run = _postgres if index.vendor() == "postgresql" else _sqlite
    ranked, total, reachable, windows = run(terms, scope_sql, list(scope_params), limit, offset, version=version)
    results.total, results.ranked = total, reachable
    if not ranked:
        return results
    by_pk = (
        selectors.with_public_data(papers.model.objects.filter(pk__in=[r[2] for r in ranked])).in_bulk() if load else {}
    )
    pattern = index.highlighter(terms)
    for extraction_id, version_id, paper_id, rank in ranked:
        window, at_start = windows.get(extraction_id, ("", True))
        hit = PaperHit(paper_id, index.make_snippet(window, pattern, at_start=at_start), float(rank))
        if load:
            hit.paper = by_pk.get(paper_id)
            versions = hit.paper.publication.public_versions if hit.paper else []
            hit.version = next((v for v in versions if v.pk == version_id), None)
            if hit.version is None:
                continue
        results.hits.append(hit)
    return results


# Words of titles that say nothing of a paper's subject.
COMMON_TITLE_WORDS = {
    "paper",
    "papers",
    "working",
    "concept",
    "proposal",
    "draft",
    "updated",
    "submitted",
    "input",
    "within",
    "nations",
    "united",
    "establishment",
    "position",
    "application",
}


def distinctive_terms(paper, *, most: int = 6) -> list[str]:
    """The longer words of a paper's title, minus the words every title has."""
    words = [w.strip(".,;:()\"'“”").lower() for w in paper.title.split()]
    kept = [w for w in dict.fromkeys(words) if len(w) >= 5 and w not in COMMON_TITLE_WORDS]
    return sorted(kept, key=len, reverse=True)[:most]


def similar_papers(paper, papers, *, limit: int = 5) -> list[int]:
    """Ids of published papers (of `papers`) whose published text shares the most of this paper's title words."""
    terms = [t for word in distinctive_terms(paper) for t in index.parse_query(word)]
    if not terms:
        return []
    scope_sql, scope_params = papers.order_by().values("pk").query.sql_with_params()
    run = _postgres if index.vendor() == "postgresql" else _sqlite
    ranked, _total, _reachable, _windows = run(terms, scope_sql, list(scope_params), limit, 0, any_term=True)
    return [row[2] for row in ranked]


def own_unpublished(query: str, user, *, limit: int = 5):
    """For a person logged in: their own papers not published yet that match, as the rules let them see.

    Never for anonymous readers; the papers come from ``visible_to``, which mirrors the rule
    ``submissions.view_submission``, and link to the workspace, not to a public page.
    """
    if not user.is_authenticated:
        return None
    mine = Submission.objects.visible_to(user).exclude(status=Submission.Status.PUBLISHED)
    if not rules.has_perm("submissions.view_own_submissions", user):
        return None  # reviewers have their own search of every submitted paper
    mine = mine.filter(delegation_id=user.delegation_id)
    found = index.search(query, submissions=mine, limit=limit * 4)
    papers = {}
    for hit in found.hits:
        papers.setdefault(hit.submission.pk, hit)
    return list(papers.values())[:limit]


def _postgres(terms, scope_sql, scope_params, limit, offset, *, any_term=False, version=None):
    t = _tables()
    with connection.cursor() as cursor:
        tsquery = (
            " | ".join(f"( {index._PostgresBackend.tsquery([term], cursor)} )" for term in terms)
            if any_term
            else index._PostgresBackend.tsquery(terms, cursor)
        )
        if not tsquery:
            return [], 0, 0, {}
        # Matching published files; the GIN index finds them, the scope keeps the filtered papers.
        matches = (
            f"FROM {t['extraction']} e JOIN {t['version']} v ON v.id = e.version_id "
            f"JOIN {t['published']} pv ON pv.version_id = v.id "
            f"JOIN {t['publication']} p ON p.id = pv.publication_id AND p.unpublished_at IS NULL "
            f"WHERE e.search_vector @@ %s::tsquery AND v.submission_id IN ({scope_sql})"
        )
        # Ranking reads each file's whole vector: as the staff search does (indexing.search), the
        # candidates are the RANK_CANDIDATES newest matching files, so that a query matching half
        # the archive costs what a narrow one does; each paper keeps its best file (the newest
        # revision on a tie), and the papers are counted before the page is cut.
        # (The vectors are read after the cut: sorting rows that carry them spilled to disk.)
        candidates = (
            f"SELECT e.id AS eid, e.version_id AS vid, v.submission_id AS sid, v.revision AS revision "
            f"{matches} ORDER BY e.id DESC LIMIT %s"
        )
        rank = f"(SELECT ts_rank(x.search_vector, %s::tsquery, 1) FROM {t['extraction']} x WHERE x.id = c.eid)"  # noqa: S608
        best = (
            f"SELECT DISTINCT ON (sid) eid, vid, sid, {rank} AS rank, count(*) OVER () AS files "  # noqa: S608
            f"FROM ({candidates}) c ORDER BY sid, rank DESC, revision DESC"
        )
        cursor.execute(
            f"SELECT eid, vid, sid, rank, files, count(*) OVER () FROM ({best}) b "  # noqa: S608
            "ORDER BY rank DESC, sid DESC LIMIT %s OFFSET %s",
            [index.rank_query(tsquery), tsquery, *scope_params, index.RANK_CANDIDATES, limit, offset],
        )
        rows = cursor.fetchall()
        files, reachable = (rows[0][4], rows[0][5]) if rows else (None, 0)
        ranked = [row[:4] for row in rows]
        if files is not None and (files < index.RANK_CANDIDATES or reachable > index.COUNT_CAP):
            total = min(reachable, index.COUNT_CAP + 1)  # every match was a candidate, or enough were
        elif offset == 0 and not rows:
            total = 0
        else:
            key = f"search-count|{tsquery}|{scope_sql}|{scope_params}"
            total = selectors.derived(key, version, lambda: _count_postgres(tsquery, scope_sql, scope_params))
        if not ranked:
            return [], total, reachable, {}
        wanted = index.needles(terms)
        wanted += [wanted[0]] * (2 - len(wanted))
        cursor.execute(
            f"SELECT e.id, substr(e.text, greatest(p.pos - 150, 1), 450), p.pos <= 151 "  # noqa: S608
            f"FROM {t['extraction']} e, LATERAL (SELECT coalesce(nullif(strpos(lower(e.text), %s), 0), "
            "nullif(strpos(lower(e.text), %s), 0), 1) AS pos) p WHERE e.id = ANY(%s)",
            [wanted[0] or "\x01", wanted[1] or "\x01", [row[0] for row in ranked]],
        )
        windows = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    return ranked, total, reachable, windows


def _count_postgres(tsquery: str, scope_sql: str, scope_params: list) -> int:
    """The papers (of the scope) with a matching published file, counted up to COUNT_CAP + 1 (the
    page then says "more than"): a broad query stops after that many papers."""
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {t['publication']} p "  # noqa: S608
            f"WHERE p.unpublished_at IS NULL AND p.submission_id IN ({scope_sql}) AND EXISTS "
            f"(SELECT 1 FROM {t['published']} pv JOIN {t['extraction']} e ON e.version_id = pv.version_id "
            "WHERE pv.publication_id = p.id AND e.search_vector @@ %s::tsquery) LIMIT %s) capped",
            [*scope_params, tsquery, index.COUNT_CAP + 1],
        )
        return cursor.fetchone()[0]


def _sqlite(terms, scope_sql, scope_params, limit, offset, *, any_term=False, version=None):
    t = _tables()
    matches = (
        f"SELECT e.id AS eid, e.version_id AS vid, v.submission_id AS sid, v.revision AS revision, "  # noqa: S608
        f"-bm25({t['fts']}, 10.0, 4.0, 1.0) AS rank "
        f"FROM {t['fts']} f JOIN {t['extraction']} e ON e.id = f.rowid "
        f"JOIN {t['version']} v ON v.id = e.version_id "
        f"JOIN {t['published']} pv ON pv.version_id = v.id "
        f"JOIN {t['publication']} p ON p.id = pv.publication_id AND p.unpublished_at IS NULL "
        f"WHERE {t['fts']} MATCH %s AND v.submission_id IN ({scope_sql})"
    )
    match = " OR ".join(index._SqliteBackend.match([t]) for t in terms) if any_term else None
    params = [match or index._SqliteBackend.match(terms), *scope_params]
    with connection.cursor() as cursor:
        # bm25() cannot sit under an aggregate: the best file of each paper is chosen here.
        cursor.execute(f"{matches} ORDER BY rank DESC, revision DESC", params)
        best = {}
        for eid, vid, sid, _revision, rank in cursor.fetchall():
            best.setdefault(sid, (eid, vid, sid, rank))
        total = len(best)
        ranked = sorted(best.values(), key=lambda row: (row[3], row[2]), reverse=True)[offset : offset + limit]
        ids = [row[0] for row in ranked]
        if not ids:
            return [], total, total, {}
        cursor.execute(
            f"SELECT id, text FROM {t['extraction']} WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
            ids,
        )
        wanted = index.needles(terms)
        windows = {row[0]: index.find_window(row[1], wanted) for row in cursor.fetchall()}
    return ranked, total, total, windows
