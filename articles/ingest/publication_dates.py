"""Publication dates as the input gives them, with an honest precision.

A date is never completed by invention: "2024-05" is May 2024 with precision "month", and a month
and day without a year get a year only from a weekday the text gives for them ("May 15 ... reported
Wednesday": the latest year, not after today, in which May 15 was a Wednesday). Without such a cue
the publication date stays unknown (None, precision "unknown"): the model cannot hold a month and
day without a year, and any year would be a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from dateutil import parser as dateutil_parser

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
MONTH_DAY = (
    rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH})"
)
# Dates as they appear on a line of their own in a page header: "May 15, 2024", "15 May 2024",
# "2024-05-15", "15/05/2024", "May 2024".
# A year may have the time glued on in a scrape: "May 18, 20245:25 AM".
YEAR_END = r"(?:\b|(?=\d{1,2}:\d{2}))"
DATE_IN_TEXT = re.compile(
    rf"\b(?:{MONTH_DAY},?\s+\d{{4}}{YEAR_END}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ][\d:.]+(?:Z|[+-]\d{{2}}:?\d{{2}})?)?\b"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}\b|{MONTH}\s+\d{{4}}\b)",
    re.IGNORECASE,
)
# What may surround a date on a date line: labels, weekdays, times and time zones.
DATE_LINE_NOISE = re.compile(
    rf"\b(?:published|posted|updated|last\s+updated|first\s+published|modified|date|on|at|"
    rf"{WEEKDAY}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)|\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?|[ap]\.?m\.?|[A-Z]{{2,4}}T|UTC|GMT|KST|IST|"
    rf"[+-]\d{{2}}:?\d{{2}})\b|[\s,.:|·•()\-–—/]+",
    re.IGNORECASE,
)
YEAR_RANGE = range(1800, 2200)


@dataclass(frozen=True)
class PublicationDate:
    date: dt.date
    precision: str  # day, month or year


def parse_date(value: object) -> PublicationDate | None:
    """A date with its precision from metadata: ISO ("2024", "2024-05", "2024-05-15T09:00Z"),
    RFC 2822, "May 15, 2024", "15 May 2024", "May 2024", a Unix timestamp; None when unsure.

    Precision follows what is written: a missing day lowers it to "month", a missing month to
    "year".
    A date without a year is not a publication date and gives None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return PublicationDate(value.date(), "day")
    if isinstance(value, dt.date):
        return PublicationDate(value, "day")
    if isinstance(value, int | float):
        return parse_timestamp(value)
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return parse_timestamp(float(text))
    if match := re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", text):
        year, month = int(match[1]), match[2]
        if year not in YEAR_RANGE or (month and not 1 <= int(month) <= 12):
            return None
        if month:
            return PublicationDate(dt.date(year, int(month), 1), "month")
        return PublicationDate(dt.date(year, 1, 1), "year")
    if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", text):
        try:
            return PublicationDate(dt.date.fromisoformat(match[1]), "day")
        except ValueError:
            return None
    if parsed := email.utils.parsedate_tz(text):
        try:
            return PublicationDate(dt.date(*parsed[:3]), "day")
        except ValueError:
            pass
    return parse_free_date(text)


def parse_timestamp(value: float) -> PublicationDate | None:
    if value > 1e11:  # milliseconds, as JavaScript writes them
        value /= 1000
    try:
        return PublicationDate(dt.datetime.fromtimestamp(value, dt.UTC).date(), "day")
    except (OverflowError, OSError, ValueError):
        return None


def parse_free_date(text: str) -> PublicationDate | None:
    """A written date, parsed twice with different defaults to see which parts it really gives."""
    day_first = (
        bool(re.match(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}", text))
        and int(re.split(r"[/.]", text)[0]) > 12
    )
    results = []
    for default in (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2)):
        try:
            results.append(dateutil_parser.parse(text, default=default, dayfirst=day_first))
        except (ValueError, OverflowError, TypeError):
            return None
    first, second = results
    if first.year != second.year or first.year not in YEAR_RANGE:
        return None
    if first.month != second.month:
        return PublicationDate(dt.date(first.year, 1, 1), "year")
    if first.day != second.day:
        return PublicationDate(dt.date(first.year, first.month, 1), "month")
    return PublicationDate(first.date(), "day")


def parse_month_day(text: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) from "May 15", "15 May", "Sept. 3, 2023"."""
    results = []
    for default in (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2)):
        try:
            results.append(dateutil_parser.parse(text.replace(".", " "), default=default))
        except (ValueError, OverflowError):
            return None
    first, second = results
    if first.month != second.month or first.day != second.day:
        return None
    year = first.year if first.year == second.year else None
    return first.month, first.day, year


def find_date_line(line: str) -> PublicationDate | None:
    """The date when `line` is only a date and its labels: "Updated: Wed, May 15, 2024 9:41 AM"."""
    if len(line) > 90:
        return None
    match = DATE_IN_TEXT.search(line)
    if not match:
        return None
    # "Published : May 15, 2024 - 10:00 Updated : May 16, 2024" is a date line too.
    rest = DATE_IN_TEXT.sub(" ", line[: match.start()] + " " + line[match.end() :])
    if DATE_LINE_NOISE.sub("", rest):
        return None
    return parse_date(match.group())


def find_header_date(line: str) -> PublicationDate | None:
    """The date of a short line in a page header that is mostly a date, however glued:
    "May 18, 20245:25 AM GMT+9Updated 6 months ago"."""
    if found := find_date_line(line):
        return found
    match = DATE_IN_TEXT.search(line)
    if not match or len(line) > 100 or len(line.split()) > 12 or line.endswith("."):
        return None
    return parse_date(match.group())


def weekday_cue(month: int, day: int, text: str) -> int | None:
    """The weekday (0 = Monday) the text gives for the date, or None.

    Either the text pairs them ("Wednesday, May 15", "May 15 (Wednesday)"), or the lede says when
    something was reported, as news copy does on the day: "state media reported Wednesday", or,
    failing both, the lede's first sentence names the day its news happened: wire copy datelined
    "March 3" writes "Oil prices fell on Monday" about that same day.
    """
    month_name = calendar.month_name[month]
    month_pattern = rf"{month_name[:3]}[a-z]*\.?"
    paired = re.search(
        rf"\b({WEEKDAY}),?\s+(?:{month_pattern}\s+{day}\b|{day}\s+{month_pattern})"
        rf"|\b(?:{month_pattern}\s+{day}|{day}\s+{month_pattern})\b,?\s+\(?({WEEKDAY})\b",
        text,
    )
    if paired:
        return WEEKDAYS[(paired[1] or paired[2]).lower()]
    lede = text.split("\n\n")[0] if "\n\n" in text else text[:1000]
    verbs = (
        r"(?:said|says|reported|reports|announced|told|stated|confirmed|warned|added|declared"
        r"|disclosed|revealed)"
    )
    reported = re.search(
        rf"\b{verbs}\b[^.;]{{0,40}}?\b({WEEKDAY})\b|\b({WEEKDAY})\s+(?:\w+\s+){{0,2}}?{verbs}\b",
        lede,
    )
    if reported:
        return WEEKDAYS[(reported[1] or reported[2]).lower()]
    first_sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", lede, maxsplit=1)[0]
    on_day = re.search(rf"\bon\s+({WEEKDAY})\b", first_sentence)
    if on_day:
        return WEEKDAYS[on_day[1].lower()]
    return None


def infer_year(month: int, day: int, weekday: int, today: dt.date) -> int | None:
    """The latest year, not after `today`, in which month/day fell on `weekday`."""
    for year in range(today.year, today.year - 40, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= today and candidate.weekday() == weekday:
            return year
    return None


def date_from_month_day(
    month: int, day: int, year: int | None, text: str, today: dt.date
) -> PublicationDate | None:
    """A dateline's date: its own year, else the year its weekday cue gives, else None."""
    if year is None:
        weekday = weekday_cue(month, day, text)
        year = infer_year(month, day, weekday, today) if weekday is not None else None
    if year is None:
        return None
    try:
        return PublicationDate(dt.date(year, month, day), "day")
    except ValueError:
        return None
