"""The outlet a URL names, and the readable name it gets when no registry or markup names it."""

import pytest

from articles.ingest.outlets import domain_hosts, domain_name, name_in_texts, outlet_domain


@pytest.mark.parametrize(
    "url, domain",
    [
        ("http://www.dw.com/en/delisting-looms/a-37923514?maca=en-rss", "dw.com"),
        ("https://dw.com/p/2XWiQ", "dw.com"),
        ("https://news.bbc.co.uk/2/hi/world/1.stm", "bbc.co.uk"),
        ("HTTP://WWW.RTE.IE:8080/news/", "rte.ie"),
        ("http://localhost:8000/story", "localhost"),
        ("http://10.0.0.1/story", "10.0.0.1"),
        ("ftp://example.com/file", ""),
        ("not a url", ""),
        ("http://[::1", ""),
        ("", ""),
    ],
)
def test_outlet_domain(url, domain):
    assert outlet_domain(url) == domain


def test_domain_hosts_run_from_the_host_to_the_outlet():
    assert domain_hosts("https://edition.news.example.co.uk/a") == [
        "edition.news.example.co.uk",
        "news.example.co.uk",
        "example.co.uk",
    ]


@pytest.mark.parametrize(
    "domain, name",
    [
        ("dw.com", "DW"),
        ("tass.com", "TASS"),
        ("aljazeera.com", "Aljazeera"),
        ("korea-times.co.kr", "Korea Times"),
        ("bbc.co.uk", "BBC"),
        ("10.0.0.1", "10.0.0.1"),
    ],
)
def test_domain_name(domain, name):
    assert domain_name(domain) == name


def test_the_outlets_own_articles_space_the_name_its_domain_runs_together():
    texts = ["He told Al Jazeera on Monday.", "Al Jazeera English reported it.", "Via Al Jazeera."]
    assert name_in_texts("aljazeera.com", texts) == "Al Jazeera"
    assert name_in_texts("aljazeera.com", texts[:2]) == ""  # twice may be chance
    assert name_in_texts("dw.com", ["Dw Ltd", "DW said", "D W"] * 3) == ""  # too short to tell
    assert name_in_texts("aljazeera.com", ["Al Jazeerah said so."] * 5) == ""
