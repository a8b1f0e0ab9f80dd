"""The monitoring pages: save a search, My searches, a search's hits, follows, history, feeds and
the unsubscribe link of the digests. Thin: each reads its form, calls one operation, renders."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db.models import Count, F, Max, Q
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles import search
from articles.filters import SearchFilter
from articles.models import Article, Entity, Topic
from articles.monitoring.digests import searches_of_token
from articles.monitoring.feeds import SavedSearchFeed
from articles.monitoring.forms import RateForm, SaveSearchForm
from articles.monitoring.models import SavedSearch, SearchHistory, new_feed_token
from articles.search import SearchParams

ESTIMATE_WEEKS = 8
HITS_PER_PAGE = 100


def own_search(request, pk: int) -> SavedSearch:
    return get_object_or_404(SavedSearch, pk=pk, owner=request.user)


def weekly_estimate(query: str) -> dict:
    """How many articles a week the search matched in the newest ESTIMATE_WEEKS weeks of the
    collection (not of the calendar: an archive imported today has its own "lately")."""
    newest = Article.objects.filter(status=Article.Status.PUBLISHED).aggregate(Max("published"))
    end = newest["published__max"]
    if end is None:
        return {"per_week": 0, "weeks": ESTIMATE_WEEKS, "until": None}
    params = SearchParams.from_filter(SearchFilter(QueryDict(query)))
    params.date_from, params.date_to = end - dt.timedelta(weeks=ESTIMATE_WEEKS), end
    params.per_page = 1
    total = search.search(params).total
    return {"per_week": round(total / ESTIMATE_WEEKS, 1), "weeks": ESTIMATE_WEEKS, "until": end}


def save_search(request):
    if request.method == "POST":
        form = SaveSearchForm(request.POST, user=request.user)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.owner = request.user
            saved.query = SavedSearch.query_of(QueryDict(saved.query))
            saved.save()
            messages.success(request, f"Saved “{saved.name}”.")
            return redirect("articles:saved_searches")
        query = request.POST.get("query", "")
    else:
        query = SavedSearch.query_of(request.GET)
        form = SaveSearchForm(
            initial={"query": query, "name": request.GET.get("q", "")[:200]}, user=request.user
        )
    return render(
        request,
        "monitoring/save_search.html",
        {"form": form, "query": query, "estimate": weekly_estimate(query)},
    )


def saved_searches(request):
    searches = (
        SavedSearch.objects.visible_to(request.user)
        .select_related("owner", "shared_with", "entity", "topic")
        .annotate(new=Count("hits", filter=Q(hits__created__gt=F("last_seen_at")), distinct=True))
    )
    return render(
        request, "monitoring/saved_searches.html", {"searches": searches, "rates": RateForm()}
    )


def saved_search(request, pk: int):
    saved = get_object_or_404(SavedSearch.objects.visible_to(request.user), pk=pk)
    hits = saved.hits.select_related("article__source")[:HITS_PER_PAGE]
    seen = saved.last_seen_at
    if saved.owner_id == request.user.pk:
        SavedSearch.objects.filter(pk=saved.pk).update(last_seen_at=timezone.now())
    return render(
        request,
        "monitoring/saved_search.html",
        {"saved": saved, "hits": hits, "seen": seen, "total": saved.hits.count()},
    )


@require_POST
def edit_saved_search(request, pk: int):
    saved = own_search(request, pk)
    form = RateForm(request.POST)
    if form.is_valid():
        saved.set_rate(form.cleaned_data["rate"])
        saved.save(update_fields=["rate", "alerts_since"])
        messages.success(request, f"“{saved.name}”: {saved.get_rate_display().lower()}.")
    else:
        messages.error(request, "Choose one of the offered rates.")
    return redirect("articles:saved_searches")


@require_POST
def delete_saved_search(request, pk: int):
    saved = own_search(request, pk)
    saved.delete()
    messages.success(request, f"Deleted “{saved.name}”.")
    return redirect("articles:saved_searches")


@require_POST
def revoke_feed(request, pk: int):
    saved = own_search(request, pk)
    saved.feed_token = new_feed_token()
    saved.save(update_fields=["feed_token"])
    messages.success(request, f"“{saved.name}” has a new feed address; the old one stopped.")
    return redirect("articles:saved_searches")


@require_POST
def follow(request):
    """Follow the entity (`entity` = its slug) or the topic (`topic` = its slug) posted."""
    entity = Entity.objects.filter(slug=request.POST.get("entity", "")).first()
    topic = None if entity else Topic.objects.filter(slug=request.POST.get("topic", "")).first()
    followed = entity or topic
    if followed is None:
        messages.error(request, "There is nothing by that name to follow.")
        return redirect("articles:saved_searches")
    saved, made = SavedSearch.objects.get_or_create(
        owner=request.user,
        entity=entity,
        topic=topic,
        defaults={
            "name": followed.name,
            "followed_kind": entity.kind if entity else "topic",
            "followed_slug": followed.slug,
        },
    )
    note = "Following" if made else "Already following"
    messages.success(request, f"{note} {followed.name}.")
    return redirect(entity.get_absolute_url() if entity else "articles:saved_searches")


def history(request):
    entries = SearchHistory.objects.filter(user=request.user)[: SearchHistory.KEPT]
    return render(request, "monitoring/history.html", {"entries": entries})


@require_POST
def clear_history(request):
    SearchHistory.objects.filter(user=request.user).delete()
    messages.success(request, "Your search history is cleared.")
    return redirect("articles:history")


feed = login_not_required(SavedSearchFeed())


@csrf_exempt  # RFC 8058: the mail client posts the one-click unsubscribe without a session
@login_not_required
def unsubscribe(request, token: str):
    """GET asks (mail scanners follow links); POST, from the page or the mail client, stops."""
    try:
        searches = searches_of_token(token)
    except signing.BadSignature:
        return HttpResponseBadRequest(
            "This unsubscribe link is not valid (it was cut short or changed); "
            "change the e-mail setting on My searches instead.",
            content_type="text/plain; charset=utf-8",
        )
    done = request.method == "POST"
    if done:
        for saved in searches:
            saved.set_rate(SavedSearch.Rate.OFF)
            saved.save(update_fields=["rate", "alerts_since"])
    return render(request, "monitoring/unsubscribe.html", {"searches": searches, "done": done})
