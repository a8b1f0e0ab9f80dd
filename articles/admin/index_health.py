"""The admin's "Index health" page: database against index, and a rebuild button.

The rebuild runs as a job on the task queue (articles/jobs/), beside the live index, so searches
keep working and a web worker's restart does not stop it; the page shows its progress. The rebuild
lock lets only one run at a time, across every worker and command.
"""

from __future__ import annotations

import logging

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

from articles import search
from articles.jobs.models import Job
from articles.jobs.queue import start_job

logger = logging.getLogger("newsdesk.search")


def active_rebuild() -> Job | None:
    return Job.objects.filter(kind=Job.Kind.REBUILD, state__in=Job.ACTIVE).first()


@require_http_methods(["GET", "POST"])
def index_health(request):
    if request.method == "POST":
        if active_rebuild() or search.rebuild_running():
            messages.warning(request, "A rebuild is already running.")
        else:
            job = start_job(Job.Kind.REBUILD, user=request.user, description="From Index health")
            messages.success(
                request,
                f"Rebuild queued as job #{job.pk}. Searches keep using the current index until "
                "it is done.",
            )
        return redirect("admin-index-health")
    try:
        health = search.check_index()
        error = ""
    except Exception as failure:  # the page reports a broken index instead of failing with it
        logger.exception("Index health check failed")
        health, error = None, f"{failure.__class__.__name__}: {failure}"
    rebuild_job = active_rebuild()
    context = {
        **admin.site.each_context(request),
        "title": "Index health",
        "health": health,
        "error": error,
        "rebuild_running": search.rebuild_running() or rebuild_job is not None,
        "rebuild_job": rebuild_job,
    }
    return TemplateResponse(request, "admin/index_health.html", context)


urlpatterns = [
    path("admin/index-health/", admin.site.admin_view(index_health), name="admin-index-health"),
]
