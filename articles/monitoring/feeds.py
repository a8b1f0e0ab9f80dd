"""An Atom feed of a saved search's (or a follow's) hits, at a URL holding its feed token.

A feed reader has no session: the token is the credential, and revoking it (My searches) gives
the search a new one, so the old URL answers 404.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles import search
from articles.monitoring.digests import query_words
from articles.monitoring.models import AlertHit, SavedSearch

FEED_ITEMS = 50


class SavedSearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, token: str) -> SavedSearch:
        return get_object_or_404(SavedSearch.objects.select_related("owner"), feed_token=token)

    def title(self, saved: SavedSearch) -> str:
        return f"newsdesk: {saved.name}"

    def subtitle(self, saved: SavedSearch) -> str:
        return "New articles for this saved search, newest first."

    def link(self, saved: SavedSearch) -> str:
        return saved.get_absolute_url()

    def items(self, saved: SavedSearch):
        return saved.hits.select_related("article__source", "saved_search")[:FEED_ITEMS]

    def item_title(self, hit: AlertHit) -> str:
        return hit.article.title

    def item_description(self, hit: AlertHit) -> str:
        # marked_snippet answers escaped HTML; the reason is escaped here.
        snippet = search.marked_snippet(hit.article.text, query_words(hit.saved_search))
        return f"<p>{snippet}</p><p>Why: {escape(hit.reason.get('summary', ''))}</p>"

    def item_link(self, hit: AlertHit) -> str:
        return hit.article.get_absolute_url()

    def item_guid(self, hit: AlertHit) -> str:
        return f"newsdesk-alert-{hit.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, hit: AlertHit):
        return hit.created

    def item_author_name(self, hit: AlertHit) -> str:
        return hit.article.source.name if hit.article.source else ""
