"""RSS and Atom feeds: one article per entry, with the feed's title as source when the entry
names none and links to the feed's own site (an aggregator's title names no entry's outlet)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import feedparser

from articles.ingest import IngestProblem, ParsedArticle
from articles.ingest.article import build_article
from articles.ingest.markup import html_to_text
from articles.ingest.outlets import outlet_domain
from articles.ingest.publication_dates import PublicationDate, parse_date
from articles.ingest.text import same_text


def read_feed_file(name: str, stream, options) -> Iterator[ParsedArticle | IngestProblem]:
    # A stream, never bytes or a str: feedparser would take those for a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(stream.read()))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception") or "unknown error").splitlines()[0]
            yield IngestProblem(name, f"not a feed that parses ({reason})")
        else:
            yield IngestProblem(name, "a feed with no entries")
        return
    feed_title = html_to_text(parsed.feed.get("title", "")).strip()
    feed_domain = outlet_domain(parsed.feed.get("link", "") or "")
    for number, entry in enumerate(entries, start=1):
        yield article_from_entry(
            entry,
            origin=f"{name} entry {number}",
            feed_title=feed_title,
            feed_domain=feed_domain,
            today=options.today,
        )


def article_from_entry(
    entry, *, origin: str, feed_title: str, today: dt.date, feed_domain: str = ""
) -> ParsedArticle | IngestProblem:
    contents = [item.get("value", "") for item in entry.get("content", []) if item.get("value")]
    summary = entry.get("summary", "") or ""
    content = max(contents, key=len) if contents else summary
    body = html_to_text(content)
    title = html_to_text(entry.get("title", "") or "").strip()
    if not title and not body.strip():
        return IngestProblem(origin, "no text (no title and no content or summary)")
    summary_text = " ".join(html_to_text(summary).split())
    source = entry.get("source", {}).get("title", "") if entry.get("source") else ""
    stated = ParsedArticle(
        title=title,
        # A summary beside full content is a standfirst unless it only repeats the content's start.
        subtitle=summary_text if contents and not starts_alike(body, summary_text) else "",
        url=entry.get("link", "") or "",
        source=source,
        byline=entry.get("author", "") or "",
        topics=[tag.get("term", "") for tag in entry.get("tags", []) if tag.get("term")],
        external_id=entry.get("id", "") or "",
    ).date(entry_date(entry))
    article = build_article(
        raw=content or title, origin=origin, text=body, stated=stated, today=today
    )
    # The entry's own source, else the agency its dateline names (for an entry without a link),
    # else the feed, when the entry is on the feed's site or names no site at all.
    if isinstance(article, ParsedArticle) and not article.source:
        entry_domain = outlet_domain(article.url)
        if not entry_domain or entry_domain == feed_domain:
            article.source = feed_title
    return article


def starts_alike(body: str, summary: str) -> bool:
    start = " ".join(body.split())
    key = summary.rstrip(".…").removesuffix("...").strip()
    return not key or same_text(start[: len(key)], key) or key[:80] in start


def entry_date(entry) -> PublicationDate | None:
    """The entry's date as written, else as feedparser normalised it."""
    for key in ("published", "updated", "created"):
        if found := parse_date(entry.get(key)):
            return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if parsed := entry.get(key):
            try:
                return PublicationDate(dt.date(*parsed[:3]), "day")
            except (TypeError, ValueError):
                continue
    return None
