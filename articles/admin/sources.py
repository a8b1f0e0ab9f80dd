"""Sources: the publishers and agencies articles come from, with the domains and other names
that find them and the furniture learned from their articles."""

from django.contrib import admin

from articles.admin.shared import URL_FIELD, count_of
from articles.jobs.models import Job
from articles.jobs.queue import start_job
from articles.models import Article, FurniturePattern, Source, SourceAlias, SourceDomain
from articles.store.boilerplate import apply_furniture


class SourceDomainInline(admin.TabularInline):
    model = SourceDomain
    extra = 0
    verbose_name_plural = "domains (its subdomains too, unless listed for another source)"


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 0
    verbose_name_plural = "other names inputs give it"


class FurniturePatternInline(admin.TabularInline):
    """The lines and sentences taken out of the source's articles: switch one off to keep it,
    add one to take it out. Learning keeps both decisions."""

    model = FurniturePattern
    fields = ["text", "kind", "enabled", "learned", "article_count", "share"]
    readonly_fields = ["learned", "article_count", "share"]
    extra = 1
    verbose_name_plural = "furniture (taken out of its articles' bodies)"


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD
    list_display = ["name", "domain_list", "article_count", "furniture_count", "name_from_domain"]
    list_filter = ["name_from_domain"]
    search_fields = ["name", "aliases__name", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "homepage", "name_from_domain", "furniture_learned_from"]
    readonly_fields = ["furniture_learned_from"]
    inlines = [SourceDomainInline, SourceAliasInline, FurniturePatternInline]
    actions = ["learn_furniture"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_total=count_of(Article, "source"))
            .prefetch_related("domains", "furniture")
        )

    @admin.display(description="domains")
    def domain_list(self, obj):
        return ", ".join(domain.domain for domain in obj.domains.all())

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    @admin.display(description="furniture")
    def furniture_count(self, obj):
        return sum(pattern.enabled for pattern in obj.furniture.all())

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            obj.name_from_domain = False  # a curator's name stays
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is FurniturePattern and formset.has_changed():
            report = apply_furniture(form.instance)
            self.message_user(request, f"Furniture applied: {report.changed} articles changed.")

    @admin.action(description="Learn furniture again and apply it", permissions=["change"])
    def learn_furniture(self, request, queryset):
        # Re-applying reads and may re-enrich every article of the outlet: work for the queue.
        ids = list(queryset.values_list("pk", flat=True))
        job = start_job(
            Job.Kind.FURNITURE,
            params={"sources": ids},
            user=request.user,
            description=", ".join(queryset.values_list("name", flat=True))[:300],
        )
        self.message_user(
            request, f"Learning furniture again for {len(ids)} sources as job #{job.pk}."
        )
