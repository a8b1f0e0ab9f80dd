"""The entity registry: aliases, merge, split, "not an entity", blocked names, merge suggestions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.admin.shared import count_of, intermediate_page, log_changes
from articles.jobs.models import Job
from articles.jobs.queue import start_job
from articles.models import Alias, BlockedName, Entity, Mention
from articles.store import curation
from articles.store.curation import counted
from articles.store.merge_candidates import suggest_merges

# A merge that moves more mentions than this runs as a job on the task queue, not in the request.
MAX_MERGE_MENTIONS = 2000


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "article_count", "alias_list", "curated"]
    list_filter = ["kind", "curated"]
    search_fields = ["name", "aliases__name"]
    inlines = [AliasInline]
    readonly_fields = ["slug", "old_addresses"]
    actions = ["merge_entities", "block_entities"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=count_of(Mention, "entity"))
            .prefetch_related("aliases")
        )

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description="old addresses")
    def old_addresses(self, obj):
        # The slugs of entities merged into this one: their pages now redirect here.
        return ", ".join(obj.redirects.order_by("slug").values_list("slug", flat=True)) or "-"

    def get_urls(self):
        view = self.admin_site.admin_view
        extra = [
            path("suggestions/", view(self.merge_suggestions), name="articles_entity_suggestions"),
            path(
                "suggestions/merge/",
                view(require_POST(self.merge_pair)),
                name="articles_entity_merge_pair",
            ),
        ]
        return extra + super().get_urls()

    def save_model(self, request, obj, form, change):
        if change:
            obj.curated = True
            old_name = form.initial.get("name")
            if "name" in form.changed_data and old_name:
                super().save_model(request, obj, form, change)
                curation.keep_old_name(obj, old_name)
                return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            Entity.objects.filter(pk=form.instance.pk).update(curated=True)

    def can_merge(self, request) -> bool:
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge selected entities", permissions=["change", "delete"])
    def merge_entities(self, request, queryset):
        entities = list(queryset.annotate(article_total=count_of(Mention, "entity")))
        if len(entities) < 2:
            self.message_user(request, "Select at least two entities to merge.", messages.WARNING)
            return None
        chosen = request.POST.get("survivor", "")
        survivor = next((e for e in entities if str(e.pk) == chosen), None)
        if "apply" in request.POST and survivor is not None:
            touched = Mention.objects.filter(entity__in=entities).exclude(entity=survivor).count()
            if touched > MAX_MERGE_MENTIONS:
                job = start_job(
                    Job.Kind.MERGE,
                    params={"survivor": survivor.pk, "others": [e.pk for e in entities]},
                    user=request.user,
                    description=f"{len(entities) - 1} entities into '{survivor.name}'",
                )
                self.message_user(request, f"Merge into '{survivor.name}' queued as job #{job.pk}.")
                return None
            merged = curation.merge_entities(survivor, entities)
            log_changes(self, request, [(survivor, message) for message in merged])
            self.message_user(
                request,
                f"Merged {counted(len(merged), 'entity', 'entities')} into '{survivor.name}'.",
            )
            return None
        return intermediate_page(
            self,
            request,
            entities,
            "admin/articles/entity/merge.html",
            title="Merge entities: choose the one that stays",
            error="Choose the entity that stays." if "apply" in request.POST else "",
        )

    @admin.action(description="Not an entity (block the name)", permissions=["delete"])
    def block_entities(self, request, queryset):
        if "apply" not in request.POST:
            return intermediate_page(
                self,
                request,
                queryset,
                "admin/articles/entity/block.html",
                title="Not an entity: block these names",
            )
        blocked_admin = self.admin_site._registry[BlockedName]
        count = 0
        for entity in list(queryset):
            if not Entity.objects.filter(pk=entity.pk).exists():
                continue  # already removed as another selected entity's namesake
            blocked, message = curation.block_entity(entity)
            log_deleted(request, entity, message)
            for name in blocked:
                blocked_admin.log_change(request, name, message)
            count += 1
        self.message_user(request, f"Blocked {count} names; their mentions are gone.")
        return None

    def merge_suggestions(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/articles/entity/merge_suggestions.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Merge suggestions",
                "suggestions": suggest_merges(),
                "can_merge": self.can_merge(request),
            },
        )

    def merge_pair(self, request):
        if not self.can_merge(request):
            raise PermissionDenied
        survivor = get_object_or_404(Entity, pk=entity_id(request.POST.get("survivor")))
        other = get_object_or_404(Entity, pk=entity_id(request.POST.get("other")))
        for message in curation.merge_entities(survivor, [other]):
            self.log_change(request, survivor, message)
            self.message_user(request, message + ".")
        return HttpResponseRedirect(reverse("admin:articles_entity_suggestions"))


def entity_id(value) -> int:
    """The posted entity id, or 0 (no such entity: a 404) when it is not a number."""
    return int(value) if value and str(value).isdigit() else 0


def log_deleted(request, entity: Entity, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=[entity],
        action_flag=DELETION,
        change_message=message,
        single_object=True,
    )


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "entity"]
    search_fields = ["name", "entity__name"]
    list_filter = ["entity__kind"]
    autocomplete_fields = ["entity"]
    list_select_related = ["entity"]
    actions = ["split_aliases"]

    @admin.action(description="Split off as an entity of its own", permissions=["change"])
    def split_aliases(self, request, queryset):
        entity_admin = self.admin_site._registry[Entity]
        for alias in list(queryset.select_related("entity")):
            original = alias.entity
            new, message = curation.split_alias(alias)
            entity_admin.log_change(request, original, message)
            entity_admin.log_addition(request, new, message)
            self.message_user(request, message + ".")


@admin.register(BlockedName)
class BlockedNameAdmin(admin.ModelAdmin):
    list_display = ["name", "created"]
    search_fields = ["name"]
