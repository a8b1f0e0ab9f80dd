"""One value per real-world entity across the collection: the automatic links, made and undone.

`link_entities()` reads the collection's entities (with how many articles mention each) and the
acronyms articles introduced, asks enrich/entities/name_links.py which names stand for which,
records each new link as an EntityLink and moves the mentions it covers, so the facets count one
entity once.
Extraction applies the links too (build_registry), after an article's own names and below every
curated decision.

Links are revisited on every pass: one whose reason the collection no longer gives (the full name
a surname went to lost its articles, an acronym's introductions now disagree) is removed and the
articles using the name are extracted again, so the name is weighed afresh.

Curators win: a name a curator merged, split off, aliased or blocked, and a link a curator undid,
are never linked again. Runs after every import and re-extraction, and as `manage.py
link_entities`.
"""

from __future__ import annotations

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from articles.enrich import Enrichment
from articles.enrich.entities.canonical import normalise_name
from articles.enrich.entities.name_links import (
    KnownName,
    NameLink,
    acronym_introductions,
    find_links,
    heading_pairs,
    spelling_pairs,
    stale_links,
)
from articles.models import (
    AcronymIntroduction,
    Alias,
    Article,
    BlockedName,
    Entity,
    EntityLink,
    Mention,
    NameUse,
    Source,
    SourceAlias,
    SuppressedLink,
)
from articles.store.curation import counted
from articles.store.index_queue import batched_indexing, schedule_reindex


def record_acronyms(articles: list[Article], results: list[Enrichment]) -> None:
    """Keep the acronyms each article introduced ("European Union (EU)"), replacing what its
    previous extraction recorded: the evidence `link_entities` reads."""
    AcronymIntroduction.objects.filter(article__in=articles).delete()
    AcronymIntroduction.objects.bulk_create(
        AcronymIntroduction(article=article, acronym=acronym[:20], expansion=name[:200], kind=kind)
        for article, enrichment in zip(articles, results, strict=True)
        for entity in enrichment.entities
        for acronym, name, kind in acronym_introductions(
            entity.name, entity.kind, entity.variants, entity.introduced
        )
    )


def record_name_uses(articles: list[Article], results: list[Enrichment]) -> None:
    """Keep the names each article used as no entity (an event's name, a lost letter),
    replacing what its previous extraction recorded: evidence `link_entities` reads."""
    NameUse.objects.filter(article__in=articles).delete()
    NameUse.objects.bulk_create(
        NameUse(article=article, name=use.name[:200], use=use.use)
        for article, enrichment in zip(articles, results, strict=True)
        for use in enrichment.name_uses
    )


def recorded_name_uses() -> dict[str, Counter]:
    """Normalised name -> Counter of uses, one count per article."""
    uses: dict[str, Counter] = {}
    # Counted by the database: one row per spelling and use, not one per article.
    rows = NameUse.objects.values_list("name", "use").annotate(Count("article", distinct=True))
    for name, use, articles in rows.order_by():
        uses.setdefault(normalise_name(name), Counter())[use] += articles
    return uses


def known_names() -> list[KnownName]:
    """Every entity that articles mention, with how many articles do."""
    rows = (
        Entity.objects.annotate(article_total=Count("mentions"))
        .filter(article_total__gt=0)
        .values_list("name", "kind", "article_total")
    )
    return [KnownName(name, kind, articles) for name, kind, articles in rows]


def introduced_acronyms() -> dict[str, Counter]:
    """Normalised acronym -> Counter of (expansion, kind), one count per article."""
    acronyms: dict[str, Counter] = {}
    for acronym, expansion, kind in AcronymIntroduction.objects.values_list(
        "acronym", "expansion", "kind"
    ):
        acronyms.setdefault(normalise_name(acronym), Counter())[(expansion, kind)] += 1
    return acronyms


def curated_names() -> set[str]:
    """Normalised names curators decided on: curated entities, aliases and blocked names."""
    curated = Entity.objects.filter(curated=True).values_list("name", flat=True)
    aliases = Alias.objects.values_list("name", flat=True)
    blocked = BlockedName.objects.values_list("name", flat=True)
    return {normalise_name(name) for names in (curated, aliases, blocked) for name in names}


def outlet_names() -> frozenset[str]:
    """The names the collection's sources go by: organisations whatever the model read."""
    names = Source.objects.values_list("name", flat=True)
    aliases = SourceAlias.objects.values_list("name", flat=True)
    return frozenset([*names, *aliases])


def named_together(names: list[KnownName]) -> frozenset[frozenset[tuple[str, str]]]:
    """The pairs of spellings of one name (`spelling_pairs`) that some article names both of."""
    pairs = spelling_pairs(names)
    wanted = {(known.name, known.kind) for pair in pairs for known in pair}
    ids = {
        (name, kind): pk
        for pk, name, kind in Entity.objects.filter(
            name__in={name for name, _ in wanted}
        ).values_list("pk", "name", "kind")
        if (name, kind) in wanted
    }
    articles: dict[int, set[int]] = {}
    for entity_id, article_id in Mention.objects.filter(entity_id__in=ids.values()).values_list(
        "entity_id", "article_id"
    ):
        articles.setdefault(entity_id, set()).add(article_id)
    together = set()
    for one, other in pairs:
        keys = ((one.name, one.kind), (other.name, other.kind))
        if articles.get(ids.get(keys[0]), set()) & articles.get(ids.get(keys[1]), set()):
            together.add(frozenset(keys))
    return frozenset(together)


def revisit_links(
    names: list[KnownName],
    acronyms: dict[str, Counter],
    outlets: frozenset[str],
    uses: dict[str, Counter],
) -> int:
    """Remove the automatic links whose reason no longer holds and extract the articles that use
    their names again; returns how many were removed. Undone links are curators': kept."""
    from articles.store.enrichment import enrich_and_store  # it stores through this module

    recorded = {
        NameLink(
            link.name,
            link.kind,
            link.target.name if link.target else None,
            link.target.kind if link.target else link.kind,
            link.reason,
        ): link
        for link in EntityLink.objects.filter(undone=False).select_related("target")
    }
    together = named_together(names)
    stale = [
        recorded[link]
        for link in stale_links(list(recorded), names, acronyms, outlets, together, uses)
    ]
    if not stale:
        return 0
    spelling = Q()
    for link in stale:
        spelling |= Q(title__icontains=link.name) | Q(body__icontains=link.name)
        spelling |= Q(subtitle__icontains=link.name)
    EntityLink.objects.filter(pk__in=[link.pk for link in stale]).delete()
    articles = Article.objects.filter(spelling).order_by("pk")
    for start in range(0, articles.count(), 200):
        enrich_and_store(list(articles[start : start + 200]))
    return len(stale)


# Passes of `link_entities`: a pass's links change the counts the next one reads ("Abdel-Fattah"
# joins "Abdel Fattah", which then is plainly the first names of "Abdel Fattah el-Sisi").
# On Al Jazeera's dev articles a second pass made 10 links the first could not; after three, a
# further pass finds none on any of the four dev outlets.
LINK_PASSES = 3


def link_entities() -> list[EntityLink]:
    """Find and apply the links the collection now makes plain, pass after pass until a pass
    finds none, then merge the short bodies' names in the articles that name the longer body
    too; returns the new links."""
    outlets = outlet_names()
    acronyms, uses = introduced_acronyms(), recorded_name_uses()
    names = known_names()
    if revisit_links(names, acronyms, outlets, uses):
        acronyms, uses = introduced_acronyms(), recorded_name_uses()
        names = known_names()
    new: list[EntityLink] = []
    for _ in range(LINK_PASSES):
        made = link_pass(names, acronyms, outlets, uses)
        if not made:
            break
        new.extend(made)
        names = known_names()  # the counts the pass's links changed
    merge_heads_named_together(names)  # the links may have given an article the longer body
    return new


def link_pass(
    names: list[KnownName],
    acronyms: dict[str, Counter],
    outlets: frozenset[str],
    uses: dict[str, Counter],
) -> list[EntityLink]:
    """One pass of `link_entities`: the links `names`, the counts as they stand, make, recorded."""
    protected = curated_names()
    existing = set(EntityLink.objects.values_list("name", "kind"))
    entities = {(e.name, e.kind): e for e in Entity.objects.all().only("pk", "name", "kind")}
    # An earlier pass's link still holds for its name: a new link to that name goes on to its end.
    onward = {
        (link.name, link.kind): link.target
        for link in EntityLink.objects.filter(undone=False, target__isnull=False).select_related(
            "target"
        )
    }
    new = []
    for link in find_links(names, acronyms, outlets, named_together(names), uses):
        if (link.name, link.kind) in existing or normalise_name(link.name) in protected:
            continue
        target = entities.get((link.target, link.target_kind)) if link.target else None
        if (
            link.target
            and target is None
            and (link.target in outlets or normalise_name(link.target) == normalise_name(link.name))
        ):
            # An outlet no article named as an organisation yet, a town no article named as a
            # place: its entity is made here.
            target, _ = Entity.objects.get_or_create(name=link.target, kind=link.target_kind)
            entities[(target.name, target.kind)] = target
        if link.target and target is None:
            continue
        for _ in range(len(onward)):
            if target is None or (target.name, target.kind) not in onward:
                break
            target = onward[(target.name, target.kind)]
        if target is not None and (target.name, target.kind) == (link.name, link.kind):
            continue
        new.append(EntityLink(name=link.name, kind=link.kind, target=target, reason=link.reason))
    with transaction.atomic(), batched_indexing():
        new = store_links(new)
        move_mentions(
            [
                (entities[(link.name, link.kind)], link.target)
                for link in new
                if (link.name, link.kind) in entities
            ]
        )
    return new


def store_links(links: list[EntityLink]) -> list[EntityLink]:
    """Insert the new links. Another import's pass may have stored some of them since this one
    read the links (two imports ending together): those are taken as stored, not a failure."""
    try:
        with transaction.atomic():
            return EntityLink.objects.bulk_create(links)
    except IntegrityError:
        return [
            EntityLink.objects.get_or_create(
                name=link.name,
                kind=link.kind,
                defaults={"target": link.target, "reason": link.reason},
            )[0]
            for link in links
        ]


# Ids per IN list when moving many links' mentions at once: SQLite limits a query's variables.
MOVE_BATCH_SIZE = 500


def move_mentions(
    moves: list[tuple[Entity, Entity | None]], within: list[set[int]] | None = None
) -> None:
    """The automatic mentions of each source go to its target (counts added where an article has
    both), or away when there is no target. Curated mentions stay where a curator put them.
    `within`, beside the moves, limits each to those articles; there a target a curator split
    off the article keeps the source's mention as it is.

    All the moves of a link pass in a few queries, not six per link, made one after the other
    as if each were stored before the next ("A" to "B", then "B" to "C": A's mentions end at C)."""
    sources = [source.pk for source, _ in moves]
    article_ids = sorted(
        {
            article_id
            for ids in in_slices(sources)
            for article_id in Mention.objects.filter(entity_id__in=ids, curated=False)
            .order_by()
            .values_list("article_id", flat=True)
        }
    )
    if within is not None:
        article_ids = sorted(set(article_ids) & set().union(*within))
    if not article_ids:
        return
    schedule_reindex(article_ids)
    involved = sorted({*sources, *(t.pk for _, t in moves if t is not None)})
    at: dict[int, dict[int, Mention]] = {}  # entity -> article -> its mention there
    suppressed: set[tuple[int, int]] = set()
    for articles in in_slices(article_ids):
        for entities in in_slices(involved):
            for mention in Mention.objects.filter(entity_id__in=entities, article_id__in=articles):
                at.setdefault(mention.entity_id, {})[mention.article_id] = mention
            suppressed.update(
                SuppressedLink.objects.filter(
                    entity_id__in=entities, article_id__in=articles
                ).values_list("entity_id", "article_id")
            )
    changed: dict[int, Mention] = {}  # mentions that stay, with a new entity or count
    gone: set[int] = set()
    for number, (source, target) in enumerate(moves):
        mentions = at.get(source.pk, {})
        for article_id, mention in list(mentions.items()):
            if mention.curated:
                continue
            if within is not None and (
                article_id not in within[number] or (target.pk, article_id) in suppressed
            ):
                continue
            del mentions[article_id]
            held = at.setdefault(target.pk, {}) if target is not None else None
            if held is None or (target.pk, article_id) in suppressed:
                gone.add(mention.pk)
            elif article_id in held:
                held[article_id].count += mention.count
                changed[held[article_id].pk] = held[article_id]
                gone.add(mention.pk)
            else:
                mention.entity_id = target.pk
                held[article_id] = changed[mention.pk] = mention
    for ids in in_slices(sorted(gone)):
        Mention.objects.filter(pk__in=ids).delete()
    Mention.objects.bulk_update(
        [m for pk, m in changed.items() if pk not in gone], ["entity", "count"], batch_size=500
    )


def merge_heads_named_together(names: list[KnownName]) -> int:
    """In each article that names a body and one longer body its name heads ("the Central Bank"
    beside the "Central Bank of Russia", however the article spelt that one: "Bank of Russia"),
    the short name's mentions go to the longer, as extracting the article again with the
    collection's links would do (canonical.find_full_name); an article naming two such bodies
    ("of Russia", "of Ukraine") is left as it is. Per article, not a link: elsewhere the short
    name is what its own story says. `names` as `known_names` gives them now. Returns the
    number of articles changed."""
    protected = curated_names()
    pairs = [
        (short, longer)
        for short, longer in heading_pairs(names)
        if normalise_name(short.name) not in protected
    ]
    if not pairs:
        return 0
    entities = {
        (e.name, e.kind): e
        for e in Entity.objects.filter(name__in={k.name for pair in pairs for k in pair}).only(
            "pk", "name", "kind"
        )
    }
    articles: dict[int, set[int]] = {}  # entity -> the articles mentioning it
    for ids in in_slices(sorted(e.pk for e in entities.values())):
        for entity_id, article_id in Mention.objects.filter(entity_id__in=ids).values_list(
            "entity_id", "article_id"
        ):
            articles.setdefault(entity_id, set()).add(article_id)
    longers: dict[Entity, list[Entity]] = {}
    for short, longer in pairs:
        source, target = (
            entities.get((short.name, short.kind)),
            entities.get((longer.name, longer.kind)),
        )
        if source is not None and target is not None:
            longers.setdefault(source, []).append(target)
    moves, within = [], []
    for source, targets in longers.items():
        for target in targets:
            alone = articles.get(source.pk, set()) & articles.get(target.pk, set())
            for other in targets:
                if other != target:
                    alone -= articles.get(other.pk, set())
            if alone:
                moves.append((source, target))
                within.append(alone)
    if not moves:
        return 0
    with transaction.atomic(), batched_indexing():
        move_mentions(moves, within)
    return len(set().union(*within))


def in_slices(ids: list[int]) -> list[list[int]]:
    """`ids` in slices short enough for one IN list (SQLite limits a query's variables)."""
    return [ids[start : start + MOVE_BATCH_SIZE] for start in range(0, len(ids), MOVE_BATCH_SIZE)]


def undo_link(link: EntityLink) -> str:
    """A curator undoes an automatic link: it is kept as undone (never made again) and the
    articles that use the name are extracted again, so the name stands for itself once more."""
    from articles.store.enrichment import enrich_and_store  # it stores through this module

    with transaction.atomic():
        link.undone = True
        link.save(update_fields=["undone"])
    spelling = Q(title__icontains=link.name) | Q(body__icontains=link.name)
    spelling |= Q(subtitle__icontains=link.name)
    articles = Article.objects.filter(spelling)
    if link.target_id:
        articles = articles.filter(mentions__entity=link.target_id)
    articles = list(articles.distinct())
    enrich_and_store(articles)
    target = link.target.name if link.target else "no one"
    where = counted(len(articles), "article")
    return f"Undid the link from '{link.name}' to '{target}'; {where} extracted again"
