"""The source registry: an article's outlet from its URL, its markup's site name and the curators'
domains and aliases."""

import pytest

from articles.models import Source, SourceAlias, SourceDomain
from articles.store.sources import SourceRegistry

pytestmark = pytest.mark.django_db


def test_an_unknown_domain_becomes_one_source_named_after_it():
    registry = SourceRegistry()
    first = registry.source_for("http://www.dw.com/en/story/a-1", "")
    second = registry.source_for("https://dw.com/p/2XWiQ", "")
    assert first == second
    assert (first.name, first.name_from_domain) == ("DW", True)
    assert list(first.domains.values_list("domain", flat=True)) == ["dw.com"]
    # A later import reads the registry afresh and finds the same source.
    assert SourceRegistry().source_for("http://www.dw.com/en/other/a-2", "") == first


def test_the_site_name_a_page_states_names_its_domains_source():
    registry = SourceRegistry()
    source = registry.source_for("https://www.example-news.co.uk/a", "Example News Daily")
    assert source.name == "Example News Daily"
    assert registry.source_for("https://example-news.co.uk/b", "") == source


def test_a_source_named_after_its_domain_takes_the_first_site_name_stated():
    registry = SourceRegistry()
    source = registry.source_for("https://www.rte.ie/news/1", "")
    assert source.name == "RTE"
    assert registry.source_for("https://www.rte.ie/news/2", "RTÉ News").pk == source.pk
    source.refresh_from_db()
    assert (source.name, source.name_from_domain) == ("RTÉ News", False)
    assert registry.source_for("https://www.rte.ie/news/3", "Another Name").name == "RTÉ News"


def test_a_curated_domain_wins_over_the_name_a_page_states():
    curated = Source.objects.create(name="Deutsche Welle")
    SourceDomain.objects.create(source=curated, domain="www.DW.com")  # saved as "dw.com"
    registry = SourceRegistry()
    assert registry.source_for("https://www.dw.com/en/x", "DW.COM") == curated
    curated.refresh_from_db()
    assert curated.name == "Deutsche Welle"


def test_a_subdomain_listed_on_its_own_is_its_own_source():
    sport = Source.objects.create(name="Example Sport")
    SourceDomain.objects.create(source=sport, domain="sport.example.com")
    registry = SourceRegistry()
    assert registry.source_for("https://sport.example.com/match", "") == sport
    assert registry.source_for("https://www.example.com/news", "").name == "Example"


def test_without_a_url_the_stated_name_or_an_alias_finds_the_source():
    dw = Source.objects.create(name="DW")
    SourceAlias.objects.create(source=dw, name="Deutsche Welle")
    registry = SourceRegistry()
    assert registry.source_for("", "deutsche welle") == dw
    assert registry.source_for("", "Yonhap").name == "Yonhap"
    assert registry.source_for("", "") is None
    assert registry.source_for("not a url", "") is None


def test_every_article_with_a_url_imported_from_csv_has_its_outlets_source(tmp_path):
    import csv

    from django.core.management import call_command

    from articles.models import Article

    path = tmp_path / "scrape.csv"
    urls = [
        "http://www.dw.com/en/a/a-1",
        "https://dw.com/en/b/a-2",
        "http://www.korea-times.co.kr/news/3",
        "https://news.example.org/4",
        "",
    ]
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["article_id", "article_source_link", "title", "text"])
        for number, url in enumerate(urls):
            text = f"SEOUL, May {number + 1} (Yonhap) -- Talks on item {number} went on for hours."
            writer.writerow([number, url, f"Talks on item {number}", text])
    call_command(
        "import_articles", str(path), "--map", "url=article_source_link", "--map", "id=article_id",
        "--no-enrich", "--quiet",
    )  # fmt: skip
    sources = dict(Article.objects.values_list("url", "source__name"))
    assert sources == {
        "http://www.dw.com/en/a/a-1": "DW",
        "https://dw.com/en/b/a-2": "DW",
        "http://www.korea-times.co.kr/news/3": "Korea Times",
        "https://news.example.org/4": "Example",
        "": "Yonhap",  # no address: the agency its dateline credits
    }


PAGE = """<html><head><title>Harbour reopens | Tribune</title>
<link rel="canonical" href="https://www.example-tribune.com/news/harbour-reopens">
{meta}</head><body><article><h1>Harbour reopens</h1>
<p>The harbour reopened on Monday after a week of storms had kept every boat in port.</p>
<p>Fishermen said the catch would be back to normal within days, port officials said.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    "meta",
    [
        '<meta property="og:site_name" content="The Example Tribune">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour '
        'reopens", "publisher": {"@type": "Organization", "name": "The Example Tribune"}}</script>',
    ],
    ids=["og:site_name", "JSON-LD publisher"],
)
def test_an_html_pages_markup_names_its_domains_source(tmp_path, meta):
    from django.core.management import call_command

    from articles.models import Article

    (tmp_path / "page.html").write_text(PAGE.format(meta=meta))
    call_command("import_articles", str(tmp_path / "page.html"), "--no-enrich", "--quiet")
    source = Article.objects.get().source
    assert source.name == "The Example Tribune"
    assert list(source.domains.values_list("domain", flat=True)) == ["example-tribune.com"]


def test_an_import_names_a_source_as_its_articles_write_it(tmp_path):
    import json

    from django.core.management import call_command

    from articles.models import Article

    rows = [
        {
            "url": f"https://www.harbourtimes.com/story/{n}",
            "title": f"Story {n}",
            "body": f"The port reopened, officials told the Harbour Times on day {n}.",
        }
        for n in range(4)
    ]
    path = tmp_path / "scrape.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows))
    call_command("import_articles", str(path), "--no-enrich", "--quiet")
    source = Article.objects.first().source
    assert (source.name, source.name_from_domain) == ("Harbour Times", True)
    # A site name a page states still wins over the name found in the text.
    SourceRegistry().source_for("https://harbourtimes.com/x", "The Harbour Times Online")
    source.refresh_from_db()
    assert source.name == "The Harbour Times Online"
