"""Saved searches (and follows), the hits they raised, and each user's search history."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

# The search page's parameters a saved search keeps: the page and the order are how it is read,
# not what it asks for.
NOT_SAVED = ("page", "sort")


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class SavedSearchQuerySet(models.QuerySet):
    def visible_to(self, user) -> SavedSearchQuerySet:
        """The user's own searches and those shared with one of the user's groups."""
        # Groups as a subquery: joining their members would count each hit once per member.
        return self.filter(models.Q(owner=user) | models.Q(shared_with__in=user.groups.all()))


class SavedSearch(models.Model):
    """A search kept under a name, or a follow of one entity or topic, and how often to alert."""

    class Rate(models.TextChoices):
        OFF = "off", "No e-mail"
        INSTANT = "instant", "As it happens"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=200)
    # The SearchFilter's GET parameters ("q=missile&person=kim-jong-un"); empty for a follow.
    query = models.CharField(max_length=2000, blank=True)
    shared_with = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="saved_searches",
        help_text="Members of this group see the search and its hits; only the owner is mailed.",
    )
    rate = models.CharField(max_length=10, choices=Rate.choices, default=Rate.DAILY)
    # Hits from before the rate was last set are not mailed (they came while alerts were off).
    alerts_since = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    # A follow points at the entity or topic itself, so it survives renames; a merge deletes the
    # entity (SET_NULL) and `followed_slug` finds the survivor through its EntityRedirect.
    entity = models.ForeignKey(
        "articles.Entity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.ForeignKey(
        "articles.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    followed_slug = models.SlugField(max_length=200, blank=True)
    # "person", "org", "place" or "topic" for a follow: the search parameter the slug fills.
    followed_kind = models.CharField(max_length=10, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    # Why the last alert pass skipped this search (shown on My searches); empty when it ran.
    problem = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "saved searches"
        indexes = [models.Index(fields=["rate"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:saved_search", args=[self.pk])

    @property
    def is_follow(self) -> bool:
        return bool(self.followed_kind)

    def search_string(self) -> str:
        """The search page's GET parameters that run this search now."""
        if self.is_follow:
            followed = self.entity or self.topic
            slug = followed.slug if followed else self.followed_slug
            return urlencode({self.followed_kind: slug})
        return self.query

    @classmethod
    def query_of(cls, querydict) -> str:
        """The GET parameters of a search page request as a saved search keeps them."""
        pairs = [
            (key, value)
            for key, values in sorted(querydict.lists())
            if key not in NOT_SAVED
            for value in values
            if value.strip()
        ]
        return urlencode(pairs)

    def set_rate(self, rate: str) -> None:
        if rate != self.rate:
            self.rate, self.alerts_since = rate, timezone.now()

    def visible_to(self, user) -> bool:
        return self.owner_id == user.pk or (
            self.shared_with_id is not None and user.groups.filter(pk=self.shared_with_id).exists()
        )


class AlertHit(models.Model):
    """A new article a saved search found, kept once: re-indexing, edits and merges add none."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    # MatchReason.as_dict() plus its "summary": the words, fields and entity names that matched.
    reason = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "article"], name="unique_alert_hit")
        ]
        indexes = [models.Index(fields=["saved_search", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.saved_search} · {self.article_id}"


class SearchHistory(models.Model):
    """A search a user ran (its GET parameters), newest first; the user clears it."""

    KEPT = 50  # per user; older ones are dropped as new ones come
    TRIM_SLACK = 10

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="search_history"
    )
    query = models.CharField(max_length=2000)
    searched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-searched_at", "-pk"]
        verbose_name_plural = "search history"

    def __str__(self) -> str:
        return self.query

    @classmethod
    def record(cls, user, query: str) -> None:
        """Note a search `user` ran; running the latest one again only moves its time. A query
        longer than the column (hundreds of filters) is not kept.

        Every search page calls this, so it costs one read and one write in one transaction: the
        entries past KEPT are dropped once TRIM_SLACK more have come, not one at each search
        (the history page shows the newest KEPT either way)."""
        if len(query) > cls._meta.get_field("query").max_length:
            return
        with transaction.atomic():
            newest = list(
                cls.objects.filter(user=user).values_list("pk", "query")[
                    : cls.KEPT + cls.TRIM_SLACK
                ]
            )
            if newest and newest[0][1] == query:
                cls.objects.filter(pk=newest[0][0]).update(searched_at=timezone.now())
                return
            entry = cls.objects.create(user=user, query=query)
            if len(newest) >= cls.KEPT + cls.TRIM_SLACK:
                kept = [entry.pk] + [pk for pk, _ in newest[: cls.KEPT - 1]]
                cls.objects.filter(user=user).exclude(pk__in=kept).delete()
