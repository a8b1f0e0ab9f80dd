"""Bylines: who wrote a story, as a page or a record names them ("By Jane Doe, Reuters")."""

from __future__ import annotations

import re

from articles.ingest.datelines import agency_name, normal_case
from articles.ingest.publication_dates import DATE_IN_TEXT, PublicationDate, parse_date

BYLINE = re.compile(
    r"(?:by|written\s+by|words\s+by|reported\s+by|author\s*:)\s+(?P<rest>.+)", re.IGNORECASE
)
NAME_JOINERS = {
    "and", "&", "de", "da", "del", "della", "van", "von", "der", "bin", "al", "el", "la", "le",
    "du", "dos", "di", "y",
}  # fmt: skip
UNMARKED_AGENCY = re.compile(
    r"(?<=\S)\s+(?:(?:the\s+)?associated\s+press|reuters|(?-i:AP|AFP|UPI))$", re.IGNORECASE
)
# Staff labels that follow the names and name nobody: "By Jane Doe, Staff Writer".
STAFF_LABEL = re.compile(
    r"staff(?:\s+(?:writer|reporter))?|correspondent|contributor|senior\s+\w+"
    r"|\w+\s+(?:correspondent|editor|reporter|writer)",
    re.IGNORECASE,
)


def split_byline(byline: str) -> tuple[str, str]:
    """(names, agency) from a byline: "Carla K. Johnson, AP" gives ("Carla K. Johnson", "AP")."""
    names = re.sub(r"^by\s+", "", " ".join(byline.split()), flags=re.IGNORECASE).strip(" ,;")
    agency = ""
    # "HYUNG-JIN KIM Associated Press": an agency after the names without a comma.
    if unmarked := UNMARKED_AGENCY.search(names):
        agency = agency_name(unmarked.group().strip())
        names = names[: unmarked.start()].strip(" ,;")
    while "," in names:
        head, _, tail = names.rpartition(",")
        tail = tail.strip()
        if credited := agency_name(tail):
            agency = agency or credited
        elif not STAFF_LABEL.fullmatch(tail):
            break
        names = head.strip(" ,;")
    if names.isupper():
        names = normal_case(names)
    return names, agency


def parse_byline(line: str) -> tuple[str, str, str] | None:
    """(names, agency, what followed) for a byline line: "By Jane Doe, AP | May 15, 2024"."""
    if len(line) > 160 or not (match := BYLINE.fullmatch(line)):
        return None
    parts = re.split(r"\s+(?:\||•|·|—|–|-)\s+", match["rest"], maxsplit=1)
    names, extra = parts[0], parts[1] if len(parts) > 1 else ""
    if date := DATE_IN_TEXT.search(names):
        names, extra = names[: date.start()], names[date.start() :] + " " + extra
    names, agency = split_byline(names)
    words = [word for word in re.split(r"[\s,]+", names) if word]
    if not 1 <= len(words) <= 12:
        return None
    if not all(word[0].isupper() or word.lower() in NAME_JOINERS for word in words):
        return None
    return names, agency, extra.strip()


# Blog themes print a line of post meta under the title: "Web Desk Send an email May 15, 2024
# 2 minutes read", "Posted on May 15, 2024 by admin".
META_LINE = re.compile(
    r"(?:(?P<author>[^|•·]{2,60}?)\s+send\s+an\s+email\b|(?:posted|published)(?:\s+on)?\b)"
    r"(?P<rest>.{0,140})",
    re.IGNORECASE,
)
POSTED_BY = re.compile(r"\bby\s+(?P<author>[\w .'’-]{2,60})$", re.IGNORECASE)
ACCOUNT_NAMES = {"admin", "administrator", "editor", "webmaster", "staff", "guest"}


def parse_meta_line(line: str) -> tuple[str, PublicationDate | None] | None:
    """(author, date) from a theme's post-meta line, or None when `line` is not one."""
    if len(line) > 200 or not (match := META_LINE.fullmatch(line)):
        return None
    author, rest = (match["author"] or "").strip(), match["rest"]
    if not author and (posted_by := POSTED_BY.search(rest)):
        author, rest = posted_by["author"].strip(), rest[: posted_by.start()]
    date = DATE_IN_TEXT.search(rest)
    found = parse_date(date.group()) if date else None
    if author.lower() in ACCOUNT_NAMES:
        author = ""
    if not author and not found:
        return None
    return author, found
