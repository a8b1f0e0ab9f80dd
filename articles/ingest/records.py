"""Bulk records (a JSON object, a CSV row) as articles: which field holds what.

A field is found under its own name or a common alias, case-insensitively; `field_map`
(FIELD → COLUMN, from `--map FIELD=COLUMN`) names any other column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

from articles.ingest import IngestProblem, ParsedArticle
from articles.ingest.article import build_article
from articles.ingest.publication_dates import parse_date

# Each field and the column names it is looked up under, in order of preference.
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "body": ("body", "text", "content", "article", "article_text", "full_text"),
    "subtitle": ("subtitle", "standfirst", "dek", "description", "short_description", "summary"),
    "url": ("url", "link", "canonical_url"),
    "source": ("source", "publisher", "site_name", "outlet"),
    "section": ("section", "category"),
    "byline": ("byline", "author", "authors"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate", "date_published"),
    "topics": ("topics", "tags", "keywords", "subjects"),
    "id": ("id", "external_id", "guid", "uuid"),
}
# Names a user may give a field in `field_map`, besides the field's own.
FIELD_NAMES = {column: name for name, columns in FIELD_COLUMNS.items() for column in columns}


def check_field_map(field_map: Mapping[str, str]) -> dict[str, str]:
    """`field_map` keyed by canonical field names. Raises ValueError for a field that is unknown."""
    checked = {}
    for name, column in field_map.items():
        field_name = FIELD_NAMES.get(name.strip().lower())
        if field_name is None:
            fields = ", ".join(FIELD_COLUMNS)
            raise ValueError(f"--map {name}={column}: unknown field {name!r}; fields: {fields}")
        checked[field_name] = column.strip()
    return checked


def find_field(record: Mapping[str, object], name: str, field_map: Mapping[str, str]) -> object:
    """The value of field `name` in `record`, or None."""
    lowered = {str(key).strip().lower(): value for key, value in record.items()}
    columns = (field_map[name],) if name in field_map else FIELD_COLUMNS[name]
    for column in columns:
        value = lowered.get(column.lower())
        if not is_blank(value):
            return value
    return None


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str | list | dict | tuple):
        return not value or (isinstance(value, str) and not value.strip())
    return False


def as_text(value: object, joiner: str = " ") -> str:
    """A field value as text: names of objects, lists joined, numbers written out."""
    if is_blank(value):
        return ""
    if isinstance(value, Mapping):
        for key in ("name", "title", "value", "text", "@value"):
            if not is_blank(value.get(key)):
                return as_text(value[key], joiner)
        return ""
    if isinstance(value, list | tuple):
        return joiner.join(text for item in value if (text := as_text(item, joiner)))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def as_topics(value: object) -> list[str]:
    """Topics from a list, or from text separated by commas or semicolons."""
    if is_blank(value):
        return []
    if isinstance(value, list | tuple):
        items = [as_text(item) for item in value]
    else:
        items = re.split(r"\s*[;,|]\s*", as_text(value))
    return list(dict.fromkeys(item for item in items if item))


def article_from_record(
    record: Mapping[str, object],
    *,
    origin: str,
    raw: str,
    field_map: Mapping[str, str],
    today: dt.date,
) -> ParsedArticle | IngestProblem:
    def get(name: str) -> object:
        return find_field(record, name, field_map)

    title, body = as_text(get("title")), as_text(get("body"), joiner="\n\n")
    if not title and not body:
        return IngestProblem(origin, "no text (no title and no body)")
    stated = ParsedArticle(
        title=title,
        subtitle=as_text(get("subtitle")),
        url=as_text(get("url")),
        source=as_text(get("source")),
        section=as_text(get("section")),
        byline=as_text(get("byline"), joiner=", "),
        topics=as_topics(get("topics")),
        external_id=as_text(get("id")),
    ).date(parse_date(get("published")))
    return build_article(raw=raw, origin=origin, text=body, stated=stated, today=today)
