"""What a page states in its own markup (JSON-LD, meta tags, <time>), and HTML to plain text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

from articles.ingest import ParsedArticle
from articles.ingest.publication_dates import parse_date

BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd",
    "dt", "aside", "main", "nav",
}  # fmt: skip
ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle|LiveBlogPosting|WebPage")
DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "dc.date.issued", "dc.date", "dcterms.created",
    "date", "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime",
)  # fmt: skip


def parse_tree(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return None


def read_markup(tree: lxml.html.HtmlElement) -> ParsedArticle:
    """What the page's markup states outright, empty where it says nothing: the description as
    `subtitle`, the site name as `source`, the author as `byline`, the tags as `topics`, a JSON-LD
    articleBody (pages whose text is drawn by script) as `body`."""
    markup = ParsedArticle()
    published = ""  # as written; the first one given is parsed, for its precision
    # Articles first: a page's WebPage item only fills what its article item leaves blank.
    items = sorted(json_ld_items(tree), key=lambda item: "Article" not in str(item.get("@type")))
    for item in items:
        stated = read_json_ld(item, markup)
        published = published or stated
    meta = meta_values(tree)
    markup.title = markup.title or first(meta, "og:title", "twitter:title")
    markup.subtitle = markup.subtitle or first(
        meta, "og:description", "description", "twitter:description"
    )
    markup.source = markup.source or first(meta, "og:site_name", "application-name")
    markup.byline = markup.byline or first(meta, "author", "byl", "dc.creator", "article:author")
    if markup.byline.startswith(("http://", "https://")):
        markup.byline = ""
    markup.byline = re.sub(r"^by\s+", "", markup.byline, flags=re.IGNORECASE)
    markup.section = markup.section or first(meta, "article:section", "section")
    published = published or first(meta, *DATE_META) or time_element_date(tree)
    markup.topics = markup.topics or meta.get("article:tag", [])
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    markup.url = markup.url or (canonical[0].strip() if canonical else first(meta, "og:url"))
    return markup.date(parse_date(published))


def meta_values(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content]"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = " ".join(element.get("content", "").split())
        if key and content:
            values.setdefault(key.strip().lower(), []).append(content)
    return values


def first(meta: dict[str, list[str]], *keys: str) -> str:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return ""


def time_element_date(tree: lxml.html.HtmlElement) -> str:
    """The datetime of the <time> that marks publication, or of the only <time> in the article."""
    marked = tree.xpath(
        "//time[@datetime][@itemprop='datePublished' or @pubdate or contains(@class, 'publish')]"
        "/@datetime | //*[@itemprop='datePublished']/@content"
    )
    if marked:
        return marked[0].strip()
    in_article = tree.xpath("//article//time[@datetime]/@datetime | //header//time/@datetime")
    if in_article:
        return in_article[0].strip()
    everywhere = tree.xpath("//time[@datetime]/@datetime")
    return everywhere[0].strip() if len(everywhere) == 1 else ""


def json_ld_items(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        text = (script.text or "").strip().removeprefix("<![CDATA[").removesuffix("]]>")
        try:
            data = json.loads(text)
        except ValueError:
            continue
        yield from flatten_json_ld(data)


def flatten_json_ld(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from flatten_json_ld(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from flatten_json_ld(data["@graph"])
        else:
            yield data


def names(value: object) -> list[str]:
    """Names from a JSON-LD value: "A", {"name": "A"}, or a list of either."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in names(item)]
    return []


def read_json_ld(item: dict, markup: ParsedArticle) -> str:
    """Fill what `markup` lacks from a JSON-LD item; returns the publication date it gives."""
    kind = item.get("@type", "")
    kind = " ".join(kind) if isinstance(kind, list) else str(kind)
    if not ARTICLE_TYPES.search(kind):
        return ""
    is_article = "WebPage" not in kind or "Article" in kind
    markup.title = markup.title or first_text(item.get("headline"), item.get("name"))
    markup.subtitle = markup.subtitle or first_text(item.get("description"))
    markup.byline = markup.byline or ", ".join(dict.fromkeys(names(item.get("author"))))
    markup.source = markup.source or first_text(*names(item.get("publisher")))
    sections = item.get("articleSection")
    markup.section = markup.section or first_text(
        sections[0] if isinstance(sections, list) and sections else sections
    )
    keywords = item.get("keywords")
    if isinstance(keywords, str):
        keywords = [word.strip() for word in keywords.split(",")]
    if isinstance(keywords, list) and not markup.topics:
        markup.topics = [word for word in keywords if isinstance(word, str) and word.strip()]
    if is_article:
        url = item.get("url") or item.get("mainEntityOfPage")
        markup.url = markup.url or first_text(url.get("@id") if isinstance(url, dict) else url)
        markup.body = markup.body or first_text(item.get("articleBody"))
    return first_text(item.get("datePublished"), item.get("dateCreated"))


def first_text(*values: object) -> str:
    for value in values:
        if isinstance(value, str | int | float) and str(value).strip():
            return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    return ""


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block."""
    if "<" not in fragment:
        return (
            lxml.html.fromstring(f"<p>{fragment}</p>").text_content()
            if "&" in fragment
            else fragment
        )
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment
    for element in root.xpath("//script | //style | //noscript"):
        element.drop_tree()
    for element in root.iter():
        # Line breaks in the source are spaces, as a browser shows them; blocks make the lines.
        if element.tag != "pre":
            element.text = collapse_spaces(element.text)
        element.tail = collapse_spaces(element.tail)
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return root.text_content()


def collapse_spaces(text: str | None) -> str | None:
    return re.sub(r"\s+", " ", text) if text else text
