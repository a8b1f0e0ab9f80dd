"""HTML pages: the main text by trafilatura, the metadata from the page's own markup.

Everything runs offline: trafilatura and htmldate only read the markup they are given.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from collections.abc import Iterator

import trafilatura
from htmldate import find_date

from articles.ingest import IngestProblem, ParsedArticle
from articles.ingest.article import build_article
from articles.ingest.decoding import DECODE_ERRORS, decode_bytes
from articles.ingest.markup import html_to_text, parse_tree, read_markup
from articles.ingest.publication_dates import parse_date
from articles.ingest.text import strip_site_suffix

CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)

logger = logging.getLogger(__name__)
# trafilatura and htmldate log every page they find hard; the importer reports what matters.
for noisy in ("trafilatura", "htmldate"):
    logging.getLogger(noisy).setLevel(logging.ERROR)


def read_html_file(name: str, stream, options) -> Iterator[ParsedArticle | IngestProblem]:
    html = decode_html(stream.read())
    yield article_from_html(html, origin=name, today=options.today)


def decode_html(data: bytes) -> str:
    """The page's text in the charset its <meta> declares, else as any other text file."""
    declared = CHARSET.search(data[:4096])
    if declared and not data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        try:
            encoding = codecs.lookup(declared[1].decode("ascii")).name
            if encoding == "latin-1" or encoding == "iso8859-1":
                encoding = "cp1252"  # as browsers do
            return data.decode(encoding, errors=DECODE_ERRORS)
        except LookupError:
            pass
    return decode_bytes(data)


def article_from_html(html: str, *, origin: str, today: dt.date) -> ParsedArticle | IngestProblem:
    tree = parse_tree(html)
    if tree is None:
        return IngestProblem(origin, "not an HTML page that parses")
    markup = read_markup(tree)
    document = extract_document(html, origin)
    text = (document.text if document else "") or markup.body or fallback_text(tree)
    title = markup.title or (document.title if document else None) or page_title(tree)
    site_name = markup.source or (document.sitename if document else "") or ""
    description = markup.subtitle or (document.description if document else "") or ""
    stated = ParsedArticle(
        title=strip_site_suffix(title),
        subtitle=standfirst(description, text),
        url=markup.url or (document.url if document else "") or "",
        source=site_name or "",
        section=markup.section or first_category(document),
        byline=markup.byline or (document.author if document else "") or "",
        topics=markup.topics or list((document.tags if document else None) or []),
        published=markup.published,
        date_precision=markup.date_precision,
    )
    if not stated.published:
        stated.date(markup_date(html, today))
    return build_article(raw=html, origin=origin, text=text, stated=stated, today=today)


def extract_document(html: str, origin: str):
    """trafilatura's reading of the page, or None when it finds no article or fails."""
    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a third-party extractor on hostile markup: fall back to plain paragraphs
        logger.warning("trafilatura failed on %s", origin, exc_info=True)
        return None


def markup_date(html: str, today: dt.date):
    """htmldate's reading of the page's dates, from markup and URL only, never from prose."""
    try:
        found = find_date(
            html,
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%d",
            max_date=today.isoformat(),
        )
    except Exception:  # htmldate on hostile markup; the text's own cues remain
        logger.warning("htmldate failed", exc_info=True)
        return None
    return parse_date(found) if found else None


def standfirst(description: str, text: str) -> str:
    """The page's description as a standfirst, unless it is just the start of the story."""
    summary = " ".join(description.split()).rstrip(".…").removesuffix("...").strip()
    if not summary:
        return ""
    start = " ".join(text.split())[: len(summary) + 40]
    return "" if summary[:80] in start else " ".join(description.split())


def first_category(document) -> str:
    categories = (document.categories if document else None) or []
    return categories[0] if categories else ""


def page_title(tree) -> str:
    found = tree.xpath("//h1//text()") or tree.xpath("//title/text()")
    return " ".join(" ".join(found[:5]).split()) if found else ""


def fallback_text(tree) -> str:
    """The paragraphs of a page too short for trafilatura to call it an article."""
    paragraphs = [" ".join(p.text_content().split()) for p in tree.xpath("//body//p")]
    if any(paragraphs):
        return "\n".join(paragraphs)
    body = tree.find("body")
    if body is None:
        return ""
    from lxml import etree

    return html_to_text(etree.tostring(body, encoding="unicode"))
