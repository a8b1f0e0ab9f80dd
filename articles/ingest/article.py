"""Putting an article together from what its input states outright and what its text says."""

from __future__ import annotations

import datetime as dt

from articles.ingest import IngestProblem, ParsedArticle
from articles.ingest.bylines import split_byline
from articles.ingest.repair import repair_text
from articles.ingest.text import read_page_text, split_lines


def one_line(text: str) -> str:
    return " ".join(split_lines(text or ""))


def build_article(
    *, raw: str, origin: str, text: str, stated: ParsedArticle, today: dt.date
) -> ParsedArticle | IngestProblem:
    """The article `text` holds, with what structured input `stated` outright (HTML markup, a feed
    entry, a bulk row) taking precedence over what the text suggests.

    Gives an IngestProblem when there is neither a title nor a body. Values come at their full
    length: the store side fits them to its columns (store/importer.py).
    """
    page = read_page_text(
        repair_text(text),
        today=today,
        title=one_line(repair_text(stated.title)),
        subtitle=one_line(repair_text(stated.subtitle)),
    )
    if not page.title and not page.body:
        return IngestProblem(origin, "no article text (no title and no body)")
    dated = stated if stated.published else page
    byline, agency = split_byline(one_line(stated.byline))
    url = stated.url.strip()
    return ParsedArticle(
        title=page.title,
        body=page.body,
        raw=raw,
        origin=origin,
        subtitle=page.subtitle,
        url=url,
        # With a URL the outlet is the URL's (the store side names it); an agency the text
        # credits names the source only of an article with no address.
        source=one_line(stated.source) or ("" if url else page.source or agency),
        section=one_line(stated.section) or page.section,
        byline=byline or page.byline,
        dateline_place=page.dateline_place,
        published=dated.published,
        date_precision=dated.date_precision,
        topics=stated.topics,
        external_id=stated.external_id,
    )
