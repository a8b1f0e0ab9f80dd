"""Reading raw input (scraped page text, HTML, feeds, bulk files) into clean articles.

Nothing here touches the database: `read_inputs` yields a `ParsedArticle` for every item it could
read and an `IngestProblem` for every one it could not, and the caller
(articles/store/importer.py) stores them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from articles.ingest.publication_dates import PublicationDate


@dataclass
class ParsedArticle:
    """One article as read from the input, cleaned, before it is stored; its fields are named as
    Article's. Readers also use it for what one part of the input states (a page's markup, a feed
    entry, a bulk row, the page text's own header) before the parts are put together."""

    title: str = ""
    body: str = ""
    raw: str = ""
    origin: str = (
        ""  # names the item in reports: "page.txt", "feed.xml entry 3", "bulk.jsonl line 12"
    )
    subtitle: str = ""
    url: str = ""
    source: str = ""
    section: str = ""
    byline: str = ""
    dateline_place: str = ""
    published: dt.date | None = None
    date_precision: str = "unknown"  # day, month, year or unknown, as Article.Precision
    topics: list[str] = field(default_factory=list)  # topic names or qcodes the input gives
    external_id: str = ""  # the input's own id for the item: feed entry id, bulk record id

    def date(self, found: PublicationDate | None) -> ParsedArticle:
        """Take the date and precision of `found` (None leaves them as they are); returns self."""
        if found is not None:
            self.published, self.date_precision = found.date, found.precision
        return self


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
