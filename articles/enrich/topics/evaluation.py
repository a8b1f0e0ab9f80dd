"""Measuring topic assignment on public corpora whose classes map to IPTC subjects.

The corpora are read from paths given by the caller and never copied into the repository. The
mappings and the BBC split are documented in data/TOPIC_MAPPING.md. AG News and HuffPost are for
measuring only: nothing here trains or tunes on them.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from articles.enrich import ArticleText

ARTS = "medtop:01000000"
CRIME = "medtop:02000000"
ECONOMY = "medtop:04000000"
EDUCATION = "medtop:05000000"
ENVIRONMENT = "medtop:06000000"
HEALTH = "medtop:07000000"
HUMAN_INTEREST = "medtop:08000000"
LIFESTYLE = "medtop:10000000"
POLITICS = "medtop:11000000"
RELIGION = "medtop:12000000"
SCIENCE = "medtop:13000000"
SOCIETY = "medtop:14000000"
SPORT = "medtop:15000000"
CONFLICT = "medtop:16000000"

BBC_MAPPING = {
    "business": {ECONOMY},
    "entertainment": {ARTS},
    "politics": {POLITICS},
    "sport": {SPORT},
    "tech": {SCIENCE},
}
# AG "World" is international news: mostly diplomacy, elections and wars. Either subject is right.
AG_NEWS_MAPPING = {
    "1": {POLITICS, CONFLICT},
    "2": {SPORT},
    "3": {ECONOMY},
    "4": {SCIENCE},
}
# Categories that name a readership or a mix ("U.S. NEWS", "WOMEN", "IMPACT") are left out.
HUFFPOST_MAPPING = {
    "POLITICS": {POLITICS},
    "WORLD NEWS": {POLITICS, CONFLICT},
    "ENTERTAINMENT": {ARTS},
    "COMEDY": {ARTS},
    "MEDIA": {ARTS},
    "CULTURE & ARTS": {ARTS},
    "SPORTS": {SPORT},
    "CRIME": {CRIME},
    "BUSINESS": {ECONOMY},
    "MONEY": {ECONOMY},
    "TECH": {SCIENCE},
    "SCIENCE": {SCIENCE},
    "ENVIRONMENT": {ENVIRONMENT},
    "WELLNESS": {HEALTH},
    "RELIGION": {RELIGION},
    "EDUCATION": {EDUCATION},
    "WEIRD NEWS": {HUMAN_INTEREST},
    "PARENTING": {SOCIETY, LIFESTYLE},
    "STYLE & BEAUTY": {LIFESTYLE},
    "HOME & LIVING": {LIFESTYLE},
    "FOOD & DRINK": {LIFESTYLE},
    "TRAVEL": {LIFESTYLE},
    "WEDDINGS": {LIFESTYLE},
}

BBC_SPLIT_SEED = 20060625  # fixed, so every run splits the same way (ICML 2006 started that day)
BBC_TEST_SHARE = 0.2


@dataclass(frozen=True)
class LabelledText:
    text: ArticleText
    gold: frozenset[str]  # the IPTC subjects that count as right


@dataclass(frozen=True)
class BbcStory:
    category: str  # the archive's folder: business, entertainment, politics, sport, tech
    number: str  # the file's stem, unique within its category
    title: str
    body: str


def bbc_stories(path: Path) -> Iterator[BbcStory]:
    """Every story of bbc-fulltext.tar.gz in file-name order; a file's first line is its title."""
    with tarfile.open(path) as archive:
        for member in sorted(archive, key=lambda member: member.name):
            parts = member.name.split("/")
            if not member.isfile() or len(parts) < 3 or not member.name.endswith(".txt"):
                continue  # the archive's README
            raw = archive.extractfile(member).read()
            try:
                content = raw.decode("utf-8")
            except UnicodeDecodeError:  # a few files are Latin-1
                content = raw.decode("latin-1")
            title, _, body = content.strip().partition("\n")
            yield BbcStory(parts[-2], Path(member.name).stem, title.strip(), body.strip())


def read_bbc(path: Path) -> dict[str, list[LabelledText]]:
    """bbc-fulltext.tar.gz, as {class: articles sorted by file name}."""
    found: dict[str, list[LabelledText]] = {}
    for story in bbc_stories(path):
        if story.category in BBC_MAPPING:
            gold = frozenset(BBC_MAPPING[story.category])
            item = LabelledText(ArticleText(story.title, story.body), gold)
            found.setdefault(story.category, []).append(item)
    return found


def split_bbc(path: Path) -> tuple[list[LabelledText], list[LabelledText]]:
    """(train, test): per class, a seeded shuffle, the last BBC_TEST_SHARE of it for test."""
    train, test = [], []
    for label, items in sorted(read_bbc(path).items()):
        items = list(items)
        random.Random(f"{BBC_SPLIT_SEED}-{label}").shuffle(items)
        cut = len(items) - round(len(items) * BBC_TEST_SHARE)
        train += items[:cut]
        test += items[cut:]
    return train, test


ENTITY_RE = re.compile(r"#(\d+);")


def clean_ag_text(text: str) -> str:
    # AG News writes "$" as " #36;" and line breaks as a backslash.
    return ENTITY_RE.sub(lambda m: chr(int(m.group(1))), text).replace("\\", " ")


def read_ag_news(path: Path) -> list[LabelledText]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        return [
            LabelledText(
                ArticleText(clean_ag_text(title), clean_ag_text(description)),
                frozenset(AG_NEWS_MAPPING[label]),
            )
            for label, title, description in csv.reader(file)
        ]


def read_huffpost(path: Path) -> list[LabelledText]:
    """The mapped categories only: headline as title, short description as body."""
    items = []
    with gzip.open(path, "rt", encoding="utf-8") as file:
        for line in file:
            record = json.loads(line)
            if record["category"] in HUFFPOST_MAPPING:
                text = ArticleText(record["headline"], record["short_description"])
                items.append(LabelledText(text, frozenset(HUFFPOST_MAPPING[record["category"]])))
    return items


@dataclass(frozen=True)
class Score:
    accuracy: float
    count: int
    per_second: float


Scorer = Callable[[list[ArticleText]], list[dict[str, float]]]


def measure_accuracy(
    scorer: Scorer, items: list[LabelledText], topics: frozenset[str] | None = None
) -> Score:
    """Top-1 accuracy among the subjects the corpus maps to (and the scorer knows, `topics`).

    With `topics`, only articles whose right answer is one of them are counted: a model trained
    on five topics is not marked wrong on religion stories. An article whose candidates all score
    zero counts as wrong.
    """
    if topics is not None:
        items = [item for item in items if item.gold & topics]
    candidates = frozenset().union(*(item.gold for item in items))
    started = time.perf_counter()
    all_scores = scorer([item.text for item in items])
    elapsed = time.perf_counter() - started
    right = 0
    for item, scores in zip(items, all_scores, strict=True):
        known = [(score, qcode) for qcode, score in scores.items() if qcode in candidates]
        best = max(known, default=(0.0, ""))
        right += best[0] > 0 and best[1] in item.gold
    return Score(right / len(items) if items else 0.0, len(items), len(items) / max(elapsed, 1e-9))
