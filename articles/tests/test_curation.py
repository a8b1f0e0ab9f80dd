"""Curation operations reach search and facets at once, touch only what changed, and survive
re-import and re-extraction."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from articles import search
from articles.enrich import Enrichment, FoundEntity, FoundTopic
from articles.models import Alias, Article, BlockedName, Entity, Mention, SuppressedLink, Topic
from articles.store import curation
from articles.store.enrichment import build_registry, enrich_and_store, store_enrichments
from articles.store.importer import import_articles
from articles.store.merge_candidates import Candidate, find_merge_candidates
from articles.tests.factories import make_article, make_entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def kims(committed):
    """Kim Jong Un under two spellings, one article mentioning both, one unrelated article."""
    with committed():
        a = make_article("Parade in Pyongyang", "Kim Jong Un watched.", people=("Kim Jong Un",))
        b = make_article(
            "Two spellings", "Kim Jong Un, also Kim Jong-un.", people=("Kim Jong Un", "Kim Jong-un")
        )
        c = make_article("Launch", "Kim Jong-un watched a launch.", people=("Kim Jong-un",))
        other = make_article("Football", "A cup final.", people=("Harry Kane",))
        Mention.objects.filter(article=b).update(count=2)
    # Make the unrelated article's document stale without flagging it: if anything rewrote it, the
    # index would stop reporting it stale.
    Article.objects.filter(pk=other.pk).update(updated=timezone.now() + dt.timedelta(hours=1))
    return a, b, c, other


def test_merge_shows_one_facet_value_and_reindexes_only_affected_articles(
    kims, committed, found, facet
):
    a, b, c, other = kims
    assert {"kim-jong-un", "kim-jong-un-2"} <= set(facet("person"))
    survivor = Entity.objects.get(name="Kim Jong Un")
    merged = Entity.objects.get(name="Kim Jong-un")
    with committed():
        messages = curation.merge_entities(survivor, [survivor, merged])
    assert messages == ["Merged 'Kim Jong-un' (3 mentions in 2 articles) into 'Kim Jong Un'"]
    people = facet("person")
    assert people["kim-jong-un"] == 3 and "kim-jong-un-2" not in people
    assert Mention.objects.get(article=b).count == 4  # 2 + 2 in the article naming both
    # "Kim Jong-un" normalises like "Kim Jong Un": the curated survivor's name covers it already.
    assert not survivor.aliases.exists()
    assert build_registry().names["kim jong un"] == ("Kim Jong Un", "person")
    assert not Entity.objects.filter(pk=merged.pk).exists()
    assert found(person=["kim-jong-un"]) == {a.pk, b.pk, c.pk}
    assert search.check_index().stale == [other.pk]  # untouched: never reindexed
    flags = dict(Article.objects.values_list("pk", "needs_indexing"))
    assert not any(flags[pk] for pk in (b.pk, c.pk))


def test_a_merge_survives_re_extraction(committed, facet):
    with committed():
        first = make_article(
            "Visit", "Sergei Shoigu visited Pyongyang on Monday. Sergei Shoigu met officials."
        )
        second = make_article(
            "Talks", "Sergey Shoigu held talks in Moscow. Sergey Shoigu spoke to reporters."
        )
        enrich_and_store([first, second])
    spellings = Entity.objects.filter(name__contains="Shoigu", kind="person")
    assert spellings.count() == 2, list(spellings.values_list("name", "kind"))
    survivor = spellings.get(name="Sergei Shoigu")
    with committed():
        curation.merge_entities(survivor, list(spellings))
        enrich_and_store([Article.objects.get(pk=first.pk), Article.objects.get(pk=second.pk)])
    assert list(Entity.objects.filter(name__contains="Shoigu").values_list("name", flat=True)) == [
        "Sergei Shoigu"
    ]
    assert facet("person")[survivor.slug] == 2
    assert set(Mention.objects.filter(entity=survivor).values_list("article_id", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_an_alias_finds_the_article_at_once(committed, found):
    with committed():
        article = make_article(
            "Statement", "Pyongyang said it would respond.", places=("North Korea",)
        )
    assert found(q="DPRK") == set()
    with committed():
        added = curation.add_aliases(
            Entity.objects.get(name="North Korea"), ["DPRK", "north korea"]
        )
    assert added == ["DPRK"]  # a spelling the entity already has is not repeated
    assert found(q="DPRK") == {article.pk}
    assert build_registry().names["dprk"] == ("North Korea", "place")


def test_blocking_removes_the_name_everywhere_and_from_extraction(committed, found, facet):
    with committed():
        a = make_article(
            "Speech", "He spoke. Sergei Shoigu listened.", people=("He", "Sergei Shoigu")
        )
        b = make_article("Other", "He left.", orgs=("He",))
    assert "he" in facet("person")
    he = Entity.objects.get(name="He", kind="person")
    with committed():
        blocked, message = curation.block_entity(he)
    assert message == "Blocked 'He' as not an entity; removed from 2 articles"
    assert [name.name for name in blocked] == ["He"]
    assert not Entity.objects.filter(name="He").exists()
    assert "he" not in facet("person") and "he" not in facet("org")
    assert found(person=["sergei-shoigu"]) == {a.pk}
    assert b.pk in found()
    with committed():
        shoigu = make_article("Again", "Sergei Shoigu visited Moscow. Sergei Shoigu spoke.")
        curation.block_entity(Entity.objects.get(name="Sergei Shoigu"))
        enrich_and_store([shoigu])
    assert not Entity.objects.filter(name__contains="Shoigu").exists()
    assert BlockedName.objects.filter(name="Sergei Shoigu").exists()


def test_split_moves_the_spelling_to_a_new_entity(committed, found):
    with committed():
        kim = make_entity("Kim Jong Un", aliases=("Kim Yo Jong",))
        only_sister = make_article(
            "Sister", "Kim Yo Jong issued a statement.", people=("Kim Jong Un",)
        )
        both = make_article(
            "Both", "Kim Jong Un and Kim Yo Jong. Kim Yo Jong again.", people=("Kim Jong Un",)
        )
        only_brother = make_article(
            "Brother", "Kim Jong Un inspected troops.", people=("Kim Jong Un",)
        )
        Mention.objects.filter(article=both).update(count=3)
    alias = Alias.objects.get(name="Kim Yo Jong")
    with committed():
        new, message = curation.split_alias(alias)
    assert message == "Split 'Kim Yo Jong' off 'Kim Jong Un' as an entity of its own (2 articles)"
    assert new.name == "Kim Yo Jong" and new.kind == "person" and new.curated
    assert not kim.aliases.exists()
    assert found(person=[new.slug]) == {only_sister.pk, both.pk}
    assert found(person=[kim.slug]) == {both.pk, only_brother.pk}
    assert Mention.objects.get(article=both, entity=new).count == 2
    assert Mention.objects.get(article=both, entity=kim).count == 1
    assert build_registry().names["kim yo jong"] == ("Kim Yo Jong", "person")


def test_hide_and_publish_follow_in_search_and_survive_re_import(tmp_path, committed, found):
    feed = tmp_path / "feed.jsonl"
    story = {
        "url": "https://example.org/s",
        "title": "Harbour reopens",
        "body": "The harbour reopened.",
    }
    feed.write_text(json.dumps(story) + "\n")
    with committed():
        import_articles([feed], enrich=False)
    article = Article.objects.get()
    assert found(q="harbour") == {article.pk}
    with committed():
        changed = curation.set_status(Article.objects.all(), Article.Status.HIDDEN)
    assert [message for _, message in changed] == ["Status changed from Published to Hidden"]
    assert found(q="harbour") == set()
    story["body"] = "The harbour reopened after repairs."
    feed.write_text(json.dumps(story) + "\n")
    with committed():
        report = import_articles([feed], enrich=False)
    assert report.updated == 1
    article.refresh_from_db()
    assert article.status == Article.Status.HIDDEN and "repairs" in article.body
    assert found(q="harbour") == set()
    with committed():
        curation.set_status([article], Article.Status.PUBLISHED)
    assert found(q="repairs") == {article.pk}


def test_duplicates_leave_search_and_point_at_the_first_original(committed, found, facet):
    with committed():
        original = make_article("Storm hits coast", "A storm hit the coast.", source="UPI")
        copy = make_article("Storm hits coast!", "A storm hit the coast.", source="Korea Times")
        copy_of_copy = make_article("STORM HITS COAST", "A storm hit the coast.", source="Yonhap")
    with committed():
        curation.mark_duplicates([copy], original)
        changed = curation.mark_duplicates([copy_of_copy], copy)  # follows copy to its original
    assert changed[0][1] == f"Marked as duplicate of #{original.pk} 'Storm hits coast'"
    assert found(q="storm") == {original.pk}
    assert facet("source", q="storm") == {"upi": 1}
    assert Article.objects.get(pk=copy_of_copy.pk).duplicate_of_id == original.pk
    with pytest.raises(curation.DuplicateError):
        curation.mark_duplicates([original], original)


def test_topic_assignment_and_removal_follow_and_survive_re_extraction(committed, facet):
    sport = Topic.objects.get(slug="sport")
    war = Topic.objects.get(slug="conflict-war-and-peace")
    with committed():
        a = make_article("Final", "The final.", topics=("conflict-war-and-peace",))
        b = make_article("Match", "The match.")
    with committed():
        curation.assign_topic([a, b], sport)
        curation.remove_topic([a], war)
    assert facet("topic") == {"sport": 2}
    automatic = Enrichment(
        topics=[FoundTopic(war.qcode, 0.9)], entities=[FoundEntity("Harry Kane", "person", 1)]
    )
    with committed():
        store_enrichments([Article.objects.get(pk=a.pk)], [automatic])
    assert facet("topic") == {"sport": 2}  # the removed topic stays removed; the curated one stays
    assert a.article_topics.get(topic=sport).curated
    with committed():
        curation.assign_topic([a], war)  # a curator changing their mind lifts the suppression
    assert not SuppressedLink.objects.exists()
    assert facet("topic") == {"sport": 2, "conflict-war-and-peace": 1}


def test_a_removed_mention_is_not_brought_back_by_re_extraction(committed, facet):
    with committed():
        article = make_article("Speech", "Harry Kane spoke.", people=("Harry Kane",))
    kane = Entity.objects.get(name="Harry Kane")
    with committed():  # the curator's removal, committed as the admin commits it
        curation.suppress_link(article, entity=kane)
        Mention.objects.filter(article=article).delete()
    found_kane = Enrichment(entities=[FoundEntity("Harry Kane", "person", 1)])
    with committed():
        store_enrichments([article], [found_kane])
    assert not Mention.objects.filter(article=article).exists()
    assert "harry-kane" not in facet("person")


def test_curated_fields_survive_re_extraction():
    article = make_article("Title", "Body.", published=dt.date(2024, 1, 2))
    kim = make_entity("Kim Jong Un")
    Mention.objects.create(article=article, entity=kim, count=5, curated=True)
    Article.objects.filter(pk=article.pk).update(curated_fields=["title"], title="Curated title")
    article.refresh_from_db()
    store_enrichments([article], [Enrichment(entities=[FoundEntity("Kim Jong Un", "person", 1)])])
    article.refresh_from_db()
    assert article.title == "Curated title"
    assert Mention.objects.get(article=article).count == 5  # the curator's mention is kept


def candidates(*rows):
    return [
        Candidate(pk, name, kind, mentions) for pk, (name, kind, mentions) in enumerate(rows, 1)
    ]


def test_merge_suggestions_find_each_kind_of_pair():
    rows = candidates(
        ("Kim Jong Un", "person", 40),
        ("Kim Jong-un", "person", 7),
        ("John Smith", "person", 5),
        ("J. Smith", "person", 9),
        ("Sergei Shoigu", "person", 12),
        ("Shoigu", "person", 3),
        ("United States", "place", 50),
        ("US", "place", 20),
        ("Vladimir Putin", "person", 30),
        ("Vladimir Pution", "person", 1),
        ("Seoul", "place", 10),
        ("Busan", "place", 8),
        ("Shoigu", "org", 1),
    )
    found_pairs = {(s.survivor.name, s.other.name, s.reason) for s in find_merge_candidates(rows)}
    assert found_pairs == {
        ("Kim Jong Un", "Kim Jong-un", "same name"),
        ("J. Smith", "John Smith", "initials"),
        ("Sergei Shoigu", "Shoigu", "contained"),
        ("United States", "US", "acronym"),
        ("Vladimir Putin", "Vladimir Pution", "close spelling"),
    }


def test_merge_suggestions_find_a_pair_inside_a_block_too_large_to_compare_fully():
    ministries = [
        (f"Ministry of {word}", "org", 1) for word in ("Unification", "Defence", "Health")
    ]
    filler = [(f"Ministry of Office {n:04d}", "org", 1) for n in range(500)]
    rows = candidates(*ministries, ("Ministry of Defense", "org", 3), *filler)
    pairs = {(s.survivor.name, s.other.name) for s in find_merge_candidates(rows)}
    assert ("Ministry of Defense", "Ministry of Defence") in pairs
    assert ("Ministry of Health", "Ministry of Unification") not in pairs
