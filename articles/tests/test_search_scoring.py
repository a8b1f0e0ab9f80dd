"""scoring.py computes with numpy what Whoosh's matchers compute a document at a time: the same
matches and the same BM25F scores, on a real collection in several segments with deletions."""

from pathlib import Path

import numpy as np
import pytest
from whoosh import collectors

from articles import search
from articles.models import Article
from articles.search.execute import words_of_phrases
from articles.search.index import current_searcher
from articles.search.query import parse_user_query
from articles.search.scoring import QueryArrays, Unscorable, ranked
from articles.tests.factories import make_article
from articles.tests.test_search_relevance import bbc_articles

pytestmark = pytest.mark.django_db

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
QUERIES = [
    "election",
    "mobile phones",
    "labour party",
    "(bank OR banks) AND rates",
    "oil AND NOT gas",
    "election AND NOT president",
    "film OR award OR oscar",
    "title:music",
    "gordon brown chancellor",
    "growth^3 economy",
    "NOT phone",
    "music NOT (band OR singer)",
    "xyzzyq",
    "the",
    '"interest rates"',
    '"prime minister" blair',
    '"new york"',
    '"the end of the"',
    '"mobile phone" OR "mobile phones"',
    '"bank of england"',
]


@pytest.fixture
def bbc(committed):
    if not (CORPORA / "bbc" / "bbc-fulltext.tar.gz").exists():
        pytest.skip(f"needs the shared corpora in {CORPORA}")
    Article.objects.bulk_create(
        Article(title=title, body=body, status=Article.Status.PUBLISHED, content_hash=f"b{n}")
        for n, (title, body) in enumerate(bbc_articles())
    )
    search.rebuild_index()  # two writer processes: two segments
    with committed():  # edits: their old documents deleted, a new segment
        for article in Article.objects.order_by("pk")[:300:7]:
            article.title = f"{article.title} (updated) mobile phones"
            article.save()
    searcher = current_searcher()
    assert len(searcher.leaf_searchers()) >= 3
    assert any(leaf.reader().has_deletions() for leaf, _ in searcher.leaf_searchers())
    return searcher


def whoosh_scores(searcher, query, allow=None) -> dict[int, float]:
    collector = collectors.UnlimitedCollector()
    if allow is not None:
        collector = collectors.FilterCollector(collector, allow=allow)
    searcher.search_with_collector(query, collector)
    return {hit.docnum: hit.score for hit in collector.results()}


def live(searcher) -> np.ndarray:
    return np.array([not searcher.reader().is_deleted(n) for n in range(searcher.doc_count_all())])


@pytest.mark.corpus
def test_matches_and_scores_are_whooshs_own(bbc):
    searcher = bbc
    alive = live(searcher)
    for text in QUERIES:
        query = parse_user_query(text).query
        arrays = QueryArrays(searcher, searcher.doc_count_all())
        mask = arrays.mask(query) & alive
        # Whoosh's NOT at the root hands out a deleted document now and then: live ones only.
        expected_docs = {docnum for docnum in searcher.docs_for_query(query) if alive[docnum]}
        assert set(np.flatnonzero(mask).tolist()) == expected_docs, text

        # Phrases rank by their words among the verified matches, as ranked_rows did with Whoosh.
        ranking_query = words_of_phrases(query)
        allow = expected_docs if ranking_query != query else None
        expected = whoosh_scores(searcher, ranking_query, allow)
        expected = {docnum: score for docnum, score in expected.items() if alive[docnum]}
        assert set(expected) == expected_docs, text
        scores = arrays.scores(query)
        docnums = np.array(sorted(expected), dtype=np.int64)
        expected_scores = [expected[docnum] for docnum in docnums]
        assert np.allclose(scores[docnums], expected_scores, rtol=1e-9, atol=0), text
        if ranking_query == query:
            assert not scores[~mask & alive].any(), text


@pytest.mark.corpus
def test_a_phrase_under_not_ranks_every_match(bbc, committed):
    """Ranked by Whoosh with the phrase's words in its place, `film NOT "best actor"` dropped the
    films that name the best and an actor apart: counted in the total, on no page."""
    results = search.search(search.SearchParams(q='film NOT "best actor"', per_page=1000))
    assert 0 < results.total == len(results.hits)
    assert search.search(search.SearchParams(q="film NOT best")).total < results.total


def test_ranked_keeps_ties_at_the_cutoff_in_document_order():
    docnums = np.array([10, 11, 12, 13, 14, 15])
    scores = np.array([1.0, 3.0, 2.0, 2.0, 2.0, 0.5])
    assert ranked(docnums, scores, 3)[0].tolist() == [11, 12, 13]
    assert ranked(docnums, scores, 4)[0].tolist() == [11, 12, 13, 14]
    assert ranked(docnums, scores, None)[0].tolist() == [11, 12, 13, 14, 10, 15]
    assert ranked(docnums, scores, 0)[0].tolist() == []


@pytest.mark.corpus
def test_a_prefix_query_is_left_to_whoosh(bbc):
    query = parse_user_query("missil*").query
    with pytest.raises(Unscorable):
        QueryArrays(bbc, bbc.doc_count_all()).scores(query)
    results = search.search(search.SearchParams(q="missil*"))
    assert results.total > 0 and results.hits


def test_phrases_checked_only_within_the_all_of_selections_still_count_every_source(committed):
    """The phrase's positions are checked only inside the person/org/place and date selections;
    a source or topic facet counts as if its own selection were not there, so those masks must
    not narrow the check."""
    with committed():
        make_article("Oil prices rose", "Oil prices rose.", people=("Ann Lee",), source="Wire")
        make_article("Oil prices fell", "Oil prices fell.", people=("Ann Lee",), source="Daily")
        make_article("Prices of oil", "Prices of oil.", people=("Ann Lee",), source="Daily")
        make_article("Oil prices steady", "Oil prices steady.", source="Wire")
    results = search.search(
        search.SearchParams(q='"oil prices"', source=["wire"], person=["ann-lee"])
    )
    assert results.total == 1
    counts = {value.value: value.count for value in results.facets["source"]}
    assert counts == {"wire": 1, "daily": 1}


def test_past_the_postings_budget_terms_are_read_again_with_the_same_results(
    committed, monkeypatch
):
    """A search keeps each term's postings for its masks and its scores up to a budget; past it
    a term is read again rather than held (a long query of common words at a million documents
    would hold gigabytes)."""
    with committed():
        for n in range(30):
            make_article(f"Oil prices rose {n}", f"Oil prices rose again, by {n} percent.")
        make_article("Prices of oil", "Prices of oil fell.")
    params = search.SearchParams(q='"oil prices" OR fell', per_page=50)
    kept = search.search(params)
    monkeypatch.setattr("articles.search.scoring.POSTINGS_KEPT_BYTES", 0)
    arrays = QueryArrays(current_searcher(), current_searcher().doc_count_all())
    assert arrays.postings("body", "oil") is not None and arrays._kept_bytes == 0
    again = search.search(params)
    assert again.total == kept.total == 31
    assert [hit.article.pk for hit in again.hits] == [hit.article.pk for hit in kept.hits]
