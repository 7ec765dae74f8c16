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
    paper: object
    version: Version
    snippet: SafeString
    rank: float


@dataclass
class PaperResults:
    query: str
    hits: list[PaperHit] = field(default_factory=list)
    total: int = 0

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


def search_papers(query: str, papers, *, limit: int = 20, offset: int = 0) -> PaperResults:
    """Ranked published papers (of `papers`, already filtered) whose published text matches the query."""
    results = PaperResults(query=query)
    terms = index.parse_query(query)
    if not terms:
        return results
    scope_sql, scope_params = papers.order_by().values("pk").query.sql_with_params()
    run = _postgres if index.vendor() == "postgresql" else _sqlite
    ranked, total, windows = run(terms, scope_sql, list(scope_params), limit, offset)
    results.total = total
    if not ranked:
        return results
    by_pk = selectors.with_public_data(papers.model.objects.filter(pk__in=[r[2] for r in ranked])).in_bulk()
    pattern = index.highlighter(terms)
    for extraction_id, version_id, paper_id, rank in ranked:
        paper = by_pk.get(paper_id)
        version = next((v for v in paper.publication.public_versions if v.pk == version_id), None) if paper else None
        if version is None:
            continue
        window, at_start = windows.get(extraction_id, ("", True))
        results.hits.append(
            PaperHit(paper, version, index.make_snippet(window, pattern, at_start=at_start), float(rank))
        )
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
    ranked, _total, _windows = run(terms, scope_sql, list(scope_params), limit, 0, any_term=True)
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


def _postgres(terms, scope_sql, scope_params, limit, offset, *, any_term=False):
    t = _tables()
    with connection.cursor() as cursor:
        tsquery = (
            " | ".join(f"( {index._PostgresBackend.tsquery([term], cursor)} )" for term in terms)
            if any_term
            else index._PostgresBackend.tsquery(terms, cursor)
        )
        if not tsquery:
            return [], 0, {}
        # Matching published files; the GIN index finds them, the scope keeps the filtered papers.
        matches = (
            f"SELECT e.id AS eid, e.version_id AS vid, v.submission_id AS sid, v.revision AS revision, "  # noqa: S608
            f"ts_rank(e.search_vector, %s::tsquery, 1) AS rank "
            f"FROM {t['extraction']} e JOIN {t['version']} v ON v.id = e.version_id "
            f"JOIN {t['published']} pv ON pv.version_id = v.id "
            f"JOIN {t['publication']} p ON p.id = pv.publication_id AND p.unpublished_at IS NULL "
            f"WHERE e.search_vector @@ %s::tsquery AND v.submission_id IN ({scope_sql})"
        )
        params = [index.rank_query(tsquery), tsquery, *scope_params]
        best = f"SELECT DISTINCT ON (sid) eid, vid, sid, rank FROM ({matches}) m ORDER BY sid, rank DESC, revision DESC"  # noqa: S608
        cursor.execute(
            f"SELECT eid, vid, sid, rank FROM ({best}) b ORDER BY rank DESC, sid DESC LIMIT %s OFFSET %s",  # noqa: S608
            [*params, limit, offset],
        )
        ranked = cursor.fetchall()
        if offset == 0 and len(ranked) < limit:
            total = len(ranked)
        else:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT DISTINCT sid FROM ({matches}) m LIMIT %s) capped",  # noqa: S608
                [*params, index.COUNT_CAP + 1],
            )
            total = cursor.fetchone()[0]
        if not ranked:
            return [], total, {}
        wanted = index.needles(terms)
        wanted += [wanted[0]] * (2 - len(wanted))
        cursor.execute(
            f"SELECT e.id, substr(e.text, greatest(p.pos - 150, 1), 450), p.pos <= 151 "  # noqa: S608
            f"FROM {t['extraction']} e, LATERAL (SELECT coalesce(nullif(strpos(lower(e.text), %s), 0), "
            "nullif(strpos(lower(e.text), %s), 0), 1) AS pos) p WHERE e.id = ANY(%s)",
            [wanted[0] or "\x01", wanted[1] or "\x01", [row[0] for row in ranked]],
        )
        windows = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    return ranked, total, windows


def _sqlite(terms, scope_sql, scope_params, limit, offset, *, any_term=False):
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
            return [], total, {}
        cursor.execute(
            f"SELECT id, text FROM {t['extraction']} WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
            ids,
        )
        wanted = index.needles(terms)
        windows = {row[0]: index.find_window(row[1], wanted) for row in cursor.fetchall()}
    return ranked, total, windows
