"""The management commands, run as a user runs them, on the seeds and on files the tests write."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles import search
from articles.models import Article, Entity
from articles.search import SearchParams

pytestmark = pytest.mark.django_db(transaction=True)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_TITLES = {
    "Kim Jong Un inspects new missile system amid growing military ties with Russia",
    "Kim Jong Un Conducts Weapon Tests And Briefs Troops At North Korean Factories",
}
FURNITURE = ["Theme License", "Back to top", "Also read", "Sanjay Kumar Agarwal", "Breaking News"]


def run_import(*args) -> str:
    """The command's output: the problems it reported, then its summary line."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), "--quiet", stdout=out, stderr=err)
    except SystemExit as exit_:
        assert exit_.code == 1
    return err.getvalue() + out.getvalue()


def test_importing_the_seeds(capsys):
    output = run_import(SEEDS)
    assert output.strip().endswith("created 2, updated 0, unchanged 0, failed 0")
    assert set(Article.objects.values_list("title", flat=True)) == SEED_TITLES
    for article in Article.objects.all():
        for furniture in FURNITURE:
            assert furniture not in article.body, furniture
        assert "\nKim Jong Un\n" not in f"\n{article.body}\n"  # the repeated caption
        assert article.raw  # the input is kept as received


def test_reimport_creates_nothing():
    run_import(SEEDS)
    output = run_import(SEEDS)
    assert output.strip().endswith("created 0, updated 0, unchanged 2, failed 0")
    assert Article.objects.count() == 2


def test_seeds_are_searchable_after_import():
    run_import(SEEDS)
    both = search.search(SearchParams(q="missile"))
    assert both.total == 2 and all("<mark>" in hit.snippet_html for hit in both.hits)
    only_one = search.search(SearchParams(q="sniper"))
    assert [hit.article.title for hit in only_one.hits] == [
        "Kim Jong Un inspects new missile system amid growing military ties with Russia"
    ]


def test_seed_facets_narrow_and_agree_with_results():
    run_import(SEEDS)
    results = search.search(SearchParams())
    people = {value.value: value.count for value in results.facets["person"]}
    assert people["kim-jong-un"] == 2
    shoigu = Entity.objects.get(name="Sergei Shoigu").slug
    narrowed = search.search(SearchParams(person=[shoigu]))
    assert narrowed.total == people[shoigu] == 1


def test_a_changed_version_updates_but_keeps_curated_fields(tmp_path):
    feed = tmp_path / "bulk.jsonl"
    story = {
        "url": "https://example.org/a",
        "title": "Original headline",
        "body": "Body text of the story.",
    }
    feed.write_text(json.dumps(story) + "\n")
    run_import(feed)
    article = Article.objects.get()
    article.title = "Curated headline"
    article.curated_fields = ["title"]
    article.save()
    story["body"] = "Body text of the story, updated."
    feed.write_text(json.dumps(story) + "\n")
    output = run_import(feed)
    assert output.strip().endswith("created 0, updated 1, unchanged 0, failed 0")
    article.refresh_from_db()
    assert article.title == "Curated headline"
    assert "updated" in article.body


def test_bad_items_are_reported_and_the_rest_imported(tmp_path):
    (tmp_path / "good.jsonl").write_text(
        json.dumps({"title": "Good one", "body": "Fine text about ports."}) + "\n{not json\n"
    )
    (tmp_path / "empty.txt").write_text("")
    output = run_import(tmp_path)
    assert "good.jsonl line 2" in output
    assert "empty.txt" in output
    assert output.strip().endswith("created 1, updated 0, unchanged 0, failed 2")
    assert Article.objects.filter(title="Good one").exists()


def test_rebuild_index_command():
    run_import(SEEDS, "--no-enrich")
    from io import StringIO

    out = StringIO()
    call_command("rebuild_index", "--quiet", stdout=out)
    assert out.getvalue().strip() == "indexed 2 articles"
    assert search.search(SearchParams(q="missile")).total == 2


def test_ensure_demo_user_prints_the_same_login_twice(settings, tmp_path):
    from io import StringIO

    settings.DATA_DIR = tmp_path
    first, second = StringIO(), StringIO()
    call_command("ensure_demo_user", stdout=first)
    call_command("ensure_demo_user", stdout=second)
    assert "user 'demo'" in first.getvalue()
    assert first.getvalue() == second.getvalue()
    elsewhere = StringIO()
    call_command("ensure_demo_user", "--url", "http://127.0.0.1:8011/", stdout=elsewhere)
    assert elsewhere.getvalue().startswith("Log in at http://127.0.0.1:8011/ as user 'demo'")


def test_enrich_articles_keeps_curated_mentions_and_reindexes_changes():
    from io import StringIO

    from articles.models import Mention

    run_import(SEEDS, "--no-enrich")
    assert not Mention.objects.exists()
    out = StringIO()
    call_command("enrich_articles", stdout=out)
    assert out.getvalue().strip() == "enriched 2 articles, changed 2"
    assert search.search(SearchParams(person=["kim-jong-un"])).total == 2

    curated_entity = Entity.objects.create(name="Pyongyang officials", kind="org")
    article = Article.objects.order_by("pk").first()
    Mention.objects.create(article=article, entity=curated_entity, curated=True)
    out = StringIO()
    call_command("enrich_articles", stdout=out)
    assert out.getvalue().strip() == "enriched 2 articles, changed 0"
    assert article.mentions.filter(entity=curated_entity, curated=True).exists()
    assert search.search(SearchParams(org=[curated_entity.slug])).total == 1


def test_enrich_articles_rejects_a_malformed_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("enrich_articles", "--since", "yesterday")


def test_each_problem_is_reported_once_with_its_place(tmp_path):
    (tmp_path / "rows.jsonl").write_text('{"title": "A", "body": "Text one."}\n[1, 2\n')
    output = run_import(tmp_path / "rows.jsonl")
    problem_lines = [line for line in output.splitlines() if "line 2" in line]
    assert len(problem_lines) == 1
    assert problem_lines[0].count("rows.jsonl") == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--map", "nonsense"], "FIELD=COLUMN"),
        (["--map", "colour=hue"], "unknown field 'colour'"),
        (["--format", "pdf"], "invalid choice"),
    ],
)
def test_usage_errors_exit_with_status_2(arguments, message):
    import subprocess
    import sys

    manage = Path(__file__).resolve().parents[2] / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "import_articles", "seeds", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_an_agencys_dateline_glued_to_the_story_is_neither_a_name_nor_a_mention(tmp_path):
    """ "Washington (CNN)President Donald Trump": the page lost the space after the agency's
    brackets. Imported, the dateline gives place and agency, the president is a person, and
    neither "President" nor the outlet's own name in its own datelines is a facet value (another
    agency's dateline credits that agency: "Reuters" stays); nor are a shouted "YOU" and a
    "Photos:" label."""
    stories = [
        ("Talks fail", "Washington (CNN)President Donald Trump said the talks had failed."),
        ("Protests", "Hong Kong (CNN)The protests grew, police said. YOU can't stop us, it read."),
        ("Visit", "(CNN)President Joe Biden will travel to Ohio on Friday, aides said."),
        ("Storm", "Miami (CNN)Photos: The storm hit Florida on Monday, officials said."),
        ("Summit", "London (CNN)Prime Minister Theresa May met European Union leaders."),
        ("Coalition", "Berlin (Reuters) - Angela Merkel said the coalition talks would go on."),
    ]
    (tmp_path / "cnn.jsonl").write_text(
        "".join(
            json.dumps({"url": f"https://edition.cnn.com/{i}", "title": title, "body": body}) + "\n"
            for i, (title, body) in enumerate(stories)
        )
    )
    run_import(tmp_path)
    article = Article.objects.get(title="Talks fail")
    assert article.dateline_place == "Washington"
    assert article.body.startswith("Washington (CNN) President Donald Trump")
    search.close_index()
    facets = search.search(SearchParams()).facets
    shown = {group: {v.label for v in facets[group]} for group in ("person", "org", "place")}
    assert {"Donald Trump", "Joe Biden", "Theresa May"} <= shown["person"]
    assert not {"CNN", "YOU"} & shown["org"] and "Reuters" in shown["org"]
    assert not {"President", "Prime", "Photos"} & shown["place"]
    assert {"Washington", "Ohio", "Florida"} <= shown["place"]
