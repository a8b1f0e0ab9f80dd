"""The news collection: sources, articles, the entities and topics they mention.

The database is the source of truth; the Whoosh index (articles/search/) follows it. Whatever a
curator decides by hand is recorded as curated, so automatic passes (re-import, re-extraction) never
overwrite it.
"""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model], text: str, max_length: int = 200, exclude=frozenset()
) -> str:
    """A slug for `text` that no row of `model` uses yet ("kim-jong-un", "kim-jong-un-2").

    `exclude` holds slugs taken by rows about to be created alongside this one.
    """
    base = (slugify(text, allow_unicode=False) or "item")[: max_length - 8]
    slug, n = base, 1
    while slug in exclude or model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Source(models.Model):
    """A publisher or agency: "UPI", "The Korea Times".

    Articles find their source by their URL's domain (`domains`), else by the name their input
    states (the name or one of `aliases`). A source created from a domain alone has a name made
    from it (`name_from_domain`) until the markup of one of its pages names the outlet.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(blank=True)
    name_from_domain = models.BooleanField(
        default=False, help_text="Named after its domain; the first site name a page states wins."
    )
    furniture_learned_from = models.PositiveIntegerField(
        default=0, help_text="Articles its furniture was last learned from."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name)
        super().save(*args, **kwargs)


class SourceDomain(models.Model):
    """A domain whose pages are the source's: "dw.com" (its subdomains too)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True, help_text='As "dw.com", no "www."')

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().removeprefix("www.")
        super().save(*args, **kwargs)


class SourceAlias(models.Model):
    """Another name the input gives the source ("Deutsche Welle" for DW)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "source aliases"

    def __str__(self) -> str:
        return self.name


class FurniturePattern(models.Model):
    """A line, sentence or closing block that is furniture in the source's articles.

    Learned ones come from what recurs across the source's articles (ingest/boilerplate.py) and
    are learned again as the articles grow; a curator may switch one off (learning keeps it off)
    or add one (learning never removes it).
    """

    class Kind(models.TextChoices):
        LINE = "line", "Whole line"
        SENTENCE = "sentence", "Sentence"
        TRAILING = "trailing", "Closing sentences"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="furniture")
    text = models.TextField()
    key = models.TextField(
        editable=False, help_text="The text as compared: case and spacing aside."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SENTENCE)
    enabled = models.BooleanField(default=True)
    learned = models.BooleanField(default=False, help_text="Found by learning, not added by hand.")
    article_count = models.PositiveIntegerField(default=0, help_text="Articles it was found in.")
    share = models.FloatField(default=0.0, help_text="Of the source's articles, when learned.")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-article_count", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "key"], name="unique_furniture_pattern"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        from articles.ingest.boilerplate import unit_key

        self.key = unit_key(self.text)
        super().save(*args, **kwargs)


class Topic(models.Model):
    """An IPTC Media Topic. The 17 top-level subjects come from a data migration."""

    qcode = models.CharField(
        max_length=40, unique=True, help_text='IPTC code, e.g. "medtop:16000000".'
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EntityManager(models.Manager):
    def mention_summary(self, entity: "Entity") -> dict:
        """What the entity's page shows of the published articles that mention it: how many, per
        month, the last date, the latest ten, and the names most often mentioned alongside."""
        articles = Article.objects.filter(mentions__entity=entity, status=Article.Status.PUBLISHED)
        timeline = list(
            articles.exclude(published=None)
            .annotate(month=models.functions.TruncMonth("published"))
            .values("month")
            .annotate(count=models.Count("id"))
            .order_by("month")
        )
        co_mentioned = (
            Mention.objects.filter(article__in=articles)
            .exclude(entity=entity)
            .values("entity__slug", "entity__name", "entity__kind")
            .annotate(count=models.Count("article", distinct=True))
            .order_by("-count", "entity__name")[:15]
        )
        return {
            "article_count": articles.count(),
            "timeline": timeline,
            "timeline_max": max([row["count"] for row in timeline] or [1]),
            "co_mentioned": co_mentioned,
            "latest": articles.select_related("source").order_by("-published", "-id")[:10],
            "last_mention": articles.aggregate(last=models.Max("published"))["last"],
        }


class Entity(models.Model):
    """A person, organisation or place: one facet value, whatever spelling an article uses."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORG = "org", "Organisation"
        PLACE = "place", "Place"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, db_index=True)
    slug = models.SlugField(max_length=200, unique=True)
    curated = models.BooleanField(
        default=False, help_text="Edited by a curator: automatic passes keep its name and kind."
    )

    objects = EntityManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="unique_entity_name_kind")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Entity, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:entity", args=[self.slug])

    @classmethod
    def moved_from(cls, slug: str) -> "Entity | None":
        """The entity an old or alias URL stands for: merged away under `slug`, or known by an
        alias whose name makes `slug` (the oldest alias wins when two entities share one)."""
        redirect = EntityRedirect.objects.select_related("entity").filter(slug=slug).first()
        if redirect:
            return redirect.entity
        alias = Alias.objects.select_related("entity").filter(slug=slug).order_by("pk").first()
        return alias.entity if alias else None


class Alias(models.Model):
    """Another spelling of an entity ("DPRK" for North Korea). Extraction maps it to the entity."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, editable=False, help_text="The name as a URL: /entities/dprk/ redirects."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="unique_alias")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)


class EntityRedirect(models.Model):
    """The slug of an entity merged away, kept so that its old URL leads to the one it became."""

    slug = models.SlugField(max_length=200, unique=True)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self) -> str:
        return f"{self.slug} -> {self.entity.slug}"


class BlockedName(models.Model):
    """A name that is never an entity ("He", "Back to top"): extraction skips it."""

    name = models.CharField(max_length=200, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        HIDDEN = "hidden", "Hidden"
        DUPLICATE = "duplicate", "Duplicate"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"
        UNKNOWN = "unknown", "Unknown"

    # The article as read from its input: its text, and what the input says about it. The importer
    # copies these from ingest's ParsedArticle (same names), the admin shows them in this order.
    TEXT_FIELDS = ("title", "subtitle", "body")
    METADATA_FIELDS = (
        "url",
        "source",
        "section",
        "byline",
        "dateline_place",
        "published",
        "date_precision",
    )
    # Fields a curator may edit; an edited one is listed in `curated_fields` and kept on re-import.
    CURATABLE_FIELDS = (*TEXT_FIELDS, *METADATA_FIELDS, "status")

    title = models.CharField(max_length=500)
    subtitle = models.TextField(blank=True, help_text="Standfirst.")
    body = models.TextField()
    raw = models.TextField(blank=True, help_text="The input exactly as received, before cleaning.")
    read_body = models.TextField(
        blank=True,
        help_text="The body as read, before the source's learned furniture was taken out of it.",
    )
    url = models.URLField(max_length=2000, blank=True, db_index=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    section = models.CharField(max_length=200, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    dateline_place = models.CharField(max_length=200, blank=True)
    external_id = models.CharField(
        max_length=500,
        blank=True,
        db_index=True,
        help_text="The input's own id (feed entry id, bulk record id): with the source, what a "
        "re-import of the same item is matched by first.",
    )
    published = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="First day of the month or year when the precision is lower than a day.",
    )
    date_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.UNKNOWN
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    content_hash = models.CharField(
        max_length=64, db_index=True, help_text="SHA-256 of the normalised text, for re-import."
    )
    curated_fields = models.JSONField(default=list, blank=True)
    mentioned_dates = models.JSONField(
        default=list, blank=True, help_text="Dates the text mentions, resolved against publication."
    )
    entities = models.ManyToManyField(Entity, through="Mention", related_name="articles")
    topics = models.ManyToManyField(Topic, through="ArticleTopic", related_name="articles")
    needs_indexing = models.BooleanField(
        default=True, db_index=True, help_text="Saved but not yet written to the search index."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published", "-id"]
        # One article per address and per text, whatever writes it: two importers running at once
        # each checked before either had stored (store/importer.py re-reads on a clash). Text
        # input has no URL, and rows made by hand may have no hash: only non-empty values count.
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="unique_article_url"
            ),
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~models.Q(content_hash=""),
                name="unique_article_text",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.needs_indexing = True
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "needs_indexing", "updated"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:article", args=[self.pk])

    @property
    def text(self) -> str:
        """Standfirst and body, as enrichment and search read them."""
        return "\n\n".join(part for part in (self.subtitle, self.body) if part)

    @property
    def is_searchable(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Mention(models.Model):
    """An entity mentioned in an article, `count` times."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    curated = models.BooleanField(
        default=False, help_text="Added by a curator: re-extraction keeps it."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="unique_mention")]

    def __str__(self) -> str:
        return f"{self.entity.name} in #{self.article_id}"


class ArticleTopic(models.Model):
    """A topic of an article, assigned automatically (with a confidence) or by a curator."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_topics")
    confidence = models.FloatField(null=True, blank=True)
    curated = models.BooleanField(
        default=False, help_text="Set by a curator: automatic passes keep it."
    )

    class Meta:
        verbose_name = "article topic"
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="unique_article_topic")
        ]

    def __str__(self) -> str:
        return f"{self.topic.name} for #{self.article_id}"


class SuppressedLink(models.Model):
    """A mention or topic a curator removed from an article: re-extraction must not bring it back.

    Exactly one of `entity` and `topic` is set. A curator adding the link again lifts it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suppressed_links")
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.CASCADE, related_name="suppressed_links"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="suppressed_links"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entity__isnull=True) ^ models.Q(topic__isnull=True),
                name="suppressed_entity_xor_topic",
            ),
            models.UniqueConstraint(
                fields=["article", "entity"],
                condition=models.Q(entity__isnull=False),
                name="unique_suppressed_entity",
            ),
            models.UniqueConstraint(
                fields=["article", "topic"],
                condition=models.Q(topic__isnull=False),
                name="unique_suppressed_topic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity or self.topic} removed from #{self.article_id}"


class ArticleBand(models.Model):
    """One MinHash band key of an article's body, to find near-identical copies (duplicates.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="band_keys")
    key = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} for #{self.article_id}"


class EntityLink(models.Model):
    """A name extraction sends to another entity because the collection says so: a lone surname
    to the full name, an acronym to what articles introduced it as, a body's name in another
    word order. Made automatically (store/entity_links.py); curators undo one, and an undone link is
    never made again. A link without a target is a name several people share: not shown."""

    class Reason(models.TextChoices):
        SURNAME = "surname", "Surname"
        FIRST_NAME = "first name", "First name"
        ACRONYM = "acronym", "Acronym"
        WORD_ORDER = "word order", "Word order"
        TITLE = "title", "Title before a name"
        KIND = "kind", "Another spelling or kind"
        AMBIGUOUS = "ambiguous", "Shared by several people"
        NESTED = "nested", "Part of a longer name"
        EVENT = "event", "Part of an event's or law's name"
        DAMAGED = "damaged", "Written with a lost letter"
        POLICY = "policy", "A policy's or scheme's name"
        WORK = "work", "A programme's or title's name"
        DESIGNATOR = "designator", "With a word for its sort of body"
        COMMON_WORD = "common word", "A common word capitalised where sentences open"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Entity.Kind.choices)
    target = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.CASCADE, related_name="linked_names"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    undone = models.BooleanField(
        default=False,
        help_text="Undone by a curator: extraction ignores it and it is not made again.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="unique_entity_link")]

    def __str__(self) -> str:
        target = self.target.name if self.target else "no one (ambiguous)"
        return f"{self.name} ({self.get_kind_display()}) -> {target}"


class AcronymIntroduction(models.Model):
    """An article introduced `acronym` as `expansion` ("European Union (EU)"): the evidence
    that links the acronym to the expansion across the collection. Replaced on re-extraction."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="acronym_introductions"
    )
    acronym = models.CharField(max_length=20, db_index=True)
    expansion = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Entity.Kind.choices)

    def __str__(self) -> str:
        return f"{self.expansion} ({self.acronym}) in #{self.article_id}"


class NameUse(models.Model):
    """An article used `name` as no person, body or place, or as a person's where the model read
    a body or a place (see enrich.NameUse): the evidence that tells the collection what the
    bare name counts as. Replaced on re-extraction."""

    class Use(models.TextChoices):
        EVENT = "event", "In an event's, law's or holiday's name"
        PERIOD = "period", 'As a time ("after Brexit", "post-Brexit")'
        DAMAGED = "damaged", "Written with a letter lost in encoding"
        POLICY = "policy", 'Before a policy\'s word ("the RHI scheme")'
        WORK = "work", "After a body's possessive (\"RTÉ's Morning Ireland\")"
        TITLE = "title", 'After a work\'s noun ("the film Vera Drake")'
        LEADER = "leader", 'Before what a person leads ("the Biden administration")'
        LAW = "law", "Introduced as a law's or a treaty's acronym (\"... Agreement (NAFTA)\")"
        OPENING = "opening", 'Capitalised only where a sentence opens ("Hours earlier, ...")'

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="name_uses")
    name = models.CharField(max_length=200, db_index=True)
    use = models.CharField(max_length=10, choices=Use.choices)

    def __str__(self) -> str:
        return f"{self.name} ({self.get_use_display()}) in #{self.article_id}"


from articles.api.models import ApiToken  # noqa: E402, F401
from articles.jobs.models import Job, JobUpload  # noqa: E402, F401 - the app's models live here too
from articles.monitoring.models import AlertHit, SavedSearch, SearchHistory  # noqa: E402, F401
