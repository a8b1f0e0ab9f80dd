"""Putting an article together from what its input states outright and what its text says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from articles.ingest import IngestProblem, ParsedArticle
from articles.ingest.bylines import split_byline
from articles.ingest.dates import FoundDate
from articles.ingest.text import read_page_text, split_lines

# The longest values the Article and Source models store; a scrape can give far longer ones.
LIMITS = {"title": 500, "url": 2000, "source": 200, "section": 200, "byline": 500,
          "dateline_place": 200}  # fmt: skip


@dataclass
class Metadata:
    """What structured input (HTML markup, a feed entry, a bulk row) states outright."""

    title: str = ""
    subtitle: str = ""
    url: str = ""
    source: str = ""
    section: str = ""
    byline: str = ""
    published: FoundDate | None = None
    topics: list[str] = field(default_factory=list)
    external_id: str = ""


def one_line(text: str) -> str:
    return " ".join(split_lines(text or ""))


def build_article(
    *, raw: str, origin: str, text: str, metadata: Metadata, today: dt.date
) -> ParsedArticle | IngestProblem:
    """The article `text` holds, with `metadata` taking precedence over what the text suggests.

    Gives an IngestProblem when there is neither a title nor a body.
    """
    page = read_page_text(
        text, today=today, title=one_line(metadata.title), subtitle=one_line(metadata.subtitle)
    )
    title = clip(page.title, "title")
    if not title and not page.body:
        return IngestProblem(origin, f"{origin}: no article text (no title and no body)")
    published = metadata.published or page.published
    byline, agency = split_byline(one_line(metadata.byline))
    url = clip(metadata.url.strip(), "url")
    return ParsedArticle(
        title=title,
        body=page.body,
        raw=raw,
        origin=origin,
        subtitle=page.subtitle,
        url=url,
        # With a URL the outlet is the URL's (the store side names it); an agency the text
        # credits names the source only of an article with no address.
        source=clip(one_line(metadata.source) or ("" if url else page.source or agency), "source"),
        section=clip(one_line(metadata.section) or page.section, "section"),
        byline=clip(byline or page.byline, "byline"),
        dateline_place=clip(page.dateline_place, "dateline_place"),
        published=published.date if published else None,
        date_precision=published.precision if published else "unknown",
        topics=metadata.topics,
        external_id=metadata.external_id,
    )


def clip(value: str, name: str) -> str:
    """`value` cut to fit its field; a URL that does not fit is dropped, as a cut one is wrong."""
    limit = LIMITS[name]
    if len(value) <= limit:
        return value
    return "" if name == "url" else value[: limit - 1].rsplit(" ", 1)[0] + "…"
