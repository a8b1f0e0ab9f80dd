"""Putting an article together from what its input states outright and what its text says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from articles.ingest import IngestProblem, ParsedArticle
from articles.ingest.bylines import split_byline
from articles.ingest.publication_dates import PublicationDate
from articles.ingest.text import read_page_text, split_lines


@dataclass
class Metadata:
    """What structured input (HTML markup, a feed entry, a bulk row) states outright."""

    title: str = ""
    subtitle: str = ""
    url: str = ""
    source: str = ""
    section: str = ""
    byline: str = ""
    published: PublicationDate | None = None
    topics: list[str] = field(default_factory=list)
    external_id: str = ""


def one_line(text: str) -> str:
    return " ".join(split_lines(text or ""))


def build_article(
    *, raw: str, origin: str, text: str, metadata: Metadata, today: dt.date
) -> ParsedArticle | IngestProblem:
    """The article `text` holds, with `metadata` taking precedence over what the text suggests.

    Gives an IngestProblem when there is neither a title nor a body. Values come at their full
    length: the store side fits them to its columns (store/importer.py).
    """
    page = read_page_text(
        text, today=today, title=one_line(metadata.title), subtitle=one_line(metadata.subtitle)
    )
    title = page.title
    if not title and not page.body:
        return IngestProblem(origin, "no article text (no title and no body)")
    published = metadata.published or page.published
    byline, agency = split_byline(one_line(metadata.byline))
    return ParsedArticle(
        title=title,
        body=page.body,
        raw=raw,
        origin=origin,
        subtitle=page.subtitle,
        url=metadata.url.strip(),
        source=one_line(metadata.source) or page.source or agency,
        section=one_line(metadata.section) or page.section,
        byline=byline or page.byline,
        dateline_place=page.dateline_place,
        published=published.date if published else None,
        date_precision=published.precision if published else "unknown",
        topics=metadata.topics,
        external_id=metadata.external_id,
    )
