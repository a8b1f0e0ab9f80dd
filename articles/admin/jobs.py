"""Jobs in the admin: the list, and a page per job that follows it (queued, running with done/total,
rate and time left, its report or its error) with a Cancel button while it is active."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.jobs.models import Job
from articles.jobs.queue import cancel_job

REPORT_COUNTS = ("created", "updated", "unchanged", "failed")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("__str__", "description", "state", "progress", "user", "created", "finished")
    list_filter = ("state", "kind")
    actions = ["cancel_jobs"]

    def has_add_permission(self, request) -> bool:
        return False  # jobs are started by the pages that need them (import, index health, ...)

    @admin.display(description="Progress")
    def progress(self, job: Job) -> str:
        if job.total:
            return f"{job.done:,} / {job.total:,} ({job.percent}%)"
        return f"{job.done:,}" if job.done else ""

    @admin.action(description="Cancel selected jobs", permissions=["change"])
    def cancel_jobs(self, request, queryset):
        count = sum(cancel_job(job) for job in queryset)
        self.message_user(request, f"Asked {count} job(s) to stop.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = get_object_or_404(Job, pk=object_id if str(object_id).isdigit() else 0)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, job):
                raise PermissionDenied
            if "cancel" in request.POST and cancel_job(job):
                messages.success(request, f"{job} will stop after its current batch.")
            return HttpResponseRedirect(reverse("admin:articles_job_change", args=[job.pk]))
        report = job.report or {}
        return TemplateResponse(
            request,
            "admin/articles/job/detail.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": str(job),
                "job": job,
                "counts": [(name, report[name]) for name in REPORT_COUNTS if name in report],
                "other_counts": [
                    (name, value)
                    for name, value in report.items()
                    if name not in REPORT_COUNTS and isinstance(value, int)
                ],
                "problems": report.get("problems", []),
                "lines": report.get("messages", []),
                "can_cancel": job.is_active and self.has_change_permission(request, job),
            },
        )
