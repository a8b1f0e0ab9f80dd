"""Alerts: the new articles of an import matched against every saved search, each hit kept once.

Only articles an import creates are matched (the importer calls `alert_new_articles` with each
batch's new ids, once their enrichment is stored): re-indexing, curator edits and merges change
existing articles and call nothing here, and the (search, article) unique row means an article is
never a hit of one search twice. Every saved search is matched, whatever its rate: the rate only
decides the e-mail; My searches and the feeds show the hits of all.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from articles import search
from articles.filters import SearchFilter
from articles.models import Entity
from articles.monitoring.models import NOT_SAVED, AlertHit, SavedSearch
from articles.search import InvalidParams, SearchParams

logger = logging.getLogger("newsdesk.alerts")


class SearchProblem(Exception):
    """A saved search that cannot run as saved; the message says why, for its owner."""


def params_of(saved: SavedSearch) -> SearchParams:
    """What `saved` asks for now; raises SearchProblem when it can no longer be run.

    A follow of an entity merged away moves to the entity it was merged into (and is saved so).
    """
    if saved.followed_kind == "topic" and saved.topic is None:
        raise SearchProblem(f"The topic you follow ('{saved.followed_slug}') was deleted.")
    if saved.is_follow and saved.followed_kind != "topic" and saved.entity is None:
        survivor = Entity.moved_from(saved.followed_slug)
        if survivor is None:
            raise SearchProblem(f"The entity you follow ('{saved.followed_slug}') was deleted.")
        saved.entity, saved.followed_kind = survivor, survivor.kind
        saved.followed_slug = survivor.slug
        saved.save(update_fields=["entity", "followed_kind", "followed_slug"])
    try:
        params = read_query(saved.search_string())
    except InvalidParams as error:
        raise SearchProblem(f"The saved search no longer reads ({error}).") from None
    asked = [name for name in SearchFilter.base_filters if name not in NOT_SAVED]
    if not any(getattr(params, name) for name in asked):
        raise SearchProblem("The saved search asks for nothing: it would match every article.")
    return params


@functools.lru_cache(maxsize=10_000)
def read_query(query: str) -> SearchParams:
    """SearchParams.from_query, kept: every import batch matches the same saved searches, and
    validating one costs ~1 ms. The answer is shared: never change it. (A refused query raises,
    which is not kept: it is read again the next time.)"""
    return SearchParams.from_query(query)


def alert_new_articles(article_ids: Iterable[int]) -> int:
    """Record the hits of every saved search among these newly created articles; returns how
    many. Never raises: a failing alert pass is logged, and the import it runs in goes on."""
    ids = {int(pk) for pk in article_ids}
    if not ids:
        return 0
    try:
        return record_hits(ids)
    except Exception:
        logger.exception("Alerts NOT matched for %d new article(s)", len(ids))
        return 0


def record_hits(article_ids: set[int]) -> int:
    searches, runnable = {}, {}
    for saved in SavedSearch.objects.select_related("entity", "topic"):
        try:
            runnable[saved.pk] = params_of(saved)
        except SearchProblem as problem:
            logger.warning("Saved search #%s (%s) skipped: %s", saved.pk, saved.name, problem)
            note_problem(saved, str(problem))
            continue
        searches[saved.pk] = saved
        note_problem(saved, "")
    hits = []
    for pk, matches in search.match_new_articles(article_ids, runnable).items():
        for match in matches:
            reason = {**match.reason.as_dict(), "summary": reason_summary(searches[pk], match)}
            hits.append(AlertHit(saved_search_id=pk, article_id=match.article_id, reason=reason))
    created = AlertHit.objects.bulk_create(hits, ignore_conflicts=True)
    return len(created)


def reason_summary(saved: SavedSearch, match: search.NewMatch) -> str:
    """What the alert says about why it matched: the words and fields, or what is followed."""
    if saved.is_follow:
        followed = saved.entity or saved.topic
        return f"mentions {followed.name}" if saved.entity else f"on the topic {followed.name}"
    return match.reason.summary() or "matched the search's filters"


def note_problem(saved: SavedSearch, problem: str) -> None:
    if saved.problem != problem:
        saved.problem = problem
        SavedSearch.objects.filter(pk=saved.pk).update(problem=problem)
