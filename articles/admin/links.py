"""The links between articles and what they mention: mentions, topic links, suppressed links."""

from django.contrib import admin

from articles.models import ArticleTopic, Mention, SuppressedLink


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["entity", "article", "count", "curated"]
    list_select_related = ["entity", "article"]
    raw_id_fields = ["article", "entity"]


@admin.register(ArticleTopic)
class ArticleTopicAdmin(admin.ModelAdmin):
    list_display = ["topic", "article", "confidence", "curated"]
    list_select_related = ["topic", "article"]
    raw_id_fields = ["article"]


@admin.register(SuppressedLink)
class SuppressedLinkAdmin(admin.ModelAdmin):
    """Links curators removed; deleting one lets re-extraction find that link again."""

    list_display = ["article", "entity", "topic", "created"]
    list_select_related = ["article", "entity", "topic"]
    raw_id_fields = ["article", "entity"]
