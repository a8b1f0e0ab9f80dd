"""A job: long work run by a task worker, and what it has done so far.

The task updates its job as it goes (done/total, a heartbeat), so any web process can show its
progress and a job whose worker died is found by its stale heartbeat (see `articles.jobs.recover`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "Import files"
        REBUILD = "rebuild", "Rebuild the index"
        ENRICH = "enrich", "Re-run extraction"
        MERGE = "merge", "Merge entities"
        TRAIN_TOPICS = "train_topics", "Train topics"
        FURNITURE = "furniture", "Learn furniture again"

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        FINISHED = "finished"
        FAILED = "failed"
        CANCELLED = "cancelled"

    ACTIVE = (State.QUEUED, State.RUNNING)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # What the work needs, as JSON: ids, names. Uploaded files are JobUpload rows, not params.
    params = models.JSONField(default=dict, blank=True)
    description = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)  # unknown until counted
    # created / updated / unchanged / failed counts, and "problems": [reason naming the item, ...]
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)  # host:pid running it
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["state", "heartbeat"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def rate(self) -> float | None:
        """Items per second since this attempt started."""
        if not self.started or not self.done:
            return None
        seconds = ((self.finished or timezone.now()) - self.started).total_seconds()
        return self.done / seconds if seconds > 0 else None

    @property
    def time_left(self) -> timedelta | None:
        if self.state != self.State.RUNNING or not self.total or not self.rate:
            return None
        return timedelta(seconds=round(max(self.total - self.done, 0) / self.rate))

    @property
    def percent(self) -> int | None:
        return min(100, round(100 * self.done / self.total)) if self.total else None


class JobUpload(models.Model):
    """A file uploaded for an import job, kept in the database so that a worker on any machine can
    read it; deleted when its job ends."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=200)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.name
