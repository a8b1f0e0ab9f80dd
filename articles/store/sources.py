"""Which Source an article is from: by its URL's domain, else by the name its input states.

The registry is the curated Source table with its domains and aliases. An article with a URL
always gets a source: a domain the registry does not know yet becomes a source of its own,
named by the site name the input states (og:site_name, JSON-LD publisher, a feed's title, a
bulk file's source column) or, failing that, after the domain ("dw.com" → "DW"), or as its own
articles write the name the domain runs together ("Al Jazeera" for aljazeera.com). A source named
so takes the first site name a later page of it states, unless a curator named it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from articles.ingest.outlets import domain_hosts, domain_name, name_in_texts, outlet_domain
from articles.models import Article, Source, SourceAlias, SourceDomain
from articles.store.index_queue import schedule_reindex

NAME_LENGTH = Source._meta.get_field("name").max_length
NAME_SAMPLE = 300  # articles read for how an outlet writes its name: plenty for a name it uses


class SourceRegistry:
    """Sources by domain and by name, read once per import and kept up to date as it adds some."""

    def __init__(self):
        self.by_domain = {row.domain: row.source for row in SourceDomain.objects.select_related()}
        self.by_name = {source.name.casefold(): source for source in Source.objects.all()}
        for alias in SourceAlias.objects.select_related("source"):
            self.by_name.setdefault(alias.name.casefold(), alias.source)

    def source_for(self, url: str, name: str) -> Source | None:
        """The source of an article at `url` whose input names `name` (either may be blank)."""
        name = " ".join(name.split())[:NAME_LENGTH]
        domain = outlet_domain(url)
        if not domain:
            return self.named(name) if name else None
        for host in domain_hosts(url):
            if host in self.by_domain:
                return self.renamed(self.by_domain[host], name)
        source = self.named(name) if name else None
        if source is None:
            source = self.named(domain_name(domain)[:NAME_LENGTH], from_domain=True)
        self.by_domain[domain] = source
        SourceDomain.objects.get_or_create(domain=domain, defaults={"source": source})
        return source

    def named(self, name: str, from_domain: bool = False) -> Source:
        key = name.casefold()
        if key not in self.by_name:
            source = Source.objects.filter(name__iexact=name).first()
            self.by_name[key] = source or create_source(name, from_domain)
        return self.by_name[key]

    def renamed(self, source: Source, name: str) -> Source:
        """`source`, named `name` now if it only had its domain's name and no source has `name`."""
        if not name or not source.name_from_domain or name.casefold() == source.name.casefold():
            return source
        if self.by_name.get(name.casefold()) or Source.objects.filter(name__iexact=name).exists():
            return source
        self.by_name.pop(source.name.casefold(), None)
        rename_source(source, name, from_domain=False)
        self.by_name[name.casefold()] = source
        return source


def create_source(name: str, from_domain: bool) -> Source:
    """A new source, or the one another importer created with that name a moment ago: two imports
    of one outlet at once on PostgreSQL race for the name (its unique constraint decides)."""
    try:
        with transaction.atomic():
            return Source.objects.create(name=name, name_from_domain=from_domain)
    except IntegrityError:
        return Source.objects.get(name=name)


def rename_source(source: Source, name: str, *, from_domain: bool) -> None:
    source.name, source.name_from_domain = name, from_domain
    source.save(update_fields=["name", "name_from_domain"])
    schedule_reindex(source.articles.values_list("pk", flat=True))  # documents hold the name


def name_sources_from_articles(sources: list[Source]) -> None:
    """Give each source still named after its domain the name its articles write it with."""
    for source in sources:
        domain = source.domains.values_list("domain", flat=True).first()
        if not source.name_from_domain or not domain:
            continue
        rows = Article.objects.filter(source=source).values_list("title", "read_body", "body")
        texts = (f"{title}\n{read_body or body}" for title, read_body, body in rows[:NAME_SAMPLE])
        name = name_in_texts(domain, texts)[:NAME_LENGTH]
        taken = Source.objects.filter(name__iexact=name).exclude(pk=source.pk).exists()
        if name and name != source.name and not taken:
            rename_source(source, name, from_domain=True)
