"""The curators' admin: who may enter, what each action does to search, and its history."""

import gzip
import json

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.admin.imports import safe_name
from articles.models import (
    Alias,
    Article,
    ArticleTopic,
    BlockedName,
    Entity,
    Job,
    Mention,
    Source,
    SuppressedLink,
    Topic,
)
from articles.tests.factories import make_article, make_entity

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:articles_article_changelist")
ENTITIES = reverse("admin:articles_entity_changelist")


def history(obj) -> list[tuple[str, str]]:
    """(user, message) of the obj's admin history, oldest first."""
    entries = LogEntry.objects.filter(
        content_type__model=obj._meta.model_name, object_id=str(obj.pk)
    ).order_by("pk")
    return [(entry.user.username, entry.get_change_message()) for entry in entries]


def action(client, url, name, objects, **extra):
    data = {"action": name, "_selected_action": [obj.pk for obj in objects], **extra}
    return client.post(url, data)


def test_migration_creates_the_two_groups():
    assert not Group.objects.get(name="Analysts").permissions.exists()
    codenames = set(
        Group.objects.get(name="Curators").permissions.values_list("codename", flat=True)
    )
    for model in (
        "article",
        "entity",
        "alias",
        "mention",
        "topic",
        "articletopic",
        "blockedname",
        "source",
    ):
        assert {f"{verb}_{model}" for verb in ("view", "add", "change", "delete")} <= codenames
    assert not any(code.endswith("_user") or code.endswith("_group") for code in codenames)


@pytest.mark.parametrize("url", ["/admin/", ARTICLES, ENTITIES, "/admin/auth/user/"])
def test_an_analyst_cannot_reach_the_admin(client, django_user_model, url):
    analyst = django_user_model.objects.create_user("reader", password="reader-pass-123")
    analyst.groups.add(Group.objects.get(name="Analysts"))
    client.force_login(analyst)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_curator_edits_articles_but_not_users(
    curator_client, django_user_model, committed, admin_form_data
):
    article = make_article("Port reopens", "The port reopened.", source="UPI")
    assert curator_client.get(ARTICLES).status_code == 200
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(url))
    data["byline"] = "Jane Doe"
    with committed():
        response = curator_client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.byline == "Jane Doe" and article.curated_fields == ["byline"]
    assert curator_client.get("/admin/auth/user/").status_code == 403
    assert curator_client.get("/admin/auth/user/add/").status_code == 403
    someone = django_user_model.objects.create_user("someone")
    assert curator_client.get(f"/admin/auth/user/{someone.pk}/change/").status_code == 403
    assert history(article) == [("curator", "Changed Byline.")]


def test_the_article_list_stays_a_handful_of_queries_for_2000_articles(
    curator_client, django_assert_max_num_queries
):
    source = Source.objects.create(name="UPI")
    kim = make_entity("Kim Jong Un")
    sport = Topic.objects.get(slug="sport")
    articles = Article.objects.bulk_create(
        Article(title=f"Story {n}", body="Text.", source=source, content_hash=f"h{n}")
        for n in range(2000)
    )
    Mention.objects.bulk_create(Mention(article=a, entity=kim) for a in articles)
    ArticleTopic.objects.bulk_create(ArticleTopic(article=a, topic=sport) for a in articles[:500])
    for query in (
        "",
        "?status__exact=published&q=story",
        f"?topics__id__exact={sport.pk}",
        "?o=-6",
    ):
        with django_assert_max_num_queries(12):
            response = curator_client.get(ARTICLES + query)
        assert response.status_code == 200
    assert "Story 1999" in curator_client.get(ARTICLES + "?q=Story+1999").content.decode()


@pytest.fixture
def kims(committed):
    with committed():
        a = make_article("Parade", "Kim Jong Un watched.", people=("Kim Jong Un",))
        b = make_article(
            "Launch", "Kim Jong-un watched. Kim Jong-un left.", people=("Kim Jong-un",)
        )
        Mention.objects.filter(article=b).update(count=2)
    return a, b


def test_merge_through_the_admin(curator_client, kims, committed, found, facet):
    a, b = kims
    survivor = Entity.objects.get(name="Kim Jong Un")
    other = Entity.objects.get(name="Kim Jong-un")
    page = action(curator_client, ENTITIES, "merge_entities", [survivor, other]).content.decode()
    assert f'name="survivor" value="{survivor.pk}"' in page
    assert f'name="survivor" value="{other.pk}"' in page
    assert 'value="Merge"' in page
    with committed():
        response = action(
            curator_client,
            ENTITIES,
            "merge_entities",
            [survivor, other],
            apply="1",
            survivor=survivor.pk,
        )
    assert response.status_code == 302
    assert facet("person") == {survivor.slug: 2}
    assert found(q="Kim") == {a.pk, b.pk}
    assert history(survivor) == [
        ("curator", "Merged 'Kim Jong-un' (2 mentions in 1 article) into 'Kim Jong Un'")
    ]
    # The survivor's page lists the merged entity's address, which now leads to it.
    change_page = curator_client.get(f"{ENTITIES}{survivor.pk}/change/").content.decode()
    assert other.slug in change_page.split("Old addresses", 1)[1]


def test_merging_without_choosing_asks_again(curator_client, kims):
    entities = list(Entity.objects.all())
    response = action(
        curator_client, ENTITIES, "merge_entities", entities, apply="1", survivor="999999"
    )
    assert (
        response.status_code == 200 and "Choose the entity that stays" in response.content.decode()
    )
    assert Entity.objects.count() == 2


def test_block_through_the_admin(curator_client, committed, found, facet):
    with committed():
        article = make_article("Speech", "He spoke.", people=("He", "Sergei Shoigu"))
    he = Entity.objects.get(name="He")
    assert (
        "Block these names"
        in action(curator_client, ENTITIES, "block_entities", [he]).content.decode()
    )
    with committed():
        action(curator_client, ENTITIES, "block_entities", [he], apply="1")
    assert facet("person") == {"sergei-shoigu": 1}
    assert found(person=["sergei-shoigu"]) == {article.pk}
    entry = LogEntry.objects.get(action_flag=DELETION, object_id=str(he.pk))
    assert entry.user.username == "curator" and "removed from 1 article" in entry.change_message
    assert history(BlockedName.objects.get(name="He"))[0][0] == "curator"


def test_split_an_alias_through_the_admin(curator_client, committed, found, facet):
    with committed():
        kim = make_entity("Kim Jong Un", aliases=("Kim Yo Jong",))
        sister = make_article("Statement", "Kim Yo Jong said so.", people=("Kim Jong Un",))
    alias = Alias.objects.get(name="Kim Yo Jong")
    with committed():
        action(curator_client, reverse("admin:articles_alias_changelist"), "split_aliases", [alias])
    new = Entity.objects.get(name="Kim Yo Jong")
    assert found(person=[new.slug]) == {sister.pk}
    assert facet("person") == {new.slug: 1}
    assert history(kim) == [
        ("curator", "Split 'Kim Yo Jong' off 'Kim Jong Un' as an entity of its own (1 article)")
    ]


def test_alias_inline_and_rename_reach_search(curator_client, committed, found, admin_form_data):
    with committed():
        article = make_article("Statement", "Pyongyang said so.", places=("North Korea",))
    entity = Entity.objects.get(name="North Korea")
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    data = admin_form_data(curator_client.get(url))
    data.update({"name": "DPR Korea", "aliases-0-name": "DPRK"})
    with committed():
        assert curator_client.post(url, data).status_code == 302
    entity.refresh_from_db()
    assert entity.curated and entity.name == "DPR Korea"
    assert set(entity.aliases.values_list("name", flat=True)) == {"DPRK", "North Korea"}
    assert found(q="DPRK") == {article.pk}
    assert found(q='"North Korea"') == {article.pk}


def test_hide_publish_and_duplicate_through_the_admin(curator_client, committed, found, facet):
    with committed():
        original = make_article("Storm hits coast", "A storm.", source="UPI")
        copy = make_article("Storm hits the coast", "A storm.", source="Yonhap")
    with committed():
        action(curator_client, ARTICLES, "hide_articles", [original])
    assert found(q="storm") == {copy.pk}
    with committed():
        action(curator_client, ARTICLES, "publish_articles", [original])
    assert found(q="storm") == {original.pk, copy.pk}
    page = action(curator_client, ARTICLES, "mark_duplicate", [original, copy]).content.decode()
    assert f'name="original" value="{original.pk}"' in page
    with committed():
        response = action(
            curator_client,
            ARTICLES,
            "mark_duplicate",
            [original, copy],
            apply="1",
            original=original.pk,
        )
    assert response.status_code == 302
    assert found(q="storm") == {original.pk}
    assert facet("source", q="storm") == {"upi": 1}
    assert [message for _, message in history(original)] == [
        "Status changed from Published to Hidden",
        "Status changed from Hidden to Published",
    ]
    assert history(copy) == [
        ("curator", f"Marked as duplicate of #{original.pk} 'Storm hits coast'")
    ]


def test_a_missing_original_is_a_clear_message(curator_client):
    article = make_article("One")
    response = action(
        curator_client, ARTICLES, "mark_duplicate", [article], apply="1", original_id="987654"
    )
    assert (
        response.status_code == 200 and "There is no article #987654" in response.content.decode()
    )


def test_assign_and_remove_a_topic_on_many_articles(curator_client, committed, facet):
    with committed():
        articles = [make_article(f"Match {n}", "A match.", topics=("sport",)) for n in range(3)]
    war = Topic.objects.get(slug="conflict-war-and-peace")
    sport = Topic.objects.get(slug="sport")
    assert (
        'name="topic"'
        in action(curator_client, ARTICLES, "assign_topic", articles).content.decode()
    )
    with committed():
        action(curator_client, ARTICLES, "assign_topic", articles[:2], apply="1", topic=war.pk)
        action(curator_client, ARTICLES, "remove_topic", articles, apply="1", topic=sport.pk)
    assert facet("topic") == {"conflict-war-and-peace": 2}
    assert ArticleTopic.objects.filter(topic=war, curated=True).count() == 2
    assert SuppressedLink.objects.filter(topic=sport).count() == 3
    assert history(articles[0]) == [
        ("curator", "Topic 'conflict, war and peace' assigned"),
        ("curator", "Topic 'sport' removed"),
    ]


def test_removing_a_mention_inline_is_remembered(curator_client, committed, facet, admin_form_data):
    with committed():
        article = make_article("Speech", "He spoke.", people=("He", "Sergei Shoigu"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = admin_form_data(curator_client.get(url))
    he = Entity.objects.get(name="He")
    row = next(
        key[: -len("-entity")]
        for key, value in data.items()
        if key.endswith("-entity") and value == he.pk
    )
    data[f"{row}-DELETE"] = "on"
    with committed():
        assert curator_client.post(url, data).status_code == 302
    assert facet("person") == {"sergei-shoigu": 1}
    assert SuppressedLink.objects.filter(article=article, entity=he).exists()
    assert Mention.objects.get(article=article).curated is False  # untouched rows stay automatic


def test_reindex_and_rerun_extraction_actions_log(curator_client, committed, facet):
    with committed():
        article = make_article(
            "Visit", "Sergei Shoigu visited Pyongyang. Sergei Shoigu met officials."
        )
    Article.objects.filter(pk=article.pk).update(needs_indexing=True)
    action(curator_client, ARTICLES, "reindex_articles", [article])
    assert Article.objects.get(pk=article.pk).needs_indexing is False
    with committed():
        action(curator_client, ARTICLES, "rerun_extraction", [article])
    assert Entity.objects.filter(name="Sergei Shoigu").exists()
    assert "sergei-shoigu" in facet("person")
    assert [message for _, message in history(article)] == ["Reindexed", "Re-ran extraction"]


def test_merge_suggestions_page_and_one_click_merge(curator_client, committed, facet):
    with committed():
        make_article("One", "Shoigu.", people=("Sergei Shoigu",))
        make_article("Two", "Shoigu.", people=("Sergei Shoigu", "Shoigu"))
    survivor, other = Entity.objects.get(name="Sergei Shoigu"), Entity.objects.get(name="Shoigu")
    assert (
        reverse("admin:articles_entity_suggestions")
        in curator_client.get(ENTITIES).content.decode()
    )
    page = curator_client.get(reverse("admin:articles_entity_suggestions")).content.decode()
    assert "contained" in page and "csrfmiddlewaretoken" in page
    merge_url = reverse("admin:articles_entity_merge_pair")
    assert curator_client.get(merge_url).status_code == 405
    with committed():
        response = curator_client.post(merge_url, {"survivor": survivor.pk, "other": other.pk})
    assert response.status_code == 302
    assert facet("person") == {survivor.slug: 2}
    assert history(survivor)[0][0] == "curator"
    assert (
        curator_client.post(merge_url, {"survivor": survivor.pk, "other": "x"}).status_code == 404
    )


def test_a_sub_topic_gets_a_generated_code(curator_client):
    parent = Topic.objects.get(slug="sport")
    response = curator_client.post(
        reverse("admin:articles_topic_add"),
        {
            "name": "Ice hockey",
            "slug": "ice-hockey",
            "parent": parent.pk,
            "description": "",
            "qcode": "",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    topic = Topic.objects.get(slug="ice-hockey")
    assert topic.qcode == "newsdesk:ice-hockey" and topic.parent == parent


IMPORT = reverse("admin:articles_import")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_import_upload_shows_the_report(curator_client, committed, found):
    lines = (
        json.dumps({"title": "Ferry resumes", "body": "The ferry resumed service."}) + "\n{broken\n"
    )
    feed = gzip.compress(
        json.dumps({"title": "Bridge opens", "body": "A new bridge opened."}).encode()
    )
    with committed():
        response = curator_client.post(
            IMPORT,
            {"uploads": [upload("news.jsonl", lines.encode()), upload("more.json.gz", feed)]},
        )
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_job_change", args=[job.pk])
    html = curator_client.get(response["Location"]).content.decode()
    assert job.state == Job.State.FINISHED and job.kind == Job.Kind.IMPORT
    assert job.report["created"] == 2 and job.report["failed"] == 1
    assert "news.jsonl line 2" in html
    assert not job.uploads.exists()  # the upload is kept only while its job may need it
    assert found(q="ferry") == {Article.objects.get(title="Ferry resumes").pk}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("payload.exe", b"MZ\x90\x00", "not a file type the importer reads"),
        ("notes.txt", b"\x00\x01binary", "binary content"),
        ("feed.xml.gz", b"<rss/>", "not gzip-compressed"),
        ("empty.csv", b"", "empty file"),
    ],
)
def test_import_rejects_bad_files_with_their_name(curator_client, name, content, message):
    response = curator_client.post(IMPORT, {"uploads": [upload(name, content)]})
    assert response.status_code == 200
    assert message in response.content.decode() and name in response.content.decode()
    assert not Job.objects.exists()


def test_import_size_limit(curator_client, settings):
    settings.NEWSDESK = {**settings.NEWSDESK, "MAX_IMPORT_BYTES": 100}
    response = curator_client.post(IMPORT, {"uploads": [upload("big.txt", b"word " * 100)]})
    assert "larger than the import limit of 100 bytes" in response.content.decode()
    assert not Article.objects.exists()


def test_import_names_cannot_leave_the_upload_folder(curator_client, tmp_path, monkeypatch):
    workdir = tmp_path / "cwd" / "deeper"
    workdir.mkdir(parents=True)
    monkeypatch.chdir(workdir)
    story = json.dumps({"title": "Traversal try", "body": "Text of a story."}).encode()
    curator_client.post(IMPORT, {"uploads": [upload("../../escape.jsonl", story)]})
    assert Job.objects.get().report["created"] == 1
    assert not list(workdir.iterdir())
    assert (
        not list(tmp_path.rglob("escape.jsonl")) and not (tmp_path.parent / "escape.jsonl").exists()
    )


@pytest.mark.parametrize(
    "given, safe",
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/passwd", "passwd"),
        ("C:\\Users\\x\\a b.csv", "a_b.csv"),
        ("..", "upload"),
        (".hidden.txt", "hidden.txt"),
        ("news;rm -rf.txt", "news_rm_-rf.txt"),
    ],
)
def test_safe_name(given, safe):
    assert safe_name(given) == safe


def test_an_analyst_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("reader2", password="x-pass-123")
    client.force_login(user)
    response = client.post(IMPORT, {"uploads": [upload("a.txt", b"Title\n\nBody text.")]})
    assert response.status_code == 302 and not Article.objects.exists()


@pytest.mark.parametrize(
    "model",
    [
        "article",
        "entity",
        "alias",
        "mention",
        "topic",
        "articletopic",
        "blockedname",
        "source",
        "suppressedlink",
    ],
)
def test_every_curated_model_lists_and_adds_for_a_curator(curator_client, model):
    article = make_article(
        "Storm", "A storm.", people=("Kim Jong Un",), topics=("sport",), source="UPI"
    )
    kim = Entity.objects.get(name="Kim Jong Un")
    Alias.objects.create(entity=kim, name="Kim Jong-un")
    BlockedName.objects.create(name="Storm")
    SuppressedLink.objects.create(article=article, entity=make_entity("Shoigu"))
    shown = apps.get_model("articles", model).objects.first()
    listing = curator_client.get(reverse(f"admin:articles_{model}_changelist"))
    assert listing.status_code == 200
    assert reverse(f"admin:articles_{model}_change", args=[shown.pk]) in listing.content.decode()
    assert curator_client.get(reverse(f"admin:articles_{model}_add")).status_code == 200


def test_the_entity_page_links_to_its_aliases_for_splitting(curator_client):
    kim = make_entity("Kim Jong Un", aliases=("Kim Yo Jong",))
    make_entity("Sergei Shoigu", aliases=("Shoigu",))
    page = curator_client.get(
        reverse("admin:articles_entity_change", args=[kim.pk])
    ).content.decode()
    link = f"{reverse('admin:articles_alias_changelist')}?entity__id__exact={kim.pk}"
    assert link in page
    aliases = curator_client.get(link).content.decode()
    assert "Kim Yo Jong" in aliases and "Shoigu" not in aliases


def test_a_curator_may_open_every_admin_page_of_the_app(curator_client):
    """A model added to the admin needs its permissions granted to Curators by a migration."""
    models = [model for model in admin.site._registry if model._meta.app_label == "articles"]
    assert len(models) >= 10
    for model in models:
        url = reverse(f"admin:articles_{model._meta.model_name}_changelist")
        assert curator_client.get(url).status_code == 200, url
