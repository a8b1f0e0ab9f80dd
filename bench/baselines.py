"""The two baselines every newsdesk figure is compared with, doing the same work per query.

SQLite FTS5: bm25 top 10 with snippet(), the total, and facet counts by GROUP BY over a table of
(article, group, value) rows, all restricted to the matching articles.

Straightforward Whoosh: what a first Django + Whoosh integration does: open the index and a new
searcher per request, count each facet value with a query of its own, highlight the whole body of
each hit read from the database row by row.
"""

from __future__ import annotations

import sqlite3
import time

from whoosh import highlight
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from articles.models import Article, ArticleTopic, Mention
from articles.search.query import date_filter, facet_filter, parse_user_query
from articles.search.schema import FACET_GROUPS, date_number

ENTITY_VALUES_PER_GROUP = 20  # a straightforward page lists the top values of each group


def fts_build(path) -> float:
    """Copy the published articles and their facet values into a fresh FTS5 database."""
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61');
        CREATE TABLE meta(doc_id INTEGER PRIMARY KEY, published INTEGER);
        CREATE TABLE facets(doc_id INTEGER, grp TEXT, slug TEXT);
        """
    )
    articles = Article.objects.filter(status=Article.Status.PUBLISHED).select_related("source")
    for article in articles.iterator(chunk_size=2000):
        db.execute(
            "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
            (article.pk, article.title, article.body),
        )
        db.execute("INSERT INTO meta VALUES (?, ?)", (article.pk, date_number(article.published)))
        if article.source:
            db.execute(
                "INSERT INTO facets VALUES (?, 'source', ?)", (article.pk, article.source.slug)
            )
    mentions = Mention.objects.values_list("article_id", "entity__kind", "entity__slug")
    db.executemany("INSERT INTO facets VALUES (?, ?, ?)", mentions.iterator(chunk_size=5000))
    topics = ArticleTopic.objects.values_list("article_id", "topic__slug")
    db.executemany("INSERT INTO facets VALUES (?, 'topic', ?)", topics.iterator(chunk_size=5000))
    db.executescript(
        "CREATE INDEX facets_doc ON facets(doc_id); CREATE INDEX facets_value ON facets(grp, slug);"
        "CREATE INDEX meta_published ON meta(published);"
    )
    db.commit()
    db.close()
    return time.perf_counter() - started


def fts_matching(query: dict) -> tuple[str, list]:
    """SQL selecting the matching doc ids, and its parameters."""
    clauses, params = [], []
    if query["fts"]:
        clauses.append("doc_id IN (SELECT rowid FROM docs WHERE docs MATCH ?)")
        params.append(query["fts"])
    for group in FACET_GROUPS:
        for slug in query.get(group, []):
            clauses.append("doc_id IN (SELECT doc_id FROM facets WHERE grp = ? AND slug = ?)")
            params += [group, slug]
    if query.get("date_from"):
        clauses.append("published BETWEEN ? AND ?")
        params += [int(query["date_from"].replace("-", "")), int(query["date_to"].replace("-", ""))]
    where = " AND ".join(clauses) or "1"
    return f"SELECT doc_id FROM meta WHERE {where}", params


def fts_search(db, query: dict) -> dict:
    matching, params = fts_matching(query)
    total = db.execute(f"SELECT count(*) FROM ({matching})", params).fetchone()[0]
    if query["fts"]:
        top = db.execute(
            "SELECT rowid, highlight(docs, 0, '<mark>', '</mark>'), "
            "snippet(docs, 1, '<mark>', '</mark>', ' … ', 24) FROM docs "
            f"WHERE docs MATCH ? AND rowid IN ({matching}) ORDER BY bm25(docs, 2.0, 1.0) LIMIT 10",
            [query["fts"], *params],
        ).fetchall()
    else:
        top = db.execute(
            "SELECT docs.rowid, title, substr(body, 1, 280) FROM docs "
            "JOIN meta ON meta.doc_id = docs.rowid "
            f"WHERE docs.rowid IN ({matching}) ORDER BY published DESC LIMIT 10",
            params,
        ).fetchall()
    facets = db.execute(
        f"SELECT grp, slug, count(*) FROM facets WHERE doc_id IN ({matching}) GROUP BY grp, slug",
        params,
    ).fetchall()
    return {"total": total, "top": top, "facets": facets}


def naive_search(index_path, query: dict) -> dict:
    ix = FileStorage(str(index_path)).open_index()
    with ix.searcher() as searcher:
        text = parse_user_query(query["q"]).query
        filters = [facet_filter(group, query[group]) for group in FACET_GROUPS if query.get(group)]
        if query.get("date_from"):
            filters.append(date_filter(*(date_of(query[k]) for k in ("date_from", "date_to"))))
        restriction = wq.And(filters) if filters else None
        results = searcher.search(text, filter=restriction, limit=10)
        total = len(results)
        results.fragmenter = highlight.ContextFragmenter()
        articles = [Article.objects.get(pk=int(hit["id"])) for hit in results]
        snippets = [
            hit.highlights("body", text=article.body, top=3)
            for hit, article in zip(results, articles, strict=True)
        ]
        facets = {}
        for group in FACET_GROUPS:
            values = [term.decode() for term, _ in top_terms(searcher, group)]
            for value in values:
                narrowed = (
                    wq.And([restriction, wq.Term(group, value)])
                    if restriction
                    else wq.Term(group, value)
                )
                facets[(group, value)] = len(searcher.search(text, filter=narrowed, limit=1))
    ix.close()
    return {"total": total, "snippets": snippets, "facets": facets}


def top_terms(searcher, group: str):
    reader = searcher.reader()
    terms = [(term, reader.doc_frequency(group, term)) for term in reader.lexicon(group)]
    limit = ENTITY_VALUES_PER_GROUP if group in ("person", "org", "place") else len(terms)
    return sorted(terms, key=lambda item: -item[1])[:limit]


def date_of(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)
