"""Search over the collection: the only part of newsdesk that touches Whoosh.

What callers use, and nothing else (the modules behind it are listed in the README's map):
  search(params)               ranked hits, snippets, exact facet counts, date histogram, suggestion
  walk_hits(params)            every hit of a search in rank order, a batch at a time (exports)
  SearchParams                 what a search asks for, one field per SearchFilter parameter
  InvalidParams                raised by SearchParams.from_query for a refused query string
  SearchResults, SearchHit     what it answers
  similar_articles(article)    published articles most like this one
  marked_text(text, q, links)  a text as escaped HTML, the query's words marked, names linked
  marked_snippet(text, q)      a snippet of a text around the query's words, marked
  match_new_articles(ids, searches)  which new articles each standing search finds, and why
  index_articles_by_id(ids)    write these articles' current state; gone or unpublished removed
  index_waiting()              write the articles still flagged `needs_indexing` (the retry)
  rebuild_index()              build a fresh index from the database and swap it in atomically
  rebuild_running()            whether a rebuild holds its lock now
  check_index(repair)          compare database and index (IndexHealth), and repair
  close_index()                close this thread's searcher
  IndexBusy                    raised when the index stayed locked by another writer too long
"""

from articles.search.execute import search, walk_hits
from articles.search.health import IndexHealth, check_index, index_waiting
from articles.search.highlight import marked_snippet, marked_text
from articles.search.hits import similar_articles
from articles.search.index import IndexBusy, close_index, rebuild_running
from articles.search.matching import NewMatch, match_new_articles
from articles.search.params import InvalidParams, SearchParams
from articles.search.rebuild import rebuild_index
from articles.search.results import SearchHit, SearchResults
from articles.search.writing import index_articles_by_id

__all__ = [
    "search",
    "walk_hits",
    "SearchParams",
    "InvalidParams",
    "SearchResults",
    "SearchHit",
    "similar_articles",
    "marked_text",
    "marked_snippet",
    "match_new_articles",
    "NewMatch",
    "index_articles_by_id",
    "index_waiting",
    "rebuild_index",
    "rebuild_running",
    "check_index",
    "IndexHealth",
    "close_index",
    "IndexBusy",
]
