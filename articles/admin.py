"""The curators' workspace. Whatever a curator changes here is recorded as curated, so that
re-import and re-extraction keep it, and reaches the search index when the transaction commits."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count

from articles.models import Alias, Article, ArticleTopic, BlockedName, Entity, Mention, Source, Topic


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["entity"]
    fields = ["entity", "count", "curated"]
    readonly_fields = ["curated"]


class ArticleTopicInline(admin.TabularInline):
    model = ArticleTopic
    extra = 0
    fields = ["topic", "confidence", "curated"]
    readonly_fields = ["confidence", "curated"]


class CuratedInlinesMixin:
    """Mentions and topic links a curator adds or edits become curated."""

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if hasattr(instance, "curated"):
                instance.curated = True
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


# Addresses typed without a scheme are taken as https (Django 6's default).
URL_FIELD = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(CuratedInlinesMixin, admin.ModelAdmin):
    formfield_overrides = URL_FIELD
    list_display = ["title", "source", "published", "date_precision", "status", "topic_count", "entity_count"]
    list_filter = ["status", "date_precision", "source", "topics"]
    list_select_related = ["source"]
    search_fields = ["title", "url"]
    date_hierarchy = "published"
    show_full_result_count = False  # an exact count of 100k rows on every page is slow
    raw_id_fields = ["duplicate_of"]
    readonly_fields = ["content_hash", "curated_fields", "created", "updated", "needs_indexing", "raw"]
    inlines = [MentionInline, ArticleTopicInline]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "body", "status", "duplicate_of"]}),
        ("Metadata", {"fields": ["url", "source", "section", "byline", "dateline_place", "published", "date_precision"]}),
        ("Record", {"classes": ["collapse"], "fields": ["curated_fields", "content_hash", "needs_indexing", "created", "updated", "raw"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            topic_total=Count("article_topics", distinct=True),
            entity_total=Count("mentions", distinct=True),
        )

    @admin.display(description="topics", ordering="topic_total")
    def topic_count(self, obj):
        return obj.topic_total

    @admin.display(description="entities", ordering="entity_total")
    def entity_count(self, obj):
        return obj.entity_total

    def save_model(self, request, obj, form, change):
        edited = [name for name in form.changed_data if name in Article.CURATABLE_FIELDS]
        if change and edited:
            obj.curated_fields = sorted({*obj.curated_fields, *edited})
        super().save_model(request, obj, form, change)


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "article_count", "curated"]
    list_filter = ["kind", "curated"]
    search_fields = ["name", "aliases__name"]
    inlines = [AliasInline]
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("mentions", distinct=True))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    def save_model(self, request, obj, form, change):
        if change:
            obj.curated = True
        super().save_model(request, obj, form, change)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD
    list_display = ["name", "slug", "homepage"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "qcode", "parent"]
    search_fields = ["name", "qcode", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BlockedName)
class BlockedNameAdmin(admin.ModelAdmin):
    list_display = ["name", "created"]
    search_fields = ["name"]


admin.site.register(Mention, list_display=["entity", "article", "count", "curated"], raw_id_fields=["article", "entity"])
admin.site.register(Alias, list_display=["name", "entity"], search_fields=["name"], autocomplete_fields=["entity"])
admin.site.register(ArticleTopic, list_display=["topic", "article", "confidence", "curated"], raw_id_fields=["article"])
admin.site.site_header = "newsdesk curation"
admin.site.site_title = "newsdesk"
