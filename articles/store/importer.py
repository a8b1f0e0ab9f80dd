"""Stores what the ingest package read: creates, updates or leaves articles, and reports it.

An article is the same article when it has the same source and input id (a feed entry's id, a bulk
record's id), the same URL or the same normalised text, tried in that order. A changed
version updates the stored one, except the fields a curator edited. Each batch is stored in one
transaction; a failing item is reported and the batch goes on without it. Enrichment can run in
worker processes, overlapping with the storing of the next batch. Stored batches are indexed
together, INDEX_COMMIT_SIZE articles to a write, and the last ones before the import returns: what
an import reports done is searchable; until then its articles stay flagged `needs_indexing`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db import IntegrityError, OperationalError, transaction

from articles import search
from articles.enrich.workers import EnrichmentJob, EnrichmentWorkers
from articles.ingest import IngestProblem, ParsedArticle, read_inputs
from articles.ingest.boilerplate import Furniture, remove_furniture
from articles.models import Article, ArticleTopic, Source, Topic
from articles.monitoring.alerts import alert_new_articles
from articles.store.boilerplate import FurnitureReport, enabled_furniture, refresh_furniture
from articles.store.enrichment import (
    article_texts,
    build_registry,
    overlap_batches,
    store_enrichments,
)
from articles.store.entity_links import link_entities
from articles.store.index_queue import (
    batched_indexing,
    deferred_indexing,
    release_held,
    schedule_reindex,
)
from articles.store.near_copies import link_near_copies
from articles.store.sources import SourceRegistry, name_sources_from_articles

logger = logging.getLogger("newsdesk.import")

BATCH_SIZE = 200
# Articles per index write. Each write is a Whoosh commit, a new segment whose cost grows with its
# distinct words far more than with its documents: a commit per 200-article batch made indexing
# 70% of an import without enrichment (README "Importing"). Five batches to a write keep the write
# lock's hold (a few seconds) well under the 10 s other writers wait for it.
INDEX_COMMIT_SIZE = 1000
# While an import grows a source, its furniture is learned again each time the source's articles
# double, before the batch is enriched: later batches are stored without the new patterns, and only
# the articles enriched before them are enriched again. Learned only at the end, the first import
# of an outlet enriched nearly every article twice (once with its furniture, once without).
FURNITURE_GROWTH_DURING_IMPORT = 2.0
# Index writes made again at the end for the import's articles still flagged (a write that met
# another writer past its timeout is logged and left flagged), before the import gives up with
# the error: what an import reports done is searchable.
FINAL_WRITE_ATTEMPTS = 4
# ParsedArticle fields copied onto Article as they are (the source is looked up in the registry,
# the body loses its source's learned furniture).
PLAIN_FIELDS = tuple(
    name
    for name in (*Article.TEXT_FIELDS, *Article.METADATA_FIELDS, "external_id")
    if name != "source"
)
# ParsedArticle's text fields whose Article (or Source) column has a length limit. ingest/ knows no
# database, so it reads values at full length and the limits are applied here, read from the
# models: a migration that changes a max_length needs no second edit.
SIZED_FIELDS = ("title", "url", "section", "byline", "dateline_place", "external_id")
# Cut to fit, a URL or an id names something else: one that does not fit is dropped instead.
DROPPED_WHEN_LONG = {"url", "external_id"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[IngestProblem] = field(default_factory=list)
    furniture: list[FurnitureReport] = field(default_factory=list)  # sources it learned again

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )

    def fail(self, origin: str, reason: str) -> None:
        """Record a failed item and why; its message names the item first (IngestProblem)."""
        self.failed += 1
        self.problems.append(IngestProblem(origin, reason))


def fit_to_columns(parsed: ParsedArticle) -> None:
    """Cut each value of `parsed` that is longer than its column to fit, in place."""
    limits = {name: Article._meta.get_field(name).max_length for name in SIZED_FIELDS}
    limits["source"] = Source._meta.get_field("name").max_length
    for name, limit in limits.items():
        value = getattr(parsed, name)
        if len(value) > limit:
            cut = "" if name in DROPPED_WHEN_LONG else value[: limit - 1].rsplit(" ", 1)[0] + "…"
            setattr(parsed, name, cut)


def content_hash(title: str, body: str) -> str:
    """The same text, whatever its case, spacing, punctuation or Unicode form, hashes the same."""
    text = unicodedata.normalize("NFKC", f"{title}\n{body}").casefold()
    words = re.findall(r"\w+", text)
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def import_articles(
    paths: Iterable[str],
    *,
    input_format: str | None = None,
    field_map: dict[str, str] | None = None,
    enrich: bool = True,
    workers: int = 0,
    progress: Callable[[int], None] | None = None,
    stop_when: Callable[[], bool] | None = None,
) -> ImportReport:
    """Read, store, enrich and index everything under `paths`.

    With `workers`, enrichment runs in that many worker processes: they enrich the next two batches
    while this process stores one. Each article is indexed after its enrichment is stored,
    INDEX_COMMIT_SIZE articles to a write, and once the input is read each batch as it is stored;
    the last write (with what the closing furniture and entity links passes change) comes before
    this returns.
    `progress` is called with each batch's item count once it is stored; `stop_when` is asked
    before each batch is read, and a True stops the import there, every stored batch finished.
    """
    run = ImportRun(enrich=enrich)
    items = iter(read_inputs(paths, input_format=input_format, field_map=field_map))

    def batches():
        while batch := [] if stop_when and stop_when() else list(islice(items, BATCH_SIZE)):
            yield batch
        run.input_done = True

    try:
        with EnrichmentWorkers(processes=workers if enrich else 0) as pool:

            def start(batch) -> tuple[StoredBatch, EnrichmentJob | None]:
                stored = run.store_batch(batch)
                run.learn_furniture(stored)
                job = None
                if enrich and stored.changed:
                    job = pool.submit(article_texts(stored.changed), run.registry)
                if progress:
                    progress(len(batch))
                return stored, job

            overlap_batches(batches(), start, run.finish)
        # The last articles, and those the furniture and the links below change, in one write.
        with batched_indexing():
            run.write_index()
            # The import is new evidence of each source's name and of what recurs in its articles.
            touched = run.touched_sources()
            name_sources_from_articles(touched)
            run.remember_furniture(refresh_furniture(touched, enrich=enrich))
            run.report.furniture = list(run.furniture_reports.values())
            if enrich:
                link_entities()  # what the new articles make plain across the whole collection
        run.confirm_searchable()
    finally:
        release_held()  # a batch an error left unindexed is the retry pass's again
    return run.report


@dataclass
class StoredBatch:
    changed: list[Article]  # created or updated: these are enriched
    created_ids: list[int]  # created: only these can raise alerts
    index_ids: set[int]  # everything the batch touched, to index once its enrichment is stored


class ImportRun:
    """One import: its report, and what it looks up once rather than per article."""

    def __init__(self, enrich: bool):
        self.report = ImportReport()
        self.registry = build_registry() if enrich else None
        self.sources = SourceRegistry()
        self.furniture: dict[int, list[Furniture]] = {}  # by source id
        self.furniture_reports: dict[int, FurnitureReport] = {}  # by source id
        self.topics = TopicNames()
        self.unindexed: set[int] = set()  # stored, enriched, waiting for the next index write
        self.seen_ids: set[int] = set()  # every article matched or written, unchanged ones too
        self.input_done = False  # every batch read (the last ones may still be enriching)
        self.new_bodies: list[Article] = []  # the batch's articles to link with their copies
        self.replaced_bodies: set[int] = set()  # those of them whose band keys were stored before
        self.articles_before = Article.objects.count()

    def store_batch(self, batch: list) -> StoredBatch:
        """Store a batch in one transaction; a failing item rolls back alone and is reported."""
        changed, created_ids = [], []
        parsed = [item for item in batch if not isinstance(item, IngestProblem)]
        for item in parsed:
            fit_to_columns(item)
        digests = {id(item): content_hash(item.title, item.body) for item in parsed}
        with deferred_indexing() as index_ids, transaction.atomic():
            known = KnownArticles(parsed, digests.values())
            for item in batch:
                if isinstance(item, IngestProblem):
                    self.report.failed += 1
                    self.report.problems.append(item)  # its message already names file and line
                    continue
                try:
                    with transaction.atomic():
                        outcome, article = self.store_article(item, digests[id(item)], known)
                except Exception as error:  # one bad item must not stop the batch
                    logger.warning("%s: not stored", item.origin, exc_info=True)
                    self.report.fail(
                        item.origin, f"not stored ({error.__class__.__name__}: {error})"
                    )
                    continue
                setattr(self.report, outcome, getattr(self.report, outcome) + 1)
                self.seen_ids.add(article.pk)
                if outcome != "unchanged":
                    changed.append(article)
                if outcome == "created":
                    created_ids.append(article.pk)
            self.link_copies()
        return StoredBatch(changed, created_ids, set(index_ids))

    def learn_furniture(self, stored: StoredBatch) -> None:
        """Learn the furniture of the batch's sources as they grow, before the batch is enriched
        (FURNITURE_GROWTH_DURING_IMPORT); the articles the new patterns change join the batch: the
        next batches are stored without them."""
        source_ids = {article.source_id for article in stored.changed if article.source_id}
        if not source_ids:
            return
        with deferred_indexing() as saved_ids:
            reports = refresh_furniture(
                Source.objects.filter(pk__in=source_ids),
                enrich=False,
                growth=FURNITURE_GROWTH_DURING_IMPORT,
            )
        stored.index_ids |= saved_ids
        for report in reports:
            self.furniture[report.source.pk] = enabled_furniture(report.source)
        changed = set().union(*(report.changed_ids for report in reports))
        self.remember_furniture(reports)
        if not changed or not self.registry:
            return  # without enrichment, a changed body needs only its index write
        fresh = Article.objects.in_bulk(changed)
        in_batch = {article.pk for article in stored.changed}
        stored.changed = [fresh.get(article.pk, article) for article in stored.changed] + [
            fresh[pk] for pk in sorted(changed - in_batch) if pk in fresh
        ]

    def remember_furniture(self, reports: list[FurnitureReport]) -> None:
        """Keep each source's latest report, with every article the import's refreshes changed."""
        for report in reports:
            earlier = self.furniture_reports.get(report.source.pk)
            if earlier is not None:
                report.changed_ids |= earlier.changed_ids
            self.furniture_reports[report.source.pk] = report

    def link_copies(self) -> None:
        """Link the batch's new and rewritten bodies with their near-identical copies, at once."""
        articles, replaced = self.new_bodies, self.replaced_bodies
        self.new_bodies, self.replaced_bodies = [], set()
        try:
            with transaction.atomic():
                link_near_copies(articles, replaced=replaced)
        except Exception:
            logger.exception("Near copies of %d stored articles not linked", len(articles))

    def finish(self, work: tuple[StoredBatch, EnrichmentJob | None]) -> None:
        """Store a batch's enrichment and match its new articles against the saved searches (in
        an index of their own); the batch reaches the search index with the next `write_index`."""
        stored, job = work
        self.unindexed |= stored.index_ids
        if job is not None:
            with deferred_indexing() as enriched_ids:
                self.store_enrichment(stored, job)
            self.unindexed |= enriched_ids
        alert_new_articles(stored.created_ids)
        # Once the input is read, each batch is written as soon as it is stored: the workers are
        # still enriching the last ones, and what is left for the end is small.
        if self.writes_at_end():
            return
        if len(self.unindexed) >= INDEX_COMMIT_SIZE or self.input_done:
            self.write_index()

    def writes_at_end(self) -> bool:
        """Whether this import's articles wait for one index write at its end: once they outnumber
        the collection it found, the closing passes will change most of them."""
        return len(self.seen_ids) + len(self.unindexed) > self.articles_before

    def store_enrichment(self, stored: StoredBatch, job: EnrichmentJob) -> None:
        try:
            store_enrichments(stored.changed, job.result())
        except Exception:
            logger.exception(
                "Enrichment failed for a batch of %d articles; stored without it",
                len(stored.changed),
            )

    def write_index(self) -> None:
        """Index the stored batches not indexed yet, in one write: the one place where an import's
        articles become searchable."""
        ids, self.unindexed = self.unindexed, set()
        self.seen_ids |= ids
        schedule_reindex(ids)

    def confirm_searchable(self) -> None:
        """Write again the import's articles whose index write failed (they are still flagged),
        a few times; raise IndexBusy when some stay unwritten, so that the import does not
        say done with articles that no search finds (a job meeting it runs again)."""
        error = None
        for attempt in range(FINAL_WRITE_ATTEMPTS):
            waiting = self.still_flagged()
            if not waiting:
                return
            logger.warning(
                "%d imported article(s) not in the index yet; writing them again", len(waiting)
            )
            time.sleep(attempt)
            try:
                search.index_articles_by_id(waiting)
            except (search.IndexBusy, OperationalError) as failure:
                error = failure
        if waiting := self.still_flagged():
            raise search.IndexBusy(
                f"{len(waiting)} imported article(s) are stored but not searchable yet: their "
                f"index write failed {FINAL_WRITE_ATTEMPTS} times ({error or 'edited meanwhile'})"
            ) from error

    def still_flagged(self) -> set[int]:
        flagged = Article.objects.filter(needs_indexing=True).values_list("pk", flat=True)
        return {pk for pk in flagged.iterator() if pk in self.seen_ids}

    def store_article(
        self, parsed: ParsedArticle, digest: str, known: KnownArticles
    ) -> tuple[str, Article]:
        """Create or update the article for `parsed`.

        Returns the outcome ("created", "updated" or "unchanged") and the article.
        """
        values = {name: getattr(parsed, name) for name in PLAIN_FIELDS}
        values["source"] = source = self.sources.source_for(parsed.url, parsed.source)
        values["read_body"] = parsed.body
        values["body"] = remove_furniture(parsed.body, self.furniture_for(source))
        values["raw"] = parsed.raw
        values["content_hash"] = digest

        article = known.find(values["source"], parsed.external_id, parsed.url, digest)
        if article is None:
            try:
                with transaction.atomic():
                    article = Article.objects.create(**values)
            except IntegrityError:
                # The URL or text is unique (a constraint): another importer stored this article
                # since the batch was read. Read it again, now committed, and update it instead.
                article = KnownArticles([parsed], [digest]).find(
                    values["source"], parsed.external_id, parsed.url, digest
                )
                if article is None:
                    raise
            else:
                known.remember(article)
                self.link_input_topics(article, parsed.topics, new=True)
                self.new_bodies.append(article)
                return "created", article

        curated = set(article.curated_fields)
        if article.url and article.url != parsed.url:
            curated.add("url")  # the same text found at a second address keeps its first one
        changes = {
            name: value
            for name, value in values.items()
            if name not in curated and getattr(article, name) != value and name != "raw"
        }
        if not changes:
            return "unchanged", article
        old_digest = article.content_hash
        for name, value in changes.items():
            setattr(article, name, value)
        article.raw = parsed.raw
        try:
            with transaction.atomic():
                article.save()
        except IntegrityError:
            raise ValueError(
                f"article #{article.pk} not updated: its new URL or text is another article's"
            ) from None
        known.remember(article, old_digest=old_digest)
        self.link_input_topics(article, parsed.topics)
        if "body" in changes:
            self.new_bodies.append(article)
            self.replaced_bodies.add(article.pk)
        return "updated", article

    def furniture_for(self, source: Source | None) -> list[Furniture]:
        if source is None:
            return []
        if source.pk not in self.furniture:
            self.furniture[source.pk] = enabled_furniture(source)
        return self.furniture[source.pk]

    def touched_sources(self) -> list[Source]:
        return list(Source.objects.filter(pk__in=self.furniture))

    def link_input_topics(self, article: Article, names: list[str], new: bool = False) -> None:
        """Topics the input itself gives (IPTC code, name or slug); later enrichment keeps them."""
        for name in names:
            topic = self.topics.find(name)
            if topic is None:
                continue
            # A topic a curator removed (SuppressedLink) is not brought back by the input; a new
            # article has no such links to look for.
            if not new and article.suppressed_links.filter(topic=topic).exists():
                continue
            ArticleTopic.objects.get_or_create(
                article=article, topic=topic, defaults={"confidence": None}
            )


class KnownArticles:
    """The stored articles a batch may be a new version of, by input id, URL and text, read at once.

    An input id names an item within its source only (two bulk files may both number their rows
    from 1), so it is matched with the source's name. The oldest article wins where several share
    a key, as a query ordered by id would.
    """

    def __init__(self, parsed: list[ParsedArticle], digests: Iterable[str]):
        urls = {item.url for item in parsed if item.url}
        external_ids = {item.external_id for item in parsed if item.external_id}
        self.by_id: dict[tuple[str, str], Article] = {}
        self.by_url: dict[str, Article] = {}
        self.by_digest: dict[str, Article] = {}
        stored_ids = Article.objects.filter(external_id__in=external_ids).select_related("source")
        for article in stored_ids.order_by("pk"):
            self.by_id.setdefault(id_key(article.source, article.external_id), article)
        for article in Article.objects.filter(url__in=urls).order_by("pk"):
            self.by_url.setdefault(article.url, article)
        for article in Article.objects.filter(content_hash__in=set(digests)).order_by("pk"):
            self.by_digest.setdefault(article.content_hash, article)

    def find(
        self, source: Source | None, external_id: str, url: str, digest: str
    ) -> Article | None:
        return (
            (external_id and self.by_id.get(id_key(source, external_id)))
            or (url and self.by_url.get(url))
            or self.by_digest.get(digest)
        )

    def remember(self, article: Article, old_digest: str | None = None) -> None:
        """Keep the batch's later items in step with what it has stored so far."""
        if old_digest and self.by_digest.get(old_digest) is article:
            del self.by_digest[old_digest]
        if article.external_id:
            self.by_id.setdefault(id_key(article.source, article.external_id), article)
        if article.url:
            self.by_url.setdefault(article.url, article)
        self.by_digest.setdefault(article.content_hash, article)


def id_key(source: Source | None, external_id: str) -> tuple[str, str]:
    return (source.name.casefold() if source else "", external_id)


class TopicNames:
    """Topics by IPTC code, name or slug, compared without case: the ways inputs name them."""

    def __init__(self):
        topics = list(Topic.objects.all())
        self.lookups = [
            {getattr(topic, attribute).casefold(): topic for topic in topics}
            for attribute in ("qcode", "name", "slug")
        ]

    def find(self, name: str) -> Topic | None:
        key = name.strip().casefold()
        return next((lookup[key] for lookup in self.lookups if key in lookup), None)
