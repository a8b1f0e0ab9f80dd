"""Datelines: the place, date and agency that open a wire story ("SEOUL, May 15 (UPI) —")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.ingest.publication_dates import MONTH_DAY, parse_month_day

# An agency's name in brackets, with no separator after it: "(CNN)" of "Washington (CNN) ...".
AGENCY_BRACKETS = r"\((?P<bare>[A-Z][A-Za-z.&]{1,20})\)"
# "SEOUL, May 15 (UPI) —", "WASHINGTON (Reuters) -", "LONDON, March 3 (AP) —", "KYIV, Ukraine —",
# "Washington (CNN) ", "MOSCOW, February 7. /TASS/.".
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s*[A-Z][A-Za-z.'’\-]+"
    r"(?:\s+[A-Z][A-Za-z.'’\-]+){0,2})?|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    rf"(?:,\s*(?P<date>{MONTH_DAY}(?:,?\s+\d{{4}})?))?"
    r"(?:\s*(?:\((?P<source>[A-Z][^()\d]{0,39})\))?(?:\s*(?:—|–|--)\s*|\s+-\s+|:\s+)"
    # A known agency's brackets may end it alone, before a capital: "Washington (CNN)
    # President". Not any brackets: "Apple (AAPL) Chief Executive Tim Cook said".
    rf"|\s*{AGENCY_BRACKETS}\s+(?=[A-Z])"
    # "MOSCOW, February 7. /TASS/. Russian ...": the agency between slashes, then the text.
    r"|[.,]?\s*/(?P<slashed>[A-Z][^/\d]{0,39})/\.?(?:\s+|$))(?=\S|$)"
)
# The groups of DATELINE that hold its agency.
AGENCY_GROUPS = ("source", "bare", "slashed")
# Agencies and networks that datelines and bylines name ("By Jane Doe, Reuters"): the source.
AGENCIES = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP", "afp": "AFP",
    "reuters": "Reuters", "reuter": "Reuters", "upi": "UPI", "yonhap": "Yonhap",
    "kyodo": "Kyodo", "xinhua": "Xinhua",
    "tass": "TASS", "dpa": "dpa", "efe": "EFE", "ani": "ANI", "pti": "PTI", "ians": "IANS",
    "bloomberg": "Bloomberg", "cnn": "CNN", "bbc": "BBC",
}  # fmt: skip
# A body opening with an agency's brackets and no place: "(CNN) President Joe Biden ...".
OPENING_AGENCY = re.compile(rf"\s*{AGENCY_BRACKETS}\s")
NOT_PLACES = {
    "BREAKING",
    "UPDATE",
    "UPDATED",
    "EXCLUSIVE",
    "WATCH",
    "LIVE",
    "ANALYSIS",
    "OPINION",
    "EDITORIAL",
    "NOTE",
    "PHOTOS",
    "VIDEO",
    "FACT CHECK",
    "CORRECTION",
    "URGENT",
    "FLASH",
    "WARNING",
    "ALERT",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "DISCLAIMER",
    "FILE",
    "PHOTO",
    "AUDIO",
    "TRANSCRIPT",
    "SUMMARY",
    "BACKGROUND",
    "CONTEXT",
    "WHY IT MATTERS",
    "KEY POINTS",
    "FAQ",
    "AP",
    "UPI",
    "AFP",
    "READ MORE",
    "Q",
    "A",
}


@dataclass(frozen=True)
class Dateline:
    place: str
    source: str
    month_day: tuple[int, int, int | None] | None


def match_dateline(line: str) -> Dateline | None:
    """The dateline that opens `line`, if any."""
    match = DATELINE.match(line)
    return dateline_of(match) if match else None


def dateline_of(match: re.Match) -> Dateline | None:
    """The dateline a match of DATELINE reads, if it is one."""
    if match["bare"] and not is_agency(match["bare"]):
        return None
    place, date_text = match["place"], match["date"]
    source = next((match[group] for group in AGENCY_GROUPS if match[group]), None)
    first_part = place.split(",")[0]
    if first_part.isupper():
        if first_part in NOT_PLACES or len(re.sub(r"\W", "", first_part)) < 2:
            return None
    elif not (date_text or source):
        return None
    if source and (len(source.split()) > 4 or not source.strip()):
        source = None
    month_day = parse_month_day(date_text) if date_text else None
    return Dateline(normal_case(place), (source or "").strip(), month_day)


def normal_case(place: str) -> str:
    """ "SEOUL" → "Seoul", "NEW YORK" → "New York"; "D.C." and mixed-case words stay as written."""

    def fix(word: str) -> str:
        if not word.isupper() or re.fullmatch(r"(?:[A-Z]\.)+", word):
            return word
        return "-".join(part.capitalize() for part in word.split("-"))

    return " ".join(fix(word) for word in place.split())


def agency_name(name: str) -> str:
    """The agency `name` spells, as its credit is written ("associated press" -> "AP"), or ""."""
    return AGENCIES.get(name.casefold(), "")


def is_agency(name: str) -> bool:
    return bool(agency_name(name))


def agency_span(text: str, start: int = 0) -> tuple[int, int] | None:
    """Where the agency of the dateline opening text[start:] is ("Washington (CNN) ...",
    "SEOUL, May 15 (UPI) —", "MOSCOW. /TASS/.", a body opening "(CNN) ..."), or None."""
    match = DATELINE.match(text, start)
    if match is None or dateline_of(match) is None:
        match = OPENING_AGENCY.match(text, start)
        if match is None or not is_agency(match["bare"]):
            return None
    group = next((g for g in AGENCY_GROUPS if match.groupdict().get(g)), None)
    return match.span(group) if group else None
