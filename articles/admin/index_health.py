"""The admin's "Index health" page: database against index, and a rebuild button.

The rebuild runs in a background thread of the web process, beside the live index, so searches keep
working; the rebuild lock lets only one run at a time, across every worker and command.
"""

from __future__ import annotations

import logging
import threading

from django.contrib import admin, messages
from django.db import close_old_connections
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

from articles import search

logger = logging.getLogger("newsdesk.search")

rebuild_threads: list[threading.Thread] = []  # the ones started by this process, for tests to join


def run_rebuild() -> None:
    try:
        written = search.rebuild_index()
        logger.info("Rebuild from the admin: indexed %d articles", written)
    except search.IndexBusy:
        logger.info("Rebuild from the admin not started: another rebuild is running")
    except Exception:
        logger.exception("Rebuild from the admin failed; the live index is unchanged")
    finally:
        close_old_connections()


def start_rebuild() -> bool:
    """Start a rebuild in the background unless one is running; returns whether it started."""
    if search.rebuild_running():
        return False
    thread = threading.Thread(target=run_rebuild, name="newsdesk-rebuild", daemon=True)
    rebuild_threads.append(thread)
    thread.start()
    return True


@require_http_methods(["GET", "POST"])
def index_health(request):
    if request.method == "POST":
        if start_rebuild():
            messages.success(
                request, "Rebuild started. Searches keep using the current index until it is done."
            )
        else:
            messages.warning(request, "A rebuild is already running.")
        return redirect("admin-index-health")
    try:
        health = search.check_index()
        error = ""
    except Exception as failure:  # the page reports a broken index instead of failing with it
        logger.exception("Index health check failed")
        health, error = None, f"{failure.__class__.__name__}: {failure}"
    context = {
        **admin.site.each_context(request),
        "title": "Index health",
        "health": health,
        "error": error,
        "rebuild_running": search.rebuild_running(),
    }
    return TemplateResponse(request, "admin/index_health.html", context)


urlpatterns = [
    path("admin/index-health/", admin.site.admin_view(index_health), name="admin-index-health"),
]
