"""Reading raw input (scraped page text, HTML, feeds, bulk files) into clean articles.

Nothing here touches the database: `read_inputs` yields a `ParsedArticle` for every item it could
read and an `IngestProblem` for every one it could not, and the caller
(articles/store/importer.py) stores them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class ParsedArticle:
    """One article as read from the input, cleaned, before it is stored."""

    title: str
    body: str
    raw: str
    origin: str  # names the item in reports: "page.txt", "feed.xml entry 3", "bulk.jsonl line 12"
    subtitle: str = ""
    url: str = ""
    source: str = ""
    section: str = ""
    byline: str = ""
    dateline_place: str = ""
    published: dt.date | None = None
    date_precision: str = "unknown"  # day, month, year or unknown, as Article.Precision
    topics: list[str] = field(default_factory=list)  # topic names or qcodes the input gives
    external_id: str = ""


@dataclass
class IngestProblem:
    """An item that could not be read, and why, in words a user can act on."""

    origin: str  # names the item, as ParsedArticle.origin does
    reason: str  # what is wrong with it, in a few words: "empty file"

    @property
    def message(self) -> str:
        """The problem as a line that reads on its own in a report, naming the item first."""
        return f"{self.origin}: {self.reason}"


def read_inputs(paths, *, input_format=None, field_map=None, today=None, max_bytes=None):
    """Yield a ParsedArticle or an IngestProblem for every item found under `paths`.

    `max_bytes` overrides settings.NEWSDESK["MAX_IMPORT_BYTES"] (50 MB without Django settings).
    """
    from articles.ingest.readers import read_inputs as _read_inputs

    return _read_inputs(
        paths, input_format=input_format, field_map=field_map, today=today, max_bytes=max_bytes
    )
