"""API tokens in the admin: curators see everyone's and revoke them; a key is made, and shown
once, only on its owner's account page (articles/api/account.py)."""

from __future__ import annotations

from django.contrib import admin

from articles.admin.shared import log_changes
from articles.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "last_used", "revoked")
    list_filter = (("revoked", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "prefix", "created", "last_used", "revoked")
    fields = ("name", *readonly_fields)
    actions = ["revoke_tokens"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke_tokens(self, request, queryset):
        changes = []
        for token in queryset.filter(revoked=None):
            token.revoke()
            changes.append((token, "Revoked"))
        count = log_changes(self, request, changes)
        self.message_user(request, f"Revoked {count} token(s).")
