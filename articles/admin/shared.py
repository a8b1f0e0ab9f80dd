"""What the model admins share: a readable line on each object's history page, the intermediate
page that asks for a choice before acting on the selected rows, per-row counts, URL fields."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse

# Addresses typed without a scheme are taken as https (Django 6's default).
URL_FIELD = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}


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


def count_of(model, field: str = "article"):
    """A per-row count as a subquery: computed for the rows of the page only, never a GROUP BY
    over the whole table."""
    counted = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
