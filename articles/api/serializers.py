"""The API's shapes of the collection's things: articles, entities, topics, sources, and a page of
search hits with its cursor links (the hit itself is articles/serializers.py's, as /api/search/)."""

from __future__ import annotations

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Entity, Mention, SavedSearch, Source, Topic
from articles.search import InvalidParams, SearchParams
from articles.serializers import FacetsSerializer, SearchHitSerializer


class ApiHitSerializer(SearchHitSerializer):
    reason = serializers.CharField(
        source="reason.summary", help_text='Why it matched: "matched in title, body; alias DPRK".'
    )


class SearchPageSerializer(serializers.Serializer):
    """A page of hits; `next` walks on to the last hit (null on the last page)."""

    query = serializers.CharField(source="params.q")
    total = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    suggestion = serializers.CharField(allow_null=True)
    notice = serializers.SerializerMethodField()
    results = ApiHitSerializer(many=True, source="hits")
    facets = serializers.SerializerMethodField()

    def to_representation(self, results):
        data = super().to_representation(results)
        data.update(self.context["links"])
        return data

    def get_notice(self, results) -> str | None:
        return results.notice or None

    @extend_schema_field(FacetsSerializer)
    def get_facets(self, results) -> dict:
        return FacetsSerializer({**results.facets, "date": results.dates}).data


class SourceSerializer(serializers.ModelSerializer):
    domains = serializers.SlugRelatedField(slug_field="domain", many=True, read_only=True)
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Source
        fields = ["slug", "name", "homepage", "domains", "aliases"]


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Topic
        fields = ["slug", "name", "qcode", "description", "parent"]


class EntitySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:entity-detail", lookup_field="slug")

    class Meta:
        model = Entity
        fields = ["slug", "name", "kind", "url"]


class MonthCountSerializer(serializers.Serializer):
    month = serializers.DateField(format="%Y-%m")
    count = serializers.IntegerField()


class CoMentionSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="entity__slug")
    name = serializers.CharField(source="entity__name")
    kind = serializers.CharField(source="entity__kind")
    count = serializers.IntegerField(help_text="Articles mentioning both.")


class EntityDetailSerializer(EntitySerializer):
    """An entity with its aliases and what its page counts (Entity.objects.mention_summary)."""

    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    article_count = serializers.IntegerField(source="summary.article_count")
    last_mention = serializers.DateField(source="summary.last_mention", allow_null=True)
    timeline = MonthCountSerializer(many=True, source="summary.timeline")
    co_mentioned = CoMentionSerializer(many=True, source="summary.co_mentioned")
    latest = serializers.SerializerMethodField(help_text="Ids of the latest ten articles.")

    class Meta(EntitySerializer.Meta):
        fields = [
            *EntitySerializer.Meta.fields,
            "curated",
            "aliases",
            *("article_count", "last_mention", "timeline", "co_mentioned", "latest"),
        ]

    def get_latest(self, entity: Entity) -> list[int]:
        return [article.pk for article in entity.summary["latest"]]


class MentionSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="entity.slug")
    name = serializers.CharField(source="entity.name")
    kind = serializers.CharField(source="entity.kind")

    class Meta:
        model = Mention
        fields = ["slug", "name", "kind", "count", "curated"]


class ArticleTopicSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="topic.slug")
    name = serializers.CharField(source="topic.name")
    confidence = serializers.FloatField(allow_null=True)
    curated = serializers.BooleanField()


class ArticleSerializer(serializers.ModelSerializer):
    """An article in full: its text, what was found in it, and its copies (the same story
    elsewhere, linked as duplicates of the earliest: `duplicate_of` and `copies`)."""

    page = serializers.SerializerMethodField(help_text="The article's page in newsdesk.")
    source = SourceSerializer(allow_null=True, read_only=True)
    entities = MentionSerializer(many=True, source="mentions", read_only=True)
    topics = ArticleTopicSerializer(many=True, source="article_topics", read_only=True)
    copies = serializers.PrimaryKeyRelatedField(many=True, read_only=True, source="duplicates")

    class Meta:
        model = Article
        fields = [
            "id",
            "page",
            *Article.TEXT_FIELDS,
            *Article.METADATA_FIELDS,
            "status",
            "mentioned_dates",
            "entities",
            "topics",
            "duplicate_of",
            "copies",
            "curated_fields",
        ]
        read_only_fields = [name for name in fields if name != "title"]

    def get_page(self, article: Article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())

    def update(self, article: Article, validated_data: dict) -> Article:
        """A curator's edit, kept as the admin keeps one: curated (re-import leaves it) and
        logged on the article's history page."""
        edited = [name for name, value in validated_data.items() if getattr(article, name) != value]
        if not edited:
            return article
        for name in edited:
            setattr(article, name, validated_data[name])
        article.curated_fields = sorted({*article.curated_fields, *edited})
        article.save(update_fields=[*edited, "curated_fields"])
        LogEntry.objects.log_actions(
            user_id=self.context["request"].user.pk,
            queryset=[article],
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": edited}}],
            single_object=True,
        )
        return article


class SavedSearchSerializer(serializers.ModelSerializer):
    """A saved search (or a follow) of the user's own or shared with one of the user's groups."""

    query = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        required=False,
        help_text='The search page\'s parameters as a query string: "q=oil&person=opec".',
    )
    shared_with = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.none(),
        allow_null=True,
        required=False,
        help_text="The id of one of your groups whose members see it; null for private.",
    )
    owner = serializers.CharField(source="owner.get_username", read_only=True)
    search = serializers.CharField(
        source="search_string", read_only=True, help_text="The parameters that run it now."
    )

    class Meta:
        model = SavedSearch
        fields = [
            "id",
            "name",
            "query",
            "search",
            "rate",
            "shared_with",
            "owner",
            "followed_kind",
            "followed_slug",
            "created",
            "last_seen_at",
        ]
        read_only_fields = ["followed_kind", "followed_slug", "created", "last_seen_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Sharing is with one's own team, as on the Save this search page.
            fields["shared_with"].queryset = Group.objects.filter(user=request.user)
        return fields

    def validate_query(self, value: str) -> str:
        query = SavedSearch.query_of(QueryDict(value))
        try:
            SearchParams.from_query(query)
        except InvalidParams as error:
            raise serializers.ValidationError(str(error)) from error
        return query
