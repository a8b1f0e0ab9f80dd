"""The shape of a search document, and how an article becomes one.

Text fields are case-folded and stemmed with the Snowball English stemmer (Porter2, PyStemmer):
"shipping", "shipped" and "ships" all index as "ship". Whoosh's own Porter stemmer left doubled
consonants ("shipping" -> "shipp"), so a word and its inflections found different articles.
Title, standfirst, body and entity names are fields of their own, weighted at query time (query.py).
Each facet group has two fields: a KEYWORD of slugs, stored, for exact filters and facet counts, and
a TEXT of names and aliases for `person:kim` style queries. Every entity name and alias also goes
into `entities`, searched by default, so a query for an alias ("DPRK") finds articles where the
canonical entity was recognised.
"""

from django.db.models import Prefetch
from whoosh import fields
from whoosh.analysis import LowercaseFilter, PyStemmerFilter, RegexTokenizer

from articles.models import Article, ArticleTopic, Mention

FACET_GROUPS = ("person", "org", "place", "topic", "source")
# Groups where a selection of several values means "mentions all of them".
ALL_OF_GROUPS = ("person", "org", "place")
NAME_FIELDS = {group: f"{group}_name" for group in FACET_GROUPS}
TEXT_FIELDS = ("title", "standfirst", "body", "entities")
# What an index written by this code holds. Bump it whenever a change to the schema, the analyzer
# or `document_for` makes old documents index or match differently: an index of another version
# is refused when it opens (index.IndexOutdated) and must be rebuilt, never mixed with new writes.
#   1  Whoosh Porter stemmer; subtitle inside body; title and entities boosted at index time
#   2  Snowball English stemmer; standfirst a field of its own; weights at query time
SCHEMA_VERSION = 2


def text_analyzer():
    """Words, lowercased, stemmed: the same at index and query time (the schema carries it)."""
    return RegexTokenizer() | LowercaseFilter() | PyStemmerFilter("english", cachesize=50_000)


def build_schema() -> fields.Schema:
    analyzer = text_analyzer()
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, spelling=True),
        standfirst=fields.TEXT(analyzer=analyzer, spelling=True),
        body=fields.TEXT(analyzer=analyzer, spelling=True),
        entities=fields.TEXT(analyzer=analyzer),
        published=fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        indexed_version=fields.STORED(),
    )
    for group in FACET_GROUPS:
        schema.add(group, fields.KEYWORD(stored=True, commas=True, lowercase=False, scorable=False))
        schema.add(NAME_FIELDS[group], fields.TEXT(analyzer=analyzer))
    return schema


def date_number(value) -> int | None:
    """A date as the integer YYYYMMDD: ordered like dates, cheap to range over."""
    return value.year * 10000 + value.month * 100 + value.day if value else None


def indexed_version(article: Article) -> str:
    """What identifies the indexed state of an article, to tell stale documents apart."""
    return article.updated.isoformat() if article.updated else ""


def document_for(article: Article) -> dict:
    """The search document for an article whose mentions, topics and source are loaded.

    Use `articles_for_indexing()` to load them in a few queries for a whole batch.
    """
    groups = {group: {} for group in FACET_GROUPS}  # slug -> names
    entity_names = []
    for mention in article.mentions.all():
        entity = mention.entity
        names = [entity.name, *(alias.name for alias in entity.aliases.all())]
        groups[entity.kind][entity.slug] = names
        entity_names.extend(names)
    for link in article.article_topics.all():
        groups["topic"][link.topic.slug] = [link.topic.name]
    if article.source:
        groups["source"][article.source.slug] = [article.source.name]

    doc = {
        "id": str(article.pk),
        "title": article.title,
        "standfirst": article.subtitle,
        "body": article.body,
        "entities": "\n".join(entity_names),
        "indexed_version": indexed_version(article),
    }
    if article.published:
        doc["published"] = date_number(article.published)
    for group, values in groups.items():
        if values:
            doc[group] = ",".join(sorted(values))
            doc[NAME_FIELDS[group]] = "\n".join(name for names in values.values() for name in names)
    return doc


def articles_for_indexing(queryset):
    """The articles of `queryset` with everything `document_for` reads, in four queries.

    Entities and topics are joined, not prefetched: Django prefetches a foreign key of many rows
    as `id = 1 OR id = 2 ...`, which SQLite refuses past ~1000 distinct values in one batch.
    """
    mentions = Mention.objects.select_related("entity").prefetch_related("entity__aliases")
    topics = ArticleTopic.objects.select_related("topic")
    return queryset.select_related("source").prefetch_related(
        Prefetch("mentions", queryset=mentions), Prefetch("article_topics", queryset=topics)
    )
