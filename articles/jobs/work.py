"""The work of each kind of job. Each function takes the job and its `JobProgress` and returns the
job's report (a dict of counts, with "problems" listing each failed item's reason).

Each one is idempotent, so that a job whose worker died can simply run again: an import matches
what is already stored, a rebuild builds a fresh index beside the live one, re-extraction replaces
what it found before, and a merge skips the entities already merged away.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.admin.models import CHANGE, LogEntry

from articles import search
from articles.jobs.models import Job
from articles.jobs.running import JobCancelled, JobProgress
from articles.models import Article, Entity, Mention, Source
from articles.store import curation
from articles.store.boilerplate import refresh_furniture
from articles.store.enrichment import enrich_stored
from articles.store.importer import ImportReport, import_articles

# Problems listed in a job's report; the counts cover them all.
MAX_PROBLEMS = 1000


def import_files(job: Job, progress: JobProgress) -> dict:
    """Import the job's uploaded files; cancelling stops between batches, keeping what is stored."""
    from articles.admin.imports import safe_name
    from articles.ingest import read_inputs

    with tempfile.TemporaryDirectory(prefix="newsdesk-job-") as folder:
        for upload in job.uploads.all():
            (Path(folder) / safe_name(upload.name)).write_bytes(bytes(upload.content))
        # Counting first reads the files twice, a small share of an enriched import's time.
        progress.set_total(sum(1 for _ in read_inputs([folder])))
        report = import_articles(
            [folder],
            enrich=job.params.get("enrich", True),
            progress=progress.count,  # stop_when stops it between batches, index written
            stop_when=progress.cancelled,
        )
    return progress.end_with(report_of(report, Path(folder).name))


def report_of(report: ImportReport, folder_name: str) -> dict:
    """The importer's report as JSON; problems name the file, not the temporary folder."""
    problems = [
        {"origin": problem.origin.split(f"{folder_name}/", 1)[-1], "reason": problem.reason}
        for problem in report.problems
    ]
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "failed": report.failed,
        "problems": problems[:MAX_PROBLEMS],
    }


def rebuild(job: Job, progress: JobProgress) -> dict:
    """A full rebuild; cancelling drops the half-built index, the live one is untouched."""
    progress.set_total(Article.objects.filter(status=Article.Status.PUBLISHED).count())

    def step(written: int) -> None:
        progress.reach(written)
        progress.check_cancelled()

    try:
        written = search.rebuild_index(progress=step)
    except search.IndexBusy as error:
        raise RuntimeError(f"another rebuild is running ({error})") from error
    return {"indexed": written}


def enrich(job: Job, progress: JobProgress) -> dict:
    """Re-run extraction over the job's articles (all when it names none); cancelling stops
    between chunks, keeping (stored, indexed and linked) what is re-extracted."""
    articles = Article.objects.order_by("pk")
    if ids := job.params.get("ids"):
        articles = articles.filter(pk__in=ids)
    progress.set_total(articles.count())
    enriched, changed = enrich_stored(
        articles,
        workers=job.params.get("workers", 0),
        progress=progress.count,  # stop_when stops it between chunks, entities linked
        stop_when=progress.cancelled,
    )
    return progress.end_with({"enriched": enriched, "changed": changed})


def merge(job: Job, progress: JobProgress) -> dict:
    """Merge entities into one, in one transaction: a killed worker leaves all or nothing."""
    survivor = Entity.objects.filter(pk=job.params["survivor"]).first()
    if survivor is None:
        raise RuntimeError(f"the entity to keep (#{job.params['survivor']}) no longer exists")
    others = list(Entity.objects.filter(pk__in=job.params["others"]).exclude(pk=survivor.pk))
    progress.set_total(Mention.objects.filter(entity__in=others).count())
    messages = curation.merge_entities(survivor, others)
    if job.attempts > 1:
        # An earlier attempt may have committed and died before its index write.
        search.index_articles_by_id(set(survivor.mentions.values_list("article_id", flat=True)))
    if job.user_id:
        for message in messages:
            LogEntry.objects.log_actions(
                job.user_id, [survivor], CHANGE, change_message=message, single_object=True
            )
    progress.reach(job.total or 0)
    return {"merged": len(messages), "messages": messages}


def train_topics(job: Job, progress: JobProgress) -> dict:
    """Train the topic classifier on curators' labels and save it where enrichment reads it."""
    from articles.enrich.topics.classify import model_path
    from articles.enrich.topics.model import train_topic_model
    from articles.store.curation import curated_topic_labels

    progress.set_total(1)
    texts, labels = curated_topic_labels()
    model = train_topic_model(texts, labels, source="database")
    model.save(model_path())
    progress.advance()
    return {"labelled articles": len(texts), "topics": len(model.qcodes)}


def furniture(job: Job, progress: JobProgress) -> dict:
    """Learn the job's sources' furniture again and apply it to their articles, one source at a
    time: a source already done stays done when the job is cancelled or its worker dies."""
    sources = list(Source.objects.filter(pk__in=job.params["sources"]).order_by("pk"))
    progress.set_total(len(sources))
    summaries = []
    for source in sources:
        summaries += [report.summary() for report in refresh_furniture([source], force=True)]
        job.partial_report = {"sources": len(summaries), "summaries": summaries}
        progress.advance()
    return job.partial_report


WORK = {
    Job.Kind.IMPORT: import_files,
    Job.Kind.REBUILD: rebuild,
    Job.Kind.ENRICH: enrich,
    Job.Kind.MERGE: merge,
    Job.Kind.TRAIN_TOPICS: train_topics,
    Job.Kind.FURNITURE: furniture,
}

__all__ = ["WORK", "JobCancelled"]
