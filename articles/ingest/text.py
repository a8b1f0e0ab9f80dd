"""Reading the text of a page: furniture out, then title, section, standfirst, byline, dateline.

Used for plain-text scrapes as they come, and for the text that HTML, feeds and bulk files carry,
with the title and standfirst those already give passed in so they are not guessed again.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from articles.ingest import ParsedArticle
from articles.ingest.bylines import parse_byline, parse_meta_line
from articles.ingest.datelines import DATELINE, agency_name, match_dateline
from articles.ingest.furniture import drop_captions, strip_furniture
from articles.ingest.publication_dates import (
    PublicationDate,
    date_from_month_day,
    find_date_line,
    find_header_date,
)
from articles.ingest.sections import section_label

INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z0-9]")
TITLE_MAX = 250
INDENTED_LINE = re.compile(r"\n[ \t]{2,}\S")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]+\S)")


def split_lines(text: str) -> list[str]:
    """The non-blank lines of `text`, each with its spacing normalised, hard wrapping undone."""
    text = re.sub(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]", "\n", unicodedata.normalize("NFC", text))
    text = unwrap(text)
    lines = []
    for line in text.split("\n"):
        line = SPACES.sub(" ", INVISIBLE.sub("", line)).strip()
        if line:
            lines.append(line)
    return lines


def unwrap(text: str) -> str:
    """`text` with paragraphs that were wrapped at a fixed width joined back into single lines.

    Only text whose paragraphs are set apart is unwrapped, by blank lines or by an indented first
    line (wire copy: "...said in its weekly review.\n    The dry period means ..."), and only
    blocks whose lines all but the last are near the width the file wraps at, so scraped lines
    (one per paragraph) stay as they are.
    """
    if "\n\n" not in text and not INDENTED_LINE.search(text):
        return text
    blocks = [
        [line for line in block.split("\n") if line.strip()]
        for block in PARAGRAPH_BREAK.split(text)
    ]
    inner = [len(line.strip()) for lines in blocks for line in lines[:-1] if len(lines) > 1]
    if len(inner) < 3 or not 40 <= max(inner) <= 100:
        return text
    width = max(inner)

    def wrapped(lines: list[str]) -> bool:
        # The first line may be short: what a dateline's cut left ("Mine and industry
        # officials from" of "KUALA LUMPUR, March 19 - Mine and ...").
        if len(lines) < 2:
            return False
        first, *inner = (len(line.strip()) for line in lines[:-1])
        return first >= 0.3 * width and all(0.6 * width <= length for length in inner)

    return "\n\n".join(
        " ".join(line.strip() for line in lines) if wrapped(lines) else "\n".join(lines)
        for lines in blocks
    )


def same_text(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return bool(a) and key(a) == key(b)


def read_page_text(
    text: str, *, today: dt.date, title: str = "", subtitle: str = ""
) -> ParsedArticle:
    """Split a page's text into what its header and dateline say and its body. A given `title` or
    `subtitle` is not looked for again, and lines repeating them are dropped from the body."""
    lines = strip_furniture(split_lines(text))
    page = ParsedArticle(title=title, subtitle=subtitle)
    cues: list[PublicationDate] = []
    position = read_heading(lines, page, cues)
    rest = drop_captions(lines[position:])
    if subtitle:
        rest = [line for line in rest if not same_text(line, subtitle)]
    rest = read_header(rest, page, cues)
    rest = read_source_line(rest, page)
    body = []
    for line in rest:
        if found := find_date_line(line):
            cues.append(found)
        else:
            body.append(line)
    page.body = "\n\n".join(body)
    read_dateline(page, body[0] if body else "", cues, today)
    return page


SOURCE_LINE = re.compile(
    r"\(?(?:source|sources|via)\s*:\s*(?P<source>[^()]{2,60}?)\)?\.?", re.IGNORECASE
)


# An agency's sign-off closing the story: "... in 1986. REUTER", "... (unquoted) REUTER",
# "- AFP" alone.
SIGN_OFF = re.compile(
    r"(?:^|(?<=[.!?\"”’)0-9]))\s*[-–—(]?\s*(?P<agency>[A-Za-z][A-Za-z ]{1,24}?)\)?[.\s]*$"
)


def read_source_line(rest: list[str], page: ParsedArticle) -> list[str]:
    """Take a closing "Source: Yonhap" line as the source, and a news agency's sign-off as
    the agency's; a dateline's agency still wins."""
    for position in range(len(rest) - 1, max(len(rest) - 4, -1), -1):
        match = SOURCE_LINE.fullmatch(rest[position])
        if match and len(match["source"].split()) <= 6:
            page.source = page.source or match["source"].strip()
            return rest[:position] + rest[position + 1 :]
    sign_off = SIGN_OFF.search(rest[-1]) if rest else None
    if sign_off and (agency := agency_name(sign_off["agency"])):
        page.source = page.source or agency
        last = rest[-1][: sign_off.start()].rstrip()
        return rest[:-1] + ([last] if last else [])
    return rest


def read_heading(lines: list[str], page: ParsedArticle, cues: list[PublicationDate]) -> int:
    """Take the section label and title from the top of `lines`, and date lines above the title
    into `cues`; return where the rest starts."""
    position = 0
    while position + 1 < len(lines):
        if found := find_header_date(lines[position]):
            cues.append(found)
            position += 1
            continue
        label = section_label(lines[position])
        following = next((line for line in lines[position + 1 :] if not find_header_date(line)), "")
        if not label or not (looks_like_title(following) or same_text(following, page.title)):
            break
        page.section = label
        position += 1
    if page.title:
        while position < len(lines) and same_text(lines[position], page.title):
            position += 1
        return position
    if position < len(lines):
        first = lines[position]
        # A lone line is the story itself, not a headline over nothing.
        if looks_like_title(first) and position + 1 < len(lines):
            page.title = strip_site_suffix(first)
            return position + 1
        page.title = title_from_paragraph(first)
    return position


def looks_like_title(line: str) -> bool:
    return (
        len(line) <= TITLE_MAX
        and sum(char.isalnum() for char in line) >= 3
        and len(line.split()) <= 40
        and not match_dateline(line)
        and len(SENTENCE_BREAK.findall(line)) <= 1
        and not find_header_date(line)
        and not parse_byline(line)
    )


def strip_site_suffix(title: str) -> str:
    """ "Story headline | Site Name" as a scraped <title> gives it, without the site name."""
    head, sep, tail = title.rpartition(" | ")
    if sep and len(tail.split()) <= 4 and len(head.split()) >= 3:
        return head.strip()
    return title


def title_from_paragraph(paragraph: str) -> str:
    """A title for a story whose text starts with prose: its first sentence, shortened."""
    match = SENTENCE_BREAK.search(paragraph)
    sentence = paragraph[: match.start() + 1] if match else paragraph
    if dateline := DATELINE.match(sentence):
        sentence = sentence[dateline.end() :]
    if len(sentence) > 150:
        sentence = sentence[:140].rsplit(" ", 1)[0] + "…"
    return sentence


def read_header(rest: list[str], page: ParsedArticle, cues: list[PublicationDate]) -> list[str]:
    """Take standfirst, byline and date lines (into `cues`) from the lines under the title."""
    position = 0
    while position < min(len(rest), 4):
        line = rest[position]
        following = rest[position + 1] if position + 1 < len(rest) else ""
        if not page.byline and (byline := parse_byline(line)):
            page.byline, agency, extra = byline
            page.source = page.source or agency
            if extra_date := find_date_line(extra):
                cues.append(extra_date)
        elif meta := parse_meta_line(line):
            page.byline = page.byline or meta[0]
            cues.extend([meta[1]] if meta[1] else [])
        elif found := find_header_date(line):
            cues.append(found)
        elif not page.subtitle and is_standfirst(line, following):
            page.subtitle = line
        else:
            break
        position += 1
    return rest[position:]


def is_standfirst(line: str, following: str) -> bool:
    """A one-sentence summary under the title, not the story's first paragraph.

    A lede ends with a full stop; a standfirst often does not. One that does counts only when a
    byline, a date or a dateline paragraph follows it, as in a page header.
    """
    words = len(line.split())
    if not following or not 5 <= words <= 60 or match_dateline(line):
        return False
    if SENTENCE_BREAK.search(line):
        return False
    if not line.endswith((".", "!", "?", "…", '"', "”", ":")):
        return True
    return bool(parse_byline(following) or find_date_line(following) or match_dateline(following))


def read_dateline(
    page: ParsedArticle, first_line: str, cues: list[PublicationDate], today: dt.date
) -> None:
    """Fill place, agency and date from the dateline on the body's first line, and the date from
    header cues after it."""
    dateline = match_dateline(first_line) if first_line else None
    found = None
    if dateline:
        page.dateline_place = dateline.place
        page.source = dateline.source or page.source
        if dateline.month_day:
            month, day, year = dateline.month_day
            found = date_from_month_day(month, day, year, page.body, today)
            if found is None and year is None:
                # A header date that agrees on the month and day lends the dateline its year.
                found = next(
                    (
                        cue
                        for cue in cues
                        if cue.precision == "day" and (cue.date.month, cue.date.day) == (month, day)
                    ),
                    None,
                )
    page.date(found or (cues[0] if cues else None))
