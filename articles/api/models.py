"""Personal API tokens: shown once when made, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "nd_"
# How stale `last_used` may get: writing it on every request would make each read a write.
LAST_USED_RESOLUTION = 60


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What the token is for (a notebook, a script)."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The key's first characters, to recognise it."
    )
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.DateTimeField(null=True, blank=True, help_text="When it stopped working.")

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def create_for(cls, user, name: str) -> tuple[ApiToken, str]:
        """A new token for `user` and its key: the only time the key exists outside the caller."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=hash_key(key), prefix=key[: len(KEY_PREFIX) + 6]
        )
        return token, key

    @classmethod
    def find_active(cls, key: str) -> ApiToken | None:
        """The unrevoked token of an active user with this key, or None."""
        return (
            cls.objects.select_related("user")
            .filter(key_hash=hash_key(key), revoked=None, user__is_active=True)
            .first()
        )

    @property
    def is_active(self) -> bool:
        return self.revoked is None

    def revoke(self) -> None:
        if self.revoked is None:
            self.revoked = timezone.now()
            self.save(update_fields=["revoked"])

    def note_use(self) -> None:
        now = timezone.now()
        if self.last_used is None or (now - self.last_used).total_seconds() > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used=now)
            self.last_used = now
