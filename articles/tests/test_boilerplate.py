"""Each source's furniture: learned from its articles, switched off or added by a curator, and
re-applied to its articles as the evidence grows."""

import random

import pytest
from django.core.management import call_command

from articles.models import Article, FurniturePattern, Source
from articles.store.boilerplate import apply_furniture, refresh_furniture
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db

DISCLAIMER = "Opinions on this page belong to their writers and not to the Daily Example."
QUOTE = '"We will not give up the fight for the harbour," the mayor told the crowd.'


VOCABULARY = [
    *("harbour", "council", "budget", "school", "bridge", "hospital", "railway", "museum"),
    *("river", "market", "farm", "factory", "airport", "stadium", "library", "tunnel"),
    *("forest", "prison", "court", "station", "clinic", "village", "port", "mine"),
]


def story(number: int) -> str:
    """A story of its own, far from every other (so none is taken for a near copy of another)."""
    words = random.Random(number).sample(VOCABULARY, 12)
    return (
        f"The {words[0]} and {words[1]} boards met for the {number}th time on Monday. "
        f"Members discussed the {words[2]}, the {words[3]} and the {words[4]} at length. "
        f"A vote on the {words[5]} and {words[6]} is due next week, before the {words[7]} "
        f"reopens. Critics of the {words[8]} plan spoke for the {words[9]}, the {words[10]} and "
        f"the {words[11]}."
    )


def add_articles(source: str, numbers, closing: str = "") -> list[Article]:
    return [
        make_article(
            body=story(n) + (" " + closing if closing else ""),
            read_body=story(n) + (" " + closing if closing else ""),
            source=source,
        )
        for n in numbers
    ]


def test_furniture_learned_from_a_source_leaves_its_articles_and_a_repeated_quote_stays():
    with_disclaimer = add_articles("Daily Example", range(0, 12), DISCLAIMER)
    quoted = add_articles("Daily Example", range(12, 14), QUOTE)
    add_articles("Daily Example", range(14, 60))
    source = Source.objects.get(name="Daily Example")
    [report] = refresh_furniture([source], enrich=False)
    assert [(p.text, p.kind, p.article_count) for p in report.patterns] == [
        (DISCLAIMER, "sentence", 12)
    ]
    assert report.changed == 12
    article = Article.objects.get(pk=with_disclaimer[0].pk)
    assert article.body == story(0)
    assert article.read_body.endswith(DISCLAIMER)  # nothing is lost
    assert Article.objects.get(pk=quoted[0].pk).body.endswith(QUOTE)


def test_another_sources_articles_keep_the_sentence():
    add_articles("Daily Example", range(0, 30), DISCLAIMER)
    other = add_articles("Other Paper", range(30, 31), DISCLAIMER)[0]
    refresh_furniture(Source.objects.all(), enrich=False)
    assert Article.objects.get(pk=other.pk).body.endswith(DISCLAIMER)


def test_a_switched_off_pattern_stays_off_and_its_text_comes_back():
    articles = add_articles("Daily Example", range(0, 30), DISCLAIMER)
    source = Source.objects.get(name="Daily Example")
    refresh_furniture([source], enrich=False)
    assert not Article.objects.get(pk=articles[0].pk).body.endswith(DISCLAIMER)
    pattern = source.furniture.get()
    pattern.enabled = False
    pattern.save()
    apply_furniture(source, enrich=False)  # as the admin does when a curator saves the switch
    assert Article.objects.get(pk=articles[0].pk).body.endswith(DISCLAIMER)
    add_articles("Daily Example", range(30, 60), DISCLAIMER)  # the evidence grows
    refresh_furniture([source], enrich=False)
    assert list(source.furniture.values_list("enabled", flat=True)) == [False]
    assert Article.objects.get(pk=articles[0].pk).body.endswith(DISCLAIMER)


def test_a_curators_pattern_is_applied_and_kept_by_learning():
    articles = add_articles("Daily Example", range(0, 30))
    source = Source.objects.get(name="Daily Example")
    FurniturePattern.objects.create(
        source=source, text="Critics" + story(0).rsplit(" Critics", 1)[1], kind="sentence"
    )
    refresh_furniture([source], force=True, enrich=False)
    assert source.furniture.count() == 1
    assert Article.objects.get(pk=articles[0].pk).body == story(0).rsplit(" Critics", 1)[0]


def test_learning_waits_for_the_evidence_to_grow():
    add_articles("Daily Example", range(0, 40), DISCLAIMER)
    source = Source.objects.get(name="Daily Example")
    refresh_furniture([source], enrich=False)
    source.refresh_from_db()
    assert source.furniture_learned_from == 40
    source.furniture.all().delete()
    add_articles("Daily Example", range(40, 45), DISCLAIMER)
    refresh_furniture([source], enrich=False)  # 45 articles are not enough more than 40
    assert not source.furniture.exists()
    refresh_furniture([source], force=True, enrich=False)
    assert source.furniture.count() == 1


def test_learn_furniture_command_prints_what_it_learned(capsys):
    add_articles("Daily Example", range(0, 30), DISCLAIMER)
    call_command("learn_furniture", "daily-example", "--no-enrich")
    out = capsys.readouterr().out
    assert "Daily Example: 1 furniture patterns from 30 articles, 30 articles changed" in out
    assert DISCLAIMER[:60] in out


def test_learn_furniture_command_names_an_unknown_source():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no source with the slug or name 'nowhere'"):
        call_command("learn_furniture", "nowhere")


def test_an_import_learns_the_outlets_furniture_and_keeps_what_it_removed(tmp_path):
    import json

    path = tmp_path / "scrape.jsonl"
    rows = []
    for n in range(40):
        closing = " " + DISCLAIMER if n % 3 == 0 else ""
        quote = " " + QUOTE if n in (1, 2) else ""
        url = f"https://www.daily-example.com/story/{n}"
        rows.append({"url": url, "title": f"Harbour story {n}", "body": story(n) + quote + closing})
    path.write_text("\n".join(json.dumps(row) for row in rows))
    call_command("import_articles", str(path), "--no-enrich", "--quiet")
    source = Source.objects.get()
    assert source.name == "Daily Example"
    assert list(source.furniture.values_list("text", "article_count")) == [(DISCLAIMER, 14)]
    first = Article.objects.get(url=rows[0]["url"])
    assert first.body == story(0)
    assert DISCLAIMER in first.read_body and DISCLAIMER in first.raw
    assert Article.objects.get(url=rows[1]["url"]).body.endswith(QUOTE)
    # Imported again, nothing changes: the text as read is what re-import compares.
    call_command("import_articles", str(path), "--no-enrich", "--quiet")
    assert Article.objects.get(pk=first.pk).body == story(0)


def write_scrape(path, numbers, closing: str = "") -> None:
    import json

    rows = [
        {
            "url": f"https://www.daily-example.com/story/{n}",
            "title": f"Harbour story {n}",
            "body": story(n) + (" " + closing if closing else ""),
        }
        for n in numbers
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows))


@pytest.fixture
def enriched_texts(monkeypatch):
    """Every article text the import hands to enrichment (in this process: no workers), through
    the pool or directly."""
    from articles.enrich import enrich_articles, workers
    from articles.store import enrichment

    seen = []

    def enrich_and_count(texts, registry):
        seen.extend(text.body for text in texts)
        return enrich_articles(texts, registry)

    monkeypatch.setattr(workers, "enrich_articles", enrich_and_count)
    monkeypatch.setattr(enrichment, "enrich_articles", enrich_and_count)
    return seen


def test_an_import_learns_an_outlets_furniture_before_enriching_its_articles(
    tmp_path, monkeypatch, enriched_texts
):
    from articles import search
    from articles.store import importer

    monkeypatch.setattr(importer, "BATCH_SIZE", 25)
    path = tmp_path / "scrape.jsonl"
    write_scrape(path, range(100), DISCLAIMER)
    call_command("import_articles", str(path), "--workers", "0", "--quiet")
    # The first batch taught the pattern before it was enriched, and the later ones were stored
    # without it: each article is enriched once, never with its furniture.
    assert len(enriched_texts) == 100
    assert not any(DISCLAIMER in body for body in enriched_texts)
    assert not Article.objects.filter(body__contains=DISCLAIMER).exists()
    assert search.search(search.SearchParams(q='"belong to their writers"')).total == 0


def test_articles_enriched_before_the_pattern_was_learned_are_enriched_again(
    tmp_path, monkeypatch, enriched_texts
):
    from articles.store import importer

    monkeypatch.setattr(importer, "BATCH_SIZE", 10)  # the first batch is too few to learn from
    path = tmp_path / "scrape.jsonl"
    write_scrape(path, range(40), DISCLAIMER)
    call_command("import_articles", str(path), "--workers", "0", "--quiet")
    with_furniture = [body for body in enriched_texts if DISCLAIMER in body]
    assert len(with_furniture) == 10  # the first batch, before the pattern was learned ...
    assert len(enriched_texts) == 50  # ... enriched again without it
    first = Article.objects.get(url="https://www.daily-example.com/story/0")
    assert first.body == story(0) and DISCLAIMER in first.read_body
