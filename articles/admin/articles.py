"""Articles: edit, hide, publish, de-duplicate, retopic, re-extract, reindex, import."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import path

from articles.admin.imports import import_view
from articles.admin.shared import URL_FIELD, count_of, intermediate_page, log_changes
from articles.jobs.models import Job
from articles.jobs.queue import start_job
from articles.models import Article, ArticleTopic, Mention, Topic
from articles.store import curation

# Re-extraction runs the NER model in the request up to this many articles; a larger selection
# is re-extracted by a job on the task queue.
MAX_REEXTRACT = 500


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


class TopicChoiceForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=Topic.objects.order_by("name"))


class OriginalChoiceForm(forms.Form):
    original = forms.IntegerField(
        required=False, help_text="One of the selected articles, or any article's id."
    )
    original_id = forms.IntegerField(required=False, label="or article id")

    def clean(self):
        data = super().clean()
        pk = data.get("original_id") or data.get("original")
        if not pk:
            raise forms.ValidationError("Choose the original article.")
        original = Article.objects.filter(pk=pk).first()
        if original is None:
            raise forms.ValidationError(f"There is no article #{pk}.")
        data["article"] = original
        return data


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD
    list_display = [
        "title",
        "source",
        "published",
        "date_precision",
        "status",
        "topic_count",
        "entity_count",
    ]
    list_filter = ["status", "date_precision", "source", "topics"]
    list_select_related = ["source"]
    list_per_page = 50
    search_fields = ["title", "url"]
    date_hierarchy = "published"
    show_full_result_count = False  # an exact count of 100k rows on every page is slow
    raw_id_fields = ["duplicate_of"]
    readonly_fields = [
        "external_id",
        "content_hash",
        "curated_fields",
        "created",
        "updated",
        "needs_indexing",
        "raw",
    ]
    inlines = [MentionInline, ArticleTopicInline]
    actions = [
        "hide_articles",
        "publish_articles",
        "mark_duplicate",
        "assign_topic",
        "remove_topic",
        "rerun_extraction",
        "reindex_articles",
    ]
    fieldsets = [
        (None, {"fields": [*Article.TEXT_FIELDS, "status", "duplicate_of"]}),
        ("Metadata", {"fields": Article.METADATA_FIELDS}),
        (
            "Record",
            {
                "classes": ["collapse"],
                "fields": [
                    "external_id",
                    "curated_fields",
                    "content_hash",
                    "needs_indexing",
                    "created",
                    "updated",
                    "raw",
                ],
            },
        ),
    ]

    def get_urls(self):
        extra = [
            path(
                "import/", self.admin_site.admin_view(self.import_articles), name="articles_import"
            ),
        ]
        return extra + super().get_urls()

    def import_articles(self, request):
        return import_view(self, request)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(topic_total=count_of(ArticleTopic), entity_total=count_of(Mention))
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

    def save_formset(self, request, form, formset, change):
        """Mentions and topics a curator adds or edits become curated; those removed are
        remembered, so re-extraction does not bring them back."""
        instances = formset.save(commit=False)
        article = form.instance
        for obj in formset.deleted_objects:
            link = {"entity": obj.entity} if isinstance(obj, Mention) else {"topic": obj.topic}
            curation.suppress_link(article, **link)
            obj.delete()
        for instance in instances:
            instance.curated = True
            instance.save()
            link = (
                {"entity": instance.entity}
                if isinstance(instance, Mention)
                else {"topic": instance.topic}
            )
            curation.lift_suppression(article, **link)
        formset.save_m2m()

    @admin.action(description="Hide selected articles (leave search)", permissions=["change"])
    def hide_articles(self, request, queryset):
        changed = curation.set_status(queryset, Article.Status.HIDDEN)
        self.message_user(request, f"Hid {log_changes(self, request, changed)} articles.")

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish_articles(self, request, queryset):
        changed = curation.set_status(queryset, Article.Status.PUBLISHED)
        self.message_user(request, f"Published {log_changes(self, request, changed)} articles.")

    @admin.action(description="Mark as duplicate of another article…", permissions=["change"])
    def mark_duplicate(self, request, queryset):
        form = OriginalChoiceForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                changed = curation.mark_duplicates(queryset, form.cleaned_data["article"])
            except curation.DuplicateError as error:
                form.add_error(None, str(error))
            else:
                count = log_changes(self, request, changed)
                self.message_user(request, f"Marked {count} articles as duplicates.")
                return None
        return intermediate_page(
            self,
            request,
            queryset,
            "admin/articles/article/mark_duplicate.html",
            title="Mark as duplicate: pick the original",
            form=form,
        )

    @admin.action(description="Assign a topic to selected articles…", permissions=["change"])
    def assign_topic(self, request, queryset):
        return self.change_topic(request, queryset, curation.assign_topic, "Assign")

    @admin.action(description="Remove a topic from selected articles…", permissions=["change"])
    def remove_topic(self, request, queryset):
        return self.change_topic(request, queryset, curation.remove_topic, "Remove")

    def change_topic(self, request, queryset, operation, verb: str):
        form = TopicChoiceForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            topic = form.cleaned_data["topic"]
            count = log_changes(self, request, operation(queryset, topic))
            done = "Assigned" if verb == "Assign" else "Removed"
            self.message_user(request, f"{done} '{topic.name}' on {count} articles.")
            return None
        return intermediate_page(
            self,
            request,
            queryset,
            "admin/articles/article/choose_topic.html",
            title=f"{verb} a topic",
            form=form,
            verb=verb,
        )

    @admin.action(description="Re-run extraction (entities, topics, dates)", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        from articles.store.enrichment import enrich_and_store

        articles = list(queryset[: MAX_REEXTRACT + 1])
        if len(articles) > MAX_REEXTRACT:
            ids = list(queryset.values_list("pk", flat=True))
            job = start_job(
                Job.Kind.ENRICH,
                params={"ids": ids},
                user=request.user,
                description=f"{len(ids)} selected articles",
            )
            log_changes(
                self, request, [(a, f"Re-extraction queued as job #{job.pk}") for a in articles]
            )
            self.message_user(
                request, f"Re-extraction of {len(ids)} articles queued as job #{job.pk}."
            )
            return
        enrich_and_store(articles)
        log_changes(self, request, [(a, "Re-ran extraction") for a in articles])
        self.message_user(request, f"Re-ran extraction on {len(articles)} articles.")

    @admin.action(description="Reindex selected articles", permissions=["change"])
    def reindex_articles(self, request, queryset):
        from articles.search import index_articles_by_id

        ids = list(queryset.values_list("pk", flat=True))
        try:
            written = index_articles_by_id(ids)
        except Exception as error:  # the index is busy or broken: say so, never a 500
            self.message_user(request, f"The search index was not updated: {error}", messages.ERROR)
            return
        articles = Article.objects.filter(pk__in=ids)
        log_changes(self, request, [(a, "Reindexed") for a in articles])
        self.message_user(request, f"Reindexed {len(ids)} articles ({written} searchable).")
