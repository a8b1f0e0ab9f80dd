"""Sources: the publishers and agencies articles come from."""

from django.contrib import admin

from articles.admin.shared import URL_FIELD
from articles.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD
    list_display = ["name", "slug", "homepage"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
