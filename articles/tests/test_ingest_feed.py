"""RSS and Atom feeds: one article per entry."""

import datetime as dt

from articles.ingest import IngestProblem, ParsedArticle, read_inputs

TODAY = dt.date(2026, 11, 20)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Wire</title><link>https://example.com</link><description>News</description>
<item><title>Talks resume in Geneva</title><link>https://example.com/a</link>
<guid>https://example.com/a</guid><pubDate>Wed, 15 May 2024 10:00:00 GMT</pubDate>
<dc:creator>Jane Doe</dc:creator><category>Diplomacy</category>
<description>Negotiators returned to the table.</description>
<content:encoded><![CDATA[<p>GENEVA (Reuters) - Negotiators returned to the table on Wednesday.</p>
<p>Share this article</p><p>They will meet again <b>next week</b>.</p>]]></content:encoded>
</item>
<item><title>Harbour reopens</title><link>https://example.com/b</link>
<description>&lt;p&gt;The harbour &lt;a href="x"&gt;reopened&lt;/a&gt;
after the storm.&lt;/p&gt;</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:feed</id>
<updated>2024-05-15T00:00:00Z</updated>
<entry><title type="html">Kim visits &amp;lt;factory&amp;gt;</title><id>urn:1</id>
<link href="https://example.org/1"/>
<published>2024-05-14T09:00:00+09:00</published><author><name>John Roe</name></author>
<summary>Leader orders more shells</summary>
<content type="html">&lt;p&gt;Kim Jong Un visited a factory.&lt;/p&gt;
&lt;p&gt;He gave orders.&lt;/p&gt;</content>
<source><title>Yonhap</title></source>
</entry>
<entry><title>Undated item</title><id>urn:2</id>
<content type="text">Plain content.</content></entry>
</feed>
"""


def read_all(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return list(read_inputs([path], today=TODAY))


def test_rss_entry_fields(tmp_path):
    first, second = read_all(tmp_path, "wire.rss", RSS)
    assert first.title == "Talks resume in Geneva"
    assert first.url == "https://example.com/a"
    assert first.external_id == "https://example.com/a"
    assert first.byline == "Jane Doe"
    assert first.topics == ["Diplomacy"]
    assert (first.published, first.date_precision) == (dt.date(2024, 5, 15), "day")
    assert first.origin == "wire.rss entry 1"
    assert first.body == (
        "GENEVA (Reuters) - Negotiators returned to the table on Wednesday.\n\n"
        "They will meet again next week."
    )
    # The summary only repeats the start of the content: not a standfirst.
    assert first.subtitle == ""
    # An entry on the feed's own site is the feed's outlet, whatever agency its dateline names.
    assert first.source == "Example Wire"
    assert second.source == "Example Wire"


def test_an_aggregators_title_names_no_entrys_outlet(tmp_path):
    aggregated = RSS.replace(
        "<link>https://example.com</link>", "<link>https://news.example.net</link>"
    )
    first, second = read_all(tmp_path, "wire.rss", aggregated)
    # The entries' URLs name their outlet (the store side turns the domain into a source).
    assert (first.source, second.source) == ("", "")


def test_an_entry_without_a_link_takes_its_datelines_agency(tmp_path):
    # feedparser takes a URL guid for the link, so both go.
    unlinked = RSS.replace("<link>https://example.com/a</link>", "").replace(
        "<guid>https://example.com/a</guid>", ""
    )
    first, _ = read_all(tmp_path, "wire.rss", unlinked)
    assert first.source == "Reuters"


def test_rss_summary_html_is_stripped(tmp_path):
    _, second = read_all(tmp_path, "wire.rss", RSS)
    assert second.body == "The harbour reopened after the storm."


def test_atom_entry_fields(tmp_path):
    first, second = read_all(tmp_path, "desk.xml", ATOM)
    assert first.title == "Kim visits <factory>"
    assert first.url == "https://example.org/1"
    assert first.byline == "John Roe"
    assert first.source == "Yonhap"
    assert first.subtitle == "Leader orders more shells"
    assert first.body == "Kim Jong Un visited a factory.\n\nHe gave orders."
    assert (first.published, first.date_precision) == (dt.date(2024, 5, 14), "day")
    assert second.source == "Atom Desk"
    assert (second.published, second.date_precision) == (None, "unknown")


def test_feed_detected_by_content(tmp_path):
    """A file with no telling name is read as the feed it is: one article per entry, not the
    whole document as one text."""
    items = read_all(tmp_path, "download", ATOM)
    assert [type(item) for item in items] == [ParsedArticle, ParsedArticle]
    assert [item.title for item in items] == ["Kim visits <factory>", "Undated item"]
    assert [item.origin for item in items] == ["download entry 1", "download entry 2"]


def test_entry_without_text_is_a_problem_and_the_rest_goes_on(tmp_path):
    feed = RSS.replace("<item><title>Harbour", "<item><title></title></item><item><title>Harbour")
    items = read_all(tmp_path, "wire.rss", feed)
    assert [type(item) for item in items] == [ParsedArticle, IngestProblem, ParsedArticle]
    assert items[1].origin == "wire.rss entry 2"
    assert "no text" in items[1].message
