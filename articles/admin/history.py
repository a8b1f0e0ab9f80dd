"""What every curation action shares: a readable line on each object's history page, and the
intermediate page that asks for a choice before acting on the selected rows."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse


def log_changes(model_admin: admin.ModelAdmin, request, changes) -> int:
    """One LogEntry per (object, message) pair, with the curator as its user."""
    count = 0
    for obj, message in changes:
        model_admin.log_change(request, obj, message)
        count += 1
    return count


def intermediate_page(model_admin: admin.ModelAdmin, request, queryset, template: str, **context):
    """A page posted back to the changelist with the same action and selection (like Django's
    delete confirmation); the action sees `apply` in the POST when the curator confirms."""
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": context.pop("title", ""),
            "queryset": queryset,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": model_admin.media,
            **context,
        },
    )
