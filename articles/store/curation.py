"""What curators do to the collection: merge, split and block entities, hide, publish and
de-duplicate articles, assign and remove topics.

Plain functions over the models. Each runs in one transaction and reaches the search index through
the index queue (store/index_queue.py), batched so the articles it touched are written once,
after the commit; nothing else is reindexed. Each returns readable messages for the admin's history
(LogEntry). What they decide is recorded (curated flags, aliases, blocked names, suppressed links)
so that re-import and re-extraction keep it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from articles.enrich import ArticleText
from articles.enrich.entities.canonical import normalise_name
from articles.models import (
    Alias,
    Article,
    ArticleTopic,
    BlockedName,
    Entity,
    EntityRedirect,
    Mention,
    SuppressedLink,
    Topic,
)
from articles.store.index_queue import batched_indexing, schedule_reindex


def counted(n: int, noun: str, plural: str = "") -> str:
    """ "1 article", "2 articles": history lines read as sentences."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def merge_entities(survivor: Entity, others: Iterable[Entity]) -> list[str]:
    """Fold `others` into `survivor`: their mentions move to it (counts added where both are
    mentioned in one article), their names and aliases become its aliases, and they are deleted.

    The survivor becomes curated, so extraction keeps mapping every merged spelling to it.
    """
    messages = []
    with transaction.atomic(), batched_indexing():
        for other in others:
            if other.pk != survivor.pk:
                messages.append(merge_one(survivor, other))
        Entity.objects.filter(pk=survivor.pk).update(curated=True)
        survivor.curated = True
    return messages


def merge_one(survivor: Entity, other: Entity) -> str:
    mentions = list(other.mentions.all())
    total = sum(mention.count for mention in mentions)
    kept = {
        m.article_id: m
        for m in survivor.mentions.filter(article__in=[m.article_id for m in mentions])
    }
    for mention in mentions:
        if mention.article_id in kept:
            both = kept[mention.article_id]
            both.count += mention.count
            both.curated = both.curated or mention.curated
    Mention.objects.bulk_update(kept.values(), ["count", "curated"])
    Mention.objects.filter(entity=other, article__in=list(kept)).delete()
    Mention.objects.filter(entity=other).update(entity=survivor)
    schedule_reindex(mention.article_id for mention in mentions)

    already = survivor.suppressed_links.values_list("article_id", flat=True)
    SuppressedLink.objects.filter(entity=other).exclude(article__in=list(already)).update(
        entity=survivor
    )
    add_aliases(survivor, [other.name, *other.aliases.values_list("name", flat=True)])
    # Links to the merged-away page (and to pages merged into it before) lead to the survivor.
    EntityRedirect.objects.filter(entity=other).update(entity=survivor)
    EntityRedirect.objects.update_or_create(slug=other.slug, defaults={"entity": survivor})
    other.delete()
    where = f"{counted(total, 'mention')} in {counted(len(mentions), 'article')}"
    return f"Merged '{other.name}' ({where}) into '{survivor.name}'"


def add_aliases(entity: Entity, names: Iterable[str]) -> list[str]:
    """Add the spellings `entity` does not have yet (by normalised form); returns those added."""
    known = {normalise_name(entity.name)}
    known |= {normalise_name(name) for name in entity.aliases.values_list("name", flat=True)}
    added = []
    for name in names:
        key = normalise_name(name)
        if key and key not in known:
            known.add(key)
            Alias.objects.create(entity=entity, name=name[:200])
            added.append(name)
    return added


def keep_old_name(entity: Entity, old_name: str) -> None:
    """A renamed entity keeps its former name as an alias, so extraction still finds it by it."""
    add_aliases(entity, [old_name])


def split_alias(alias: Alias) -> tuple[Entity, str]:
    """Make `alias` an entity of its own. Articles that use that spelling mention the new entity
    for those occurrences; the mention moves entirely when they use no other spelling."""
    entity = alias.entity
    with transaction.atomic(), batched_indexing():
        new, _ = Entity.objects.get_or_create(
            name=alias.name, kind=entity.kind, defaults={"curated": True}
        )
        Entity.objects.filter(pk=new.pk).update(curated=True)
        alias.delete()
        Entity.objects.filter(pk=entity.pk).update(curated=True)
        others = [entity.name, *entity.aliases.values_list("name", flat=True)]
        moved = sum(
            split_mention(m, new, alias.name, others)
            for m in candidate_mentions(entity, alias.name)
        )
    where = counted(moved, "article")
    return new, f"Split '{alias.name}' off '{entity.name}' as an entity of its own ({where})"


def candidate_mentions(entity: Entity, spelling: str):
    contains = Q(article__title__icontains=spelling) | Q(article__subtitle__icontains=spelling)
    contains |= Q(article__body__icontains=spelling)
    return entity.mentions.filter(contains).select_related("article")


def spelling_pattern(spelling: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(spelling)}(?!\w)", re.IGNORECASE)


def split_mention(mention: Mention, new: Entity, spelling: str, others: list[str]) -> int:
    """Move the occurrences of `spelling` in the mention's article to `new`; 1 if any moved."""
    article = mention.article
    text = "\n".join((article.title, article.subtitle, article.body))
    rest = text
    for other in sorted(others, key=len, reverse=True):
        rest = spelling_pattern(other).sub(" ", rest)  # "Kim" inside "Kim Jong Un" is not "Kim"
    found = len(spelling_pattern(spelling).findall(rest))
    if not found:
        return 0
    remaining = sum(len(spelling_pattern(other).findall(text)) for other in others)
    target, created = Mention.objects.get_or_create(
        article=article, entity=new, defaults={"count": found}
    )
    if not created:
        target.count += found
        target.save(update_fields=["count"])
    if remaining:
        mention.count = max(1, mention.count - found)
        mention.save(update_fields=["count"])
    else:
        mention.delete()
    return 1


def block_entity(entity: Entity) -> tuple[list[BlockedName], str]:
    """ "Not an entity": block its name and aliases for extraction, and delete it with its mentions
    (and any other entity of the same name, whatever its kind)."""
    names = [entity.name, *entity.aliases.values_list("name", flat=True)]
    with transaction.atomic(), batched_indexing():
        blocked = [BlockedName.objects.get_or_create(name=name[:200])[0] for name in names]
        same_name = Q()
        for name in names:
            same_name |= Q(name__iexact=name)
        doomed = Entity.objects.filter(same_name) | Entity.objects.filter(pk=entity.pk)
        article_ids = set(
            Mention.objects.filter(entity__in=doomed).values_list("article_id", flat=True)
        )
        schedule_reindex(article_ids)
        doomed.delete()
    spellings = ", ".join(f"'{name}'" for name in names)
    where = counted(len(article_ids), "article")
    return blocked, f"Blocked {spellings} as not an entity; removed from {where}"


def set_status(articles: Iterable[Article], status: str) -> list[tuple[Article, str]]:
    """Hide or publish these articles; the status becomes curated. Returns the changed ones."""
    label = Article.Status(status).label
    changed = []
    with transaction.atomic(), batched_indexing():
        for article in articles:
            if article.status == status:
                continue
            before = article.get_status_display()
            article.status = status
            article.duplicate_of = None
            article.curated_fields = sorted({*article.curated_fields, "status"})
            article.save(update_fields=["status", "duplicate_of", "curated_fields"])
            changed.append((article, f"Status changed from {before} to {label}"))
    return changed


class DuplicateError(ValueError):
    """The chosen original cannot be one (it is among the articles marked)."""


def mark_duplicates(articles: Iterable[Article], original: Article) -> list[tuple[Article, str]]:
    """Mark these articles as duplicates of `original` (or of the article it duplicates itself);
    they leave search. Articles that pointed at them now point at the original."""
    seen = set()
    while original.duplicate_of_id and original.pk not in seen:
        seen.add(original.pk)
        original = original.duplicate_of
    articles = [article for article in articles if article.pk != original.pk]
    if not articles:
        raise DuplicateError("Choose an original that is not among the articles marked.")
    changed = []
    with transaction.atomic(), batched_indexing():
        for article in articles:
            Article.objects.filter(duplicate_of=article).update(duplicate_of=original)
            article.status = Article.Status.DUPLICATE
            article.duplicate_of = original
            article.curated_fields = sorted({*article.curated_fields, "status"})
            article.save(update_fields=["status", "duplicate_of", "curated_fields"])
            changed.append(
                (article, f"Marked as duplicate of #{original.pk} '{original.title[:80]}'")
            )
    return changed


def assign_topic(articles: Iterable[Article], topic: Topic) -> list[tuple[Article, str]]:
    """Give these articles `topic`, as curated links that automatic passes keep."""
    changed = []
    with transaction.atomic(), batched_indexing():
        for article in articles:
            lift_suppression(article, topic=topic)
            link, created = ArticleTopic.objects.get_or_create(
                article=article, topic=topic, defaults={"curated": True}
            )
            if not created and link.curated:
                continue
            if not created:
                link.curated = True
                link.save(update_fields=["curated"])
            changed.append((article, f"Topic '{topic.name}' assigned"))
    return changed


def remove_topic(articles: Iterable[Article], topic: Topic) -> list[tuple[Article, str]]:
    """Take `topic` off these articles; re-extraction will not give it back."""
    changed = []
    with transaction.atomic(), batched_indexing():
        for article in articles:
            suppress_link(article, topic=topic)
            deleted, _ = ArticleTopic.objects.filter(article=article, topic=topic).delete()
            if deleted:
                changed.append((article, f"Topic '{topic.name}' removed"))
    return changed


def suppress_link(article: Article, *, entity: Entity | None = None, topic: Topic | None = None):
    """Record that a curator removed this mention or topic, so re-extraction leaves it out."""
    SuppressedLink.objects.get_or_create(article=article, entity=entity, topic=topic)


def lift_suppression(article: Article, *, entity: Entity | None = None, topic: Topic | None = None):
    """A curator added the link again: extraction may find it again too."""
    if entity is not None:
        SuppressedLink.objects.filter(article=article, entity=entity).delete()
    if topic is not None:
        SuppressedLink.objects.filter(article=article, topic=topic).delete()


def curated_topic_labels() -> tuple[list[ArticleText], list[set[str]]]:
    """Every article with at least one curated topic, and its curated topics: what the topic
    classifier trains on (`manage.py train_topics` and the job)."""
    labels: dict[int, set[str]] = {}
    curated = ArticleTopic.objects.filter(curated=True).values_list("article_id", "topic__qcode")
    for article_id, qcode in curated:
        labels.setdefault(article_id, set()).add(qcode)
    articles = Article.objects.filter(pk__in=labels).only(*Article.TEXT_FIELDS, "published")
    texts, article_labels = [], []
    for article in articles.iterator():
        texts.append(ArticleText(article.title, article.text, article.published))
        article_labels.append(labels[article.pk])
    return texts, article_labels
