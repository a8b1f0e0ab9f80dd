"""Automatic entity links, listed for curators with one-click undo."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles.models import EntityLink
from articles.store.entity_links import undo_link


@admin.register(EntityLink)
class EntityLinkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "target", "reason", "created", "undo_button"]
    list_filter = ["reason", "undone", "kind"]
    search_fields = ["name", "target__name"]
    list_select_related = ["target"]
    readonly_fields = ["name", "kind", "target", "reason", "undone", "created"]
    actions = ["undo_links"]

    def has_add_permission(self, request) -> bool:
        return False  # links are made by the collection; curators merge or alias instead

    def get_urls(self):
        view = self.admin_site.admin_view
        undo = path(
            "<int:pk>/undo/", view(require_POST(self.undo_one)), name="articles_entitylink_undo"
        )
        return [undo, *super().get_urls()]

    @admin.display(description="")
    def undo_button(self, obj):
        if obj.undone:
            return "undone"
        url = reverse("admin:articles_entitylink_undo", args=[obj.pk])
        # Posts the changelist's own form (and its CSRF token) to the undo view: one click.
        return format_html(
            '<button type="submit" formaction="{}" formmethod="post" class="button">Undo</button>',
            url,
        )

    def undo_one(self, request, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        link = get_object_or_404(EntityLink, pk=pk)
        if not link.undone:
            message = undo_link(link)
            self.log_change(request, link, message)
            self.message_user(request, message + ".")
        return HttpResponseRedirect(reverse("admin:articles_entitylink_changelist"))

    @admin.action(description="Undo selected links", permissions=["change"])
    def undo_links(self, request, queryset):
        for link in list(queryset.filter(undone=False).select_related("target")):
            message = undo_link(link)
            self.log_change(request, link, message)
            self.message_user(request, message + ".")
