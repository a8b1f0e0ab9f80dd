"""HTML pages: main text by trafilatura, metadata from meta tags, JSON-LD and <time>."""

import datetime as dt

from articles.ingest import ParsedArticle, read_inputs

TODAY = dt.date(2026, 11, 20)

PARAGRAPHS = """
<p>SEOUL, May 15 (UPI) — North Korea said on Wednesday it had tested a new solid-fuel engine for
a rocket that its leader said would change the balance of power in the region.</p>
<p>The test took place at a launch site on the west coast, state media reported, and was watched
by senior officials from the ruling party and the military.</p>
<p>Share this article</p>
<p>Analysts in Seoul said the engine appeared to be larger than those shown at a parade last year,
though details could not be verified independently.</p>
<p>Also read: Seoul and Tokyo agree on intelligence sharing</p>
<p>The United States and South Korea condemned the test as a violation of United Nations
resolutions and called on Pyongyang to return to talks.</p>
"""

PAGE = (
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>North Korea tests new missile engine | The Daily Example</title>
<meta name="description"
 content="Pyongyang says the engine will power a new generation of rockets.">
<meta property="og:site_name" content="The Daily Example">
<meta property="article:section" content="World">
<meta property="article:tag" content="North Korea">
<meta property="article:tag" content="Missiles">
<link rel="canonical" href="https://example.com/world/missile-engine">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebPage", "name": "Page name", "datePublished": "2020-01-01"},
 {"@type": "NewsArticle", "headline": "North Korea tests new missile engine",
  "datePublished": "2024-05-15T08:00:00+09:00",
  "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
  "publisher": {"@type": "Organization", "name": "The Daily Example"}}]}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all cookies</div>
<article>
<h1>North Korea tests new missile engine</h1>
<time datetime="2024-05-15T08:00:00+09:00">May 15, 2024</time>
"""
    + PARAGRAPHS
    + """</article>
<footer><p>© 2024 The Daily Example. All rights reserved.</p><p>Back to top</p></footer>
</body></html>"""
)


def read_one(path):
    (item,) = read_inputs([path], today=TODAY)
    return item


def test_metadata_from_json_ld_and_meta_tags(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, ParsedArticle)
    assert article.title == "North Korea tests new missile engine"
    assert article.subtitle == "Pyongyang says the engine will power a new generation of rockets."
    assert article.source == "The Daily Example"
    assert article.section == "World"
    assert article.byline == "Jane Doe, John Roe"
    assert article.url == "https://example.com/world/missile-engine"
    assert article.topics == ["North Korea", "Missiles"]
    assert (article.published, article.date_precision) == (dt.date(2024, 5, 15), "day")
    assert article.dateline_place == "Seoul"
    assert article.raw == PAGE


def test_body_is_main_text_without_furniture(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    body = read_one(path).body
    assert body.startswith("SEOUL, May 15 (UPI) — North Korea said on Wednesday")
    assert body.endswith("return to talks.")
    for furniture in ("Share this", "Also read", "cookies", "Back to top", "Sport", "reserved"):
        assert furniture not in body
    assert len(body.split("\n\n")) == 4


def test_time_element_and_month_precision(tmp_path):
    page = (
        "<html><head><title>Annual review</title></head><body><article><h1>Annual review</h1>"
        '<time datetime="2023-11">November 2023</time>' + PARAGRAPHS + "</article></body></html>"
    )
    path = tmp_path / "review.htm"
    path.write_text(page, encoding="utf-8")
    article = read_one(path)
    assert (article.published, article.date_precision) == (dt.date(2023, 11, 1), "month")


def test_meta_published_time_and_author_meta(tmp_path):
    page = (
        "<html><head><title>Plain page - Example</title>"
        '<meta property="article:published_time" content="2022-02-03T10:00:00Z">'
        '<meta name="author" content="By Sam Poe">'
        "</head><body><article><h1>Plain page</h1>" + PARAGRAPHS + "</article></body></html>"
    )
    path = tmp_path / "plain.html"
    path.write_text(page, encoding="utf-8")
    article = read_one(path)
    assert article.title == "Plain page"
    assert article.byline == "Sam Poe"
    assert article.published == dt.date(2022, 2, 3)


def test_html_detected_by_content_and_declared_charset(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Caf\xe9 owners protest</title></head><body><article><h1>Caf\xe9 owners protest</h1>"
        "<p>The caf\xe9\u2019s owners said \u201cenough\u201d on Monday, and closed for the day "
        "in protest at the new rules on opening hours.</p></article></body></html>"
    )
    path = tmp_path / "page.txt"
    path.write_bytes(page.encode("cp1252"))
    article = read_one(path)
    assert article.title == "Café owners protest"
    assert "“enough”" in article.body


def test_short_page_without_metadata_still_gives_text(tmp_path):
    path = tmp_path / "short.html"
    path.write_text(
        "<html><body><h1>Short notice</h1><p>The bridge is closed today.</p></body></html>",
        encoding="utf-8",
    )
    article = read_one(path)
    assert article.title == "Short notice"
    assert "The bridge is closed today." in article.body
    assert (article.published, article.date_precision) == (None, "unknown")
