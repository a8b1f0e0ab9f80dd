"""Dates an article mentions, resolved against its publication date.

Rules (each has a test in articles/tests/test_dates.py):

- Full dates ("15 May 2024", "May 15, 2024", "Tuesday, May 14, 2024", "2024-05-15"): day.
- A month and year ("March 2023", "late July 2023"): month.
- A day and month without year ("May 15", "15 May"): the latest such day that is not more than
  FUTURE_DAYS after publication (so "Dec 28" in early January is last year's, "May 20" in a
  May 15 article is five days ahead): day.
- A month alone, after a cue ("in March", "since March", "late July", "mid-July"): that month
  of the publication year if it has begun by publication, else of the year before; "last March"
  is the latest March before the publication month, "next March" the first after it: month.
- A weekday ("Tuesday"): the latest such day on or before publication; "last Tuesday" the one
  one to seven days before, "next Tuesday" one to seven days after, "this Tuesday" the one in the
  week (Monday to Sunday) of publication: day.
- "today", "tonight", "yesterday", "tomorrow", "N days ago": day.
- Weeks have no precision of their own: "last week", "this week", "next week", "N weeks ago"
  give the month that holds the day a week before, of or after publication: month.
- "last month", "this month", "next month", "N months ago": month.
- "last year", "this year", "next year", "N years ago", a year alone ("in 2019"): year.
- A decade ("the 1970s", "the mid-1990s"): its first year, at year precision; the text says it is
  a decade.

Every date is the first day of its period (as Article.published). Without a publication date,
only what the text states in full (dates with a year, months with a year, years, decades) is
kept; relative expressions are skipped, never guessed. Numeric dates such as 05/06/2024 are
ignored: day and month order cannot be told apart. The same date at the same precision is kept
once, with the text where it first appears; results are in text order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateutil.relativedelta import relativedelta

from articles.enrich import MentionedDate

FUTURE_DAYS = 60  # a day without a year may be at most this far after publication

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
FULL_MONTH = r"(?P<month>" + "|".join(m for m in MONTHS if len(m) > 3 or m == "May") + r")\b"
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
# "Good Friday" or "Super Tuesday" name events, not the day of the week before publication.
WEEKDAY = r"(?<!Good )(?<!Black )(?<!Super )(?<!Ash )(?<!Cyber )(?P<weekday>{})\b".format(
    "|".join(WEEKDAYS)
)
OPTIONAL_WEEKDAY = r"(?:(?:" + "|".join(WEEKDAYS) + r"),?\s+)?"
PART = r"(?:(?i:early|mid|late|the end of|the start of|the beginning of|end of)[\s-]+)?"
# Words after a four-digit number that make it a count, not a year ("2000 people").
COUNT_AFTER = (
    r"(?!\s*(?:%|per ?cent|people|troops|soldiers|workers|jobs|homes|cases|deaths|units|km|miles"
    r"|metres|meters|feet|kg|tonnes|tons|votes|points|members|square|times)\b)"
)

Resolver = Callable[[re.Match, dt.date | None], tuple[dt.date, str] | None]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def resolve_full(match: re.Match, published: dt.date | None) -> tuple[dt.date, str] | None:
    month = int(match["month"]) if match["month"].isdigit() else MONTHS[match["month"]]
    return dt.date(int(match["year"]), month, int(match["day"])), "day"


def resolve_month_year(match: re.Match, published: dt.date | None) -> tuple[dt.date, str]:
    return dt.date(int(match["year"]), MONTHS[match["month"]], 1), "month"


def resolve_day_month(match: re.Match, published: dt.date | None) -> tuple[dt.date, str] | None:
    if published is None:
        return None
    month, day = MONTHS[match["month"]], int(match["day"])
    latest = published + dt.timedelta(days=FUTURE_DAYS)
    for year in (published.year + 1, published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # February 29 outside a leap year, or April 31
            continue
        if candidate <= latest:
            return candidate, "day"
    return None


def resolve_month(match: re.Match, published: dt.date | None) -> tuple[dt.date, str] | None:
    if published is None:
        return None
    month, cue = MONTHS[match["month"]], (match["cue"] or "").lower()
    year = published.year
    if cue == "next":
        year += month <= published.month
    elif cue == "last":
        year -= month >= published.month
    elif month > published.month:
        year -= 1
    return dt.date(year, month, 1), "month"


def resolve_weekday(match: re.Match, published: dt.date | None) -> tuple[dt.date, str] | None:
    if published is None:
        return None
    weekday, cue = WEEKDAYS.index(match["weekday"]), (match["cue"] or "").lower()
    back = (published.weekday() - weekday) % 7  # 0 to 6 days before publication
    if cue == "last":
        back = back or 7
    elif cue == "next":
        back = -((weekday - published.weekday()) % 7 or 7)
    elif cue == "this":
        back = published.weekday() - weekday
    return published - dt.timedelta(days=back), "day"


def resolve_relative_day(match: re.Match, published: dt.date | None) -> tuple[dt.date, str] | None:
    if published is None:
        return None
    offsets = {"yesterday": -1, "tomorrow": 1}
    return published + dt.timedelta(days=offsets.get(match["word"].lower(), 0)), "day"


def shift(published: dt.date, unit: str, amount: int) -> tuple[dt.date, str]:
    """The period `amount` units from publication, as (first day, precision)."""
    if unit == "day":
        return published + dt.timedelta(days=amount), "day"
    if unit == "week":
        return month_start(published + dt.timedelta(weeks=amount)), "month"
    if unit == "month":
        return month_start(published + relativedelta(months=amount)), "month"
    return dt.date(published.year + amount, 1, 1), "year"


def resolve_this_last_next(
    match: re.Match, published: dt.date | None
) -> tuple[dt.date, str] | None:
    if published is None:
        return None
    amount = {"last": -1, "this": 0, "next": 1}[match["cue"].lower()]
    return shift(published, match["unit"].lower(), amount)


def resolve_ago(match: re.Match, published: dt.date | None) -> tuple[dt.date, str] | None:
    if published is None:
        return None
    count = match["count"].lower()
    amount = int(count) if count.isdigit() else NUMBERS[count]
    return shift(published, match["unit"].lower(), -amount)


def resolve_year(match: re.Match, published: dt.date | None) -> tuple[dt.date, str]:
    return dt.date(int(match["year"]), 1, 1), "year"


CUE = r"(?i:in|since|until|till|by|from|during|through|throughout|before|after|of|on)\s+"
MODIFIER = r"(?=(?i:early|mid|late|the end|end|the start|the beginning|last|next|this))"
LAST_NEXT_THIS = r"(?:(?P<cue>(?i:last|next|this))\s+)?"
COUNT = r"(?P<count>\d{1,2}|" + "|".join(NUMBERS) + ")"

# A rule runs only on texts where its hint occurs: most texts name no month, weekday or "ago",
# and one quick search is cheaper than a full rule that finds nothing.
MONTH_HINT = r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
WEEKDAY_HINT = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"

RULES: list[tuple[str, Resolver, int, str]] = [
    (r"\b(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-" + DAY, resolve_full, 0, r"\d-\d"),
    (
        r"\b" + OPTIONAL_WEEKDAY + DAY + r"(?:\s+of)?\s+" + MONTH + r",?\s+" + YEAR,
        resolve_full,
        0,
        MONTH_HINT,
    ),
    (
        r"\b" + OPTIONAL_WEEKDAY + MONTH + r"\s+" + DAY + r",?\s+" + YEAR,
        resolve_full,
        0,
        MONTH_HINT,
    ),
    (r"\b" + PART + FULL_MONTH + r",?\s+(?:of\s+)?" + YEAR, resolve_month_year, 0, MONTH_HINT),
    (r"\b" + OPTIONAL_WEEKDAY + DAY + r"(?:\s+of)?\s+" + MONTH, resolve_day_month, 0, MONTH_HINT),
    (r"\b" + OPTIONAL_WEEKDAY + MONTH + r"\s+" + DAY, resolve_day_month, 0, MONTH_HINT),
    (
        r"\b(?:" + CUE + "|" + MODIFIER + ")(?P<expr>" + LAST_NEXT_THIS + PART + FULL_MONTH + ")",
        resolve_month,
        0,
        MONTH_HINT,
    ),
    (r"\b(?:on\s+)?(?P<expr>" + LAST_NEXT_THIS + WEEKDAY + ")", resolve_weekday, 0, WEEKDAY_HINT),
    (
        r"\b(?P<word>today|tonight|yesterday|tomorrow)\b",
        resolve_relative_day,
        re.I,
        r"(?i)to(?:day|night|morrow)|yesterday",
    ),
    (
        r"\b(?P<cue>last|this|next)\s+(?P<unit>week|month|year)\b",
        resolve_this_last_next,
        re.I,
        r"(?i)(?:week|month|year)\b",
    ),
    (
        r"\b" + COUNT + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b",
        resolve_ago,
        re.I,
        r"(?i)\bago\b",
    ),
    (
        r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<year>1[89]\d0|20\d0)s\b",
        resolve_year,
        0,
        r"\d0s\b",
    ),
    (
        r"(?<![\d$£€.,/#])(?<!\d-)\b" + YEAR + r"(?!\w)(?![.,]\d)" + COUNT_AFTER,
        resolve_year,
        0,
        r"[12]\d\d\d",
    ),
]
PATTERNS = [
    (re.compile(pattern, flags), resolve, re.compile(hint))
    for pattern, resolve, flags, hint in RULES
]


def extract_dates(text: str, published: dt.date | None) -> list[MentionedDate]:
    """The dates `text` mentions, in order of appearance, one per date and precision."""
    if isinstance(published, dt.datetime):
        published = published.date()
    found = []
    for pattern, resolve, hint in PATTERNS:
        if not hint.search(text):
            continue
        group = "expr" if "expr" in pattern.groupindex else 0
        for match in pattern.finditer(text):
            try:
                resolved = resolve(match, published)
            except ValueError:
                # A date that does not exist ("30 February 2024") keeps its span, so that no
                # part of it ("February 2024") is reported instead.
                resolved = (None, "")
            if resolved is not None:
                found.append((*match.span(group), match[group], *resolved))
    # Where expressions overlap, the one starting first wins, then the longest ("May 15, 2024"
    # over "May 15" and "2024").
    found.sort(key=lambda item: (item[0], item[0] - item[1]))
    results, seen, covered = [], set(), 0
    for start, end, written, date, precision in found:
        if start < covered:
            continue
        covered = end
        if date is not None and (date, precision) not in seen:
            seen.add((date, precision))
            results.append(MentionedDate(written, date, precision))
    return results
