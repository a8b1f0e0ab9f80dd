"""Relevance sets built from labelled corpora: articles, queries a user would type, and judgments.

An article is relevant to a query when the corpus's own label for it is the query's label (binary
judgments, no human re-reading). The sets:

  reuters-train  Reuters-21578 LEWISSPLIT=TRAIN articles the indexers judged (TOPICS="YES") with a
                 title and a body; 30 topic queries judged by the TOPICS labels. Tune on this.
  bbc            the BBC News dataset (2,225 articles); 15 queries, each judged by one of the five
                 categories (a query for "film" is answered by entertainment stories). Tune on this.
  reuters-test   the same 30 queries on LEWISSPLIT=TEST articles. Held out: measure the chosen
                 configuration once, never tune on it.

The Reuters queries are the 30 topics with the most TRAIN articles, each written as an analyst
would type it (the label "ship" as "shipping", "gnp" as "economic growth"); they were chosen from
the TRAIN label counts alone. Labels never reach the engines: the records given to the importer
carry only title, body, date, source and url.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from build_collection import CONTROL_ENTITY, labels, reuters_date, sgml_field

# build_collection put the project on the path
from articles.enrich.topics.evaluation import bbc_stories

REUTERS_ELEMENT = re.compile(r"<REUTERS([^>]*)>(.*?)</REUTERS>", re.S)

# (query, topic label), most TRAIN articles first.
REUTERS_QUERIES = [
    ("earnings", "earn"),
    ("acquisition", "acq"),
    ("foreign exchange", "money-fx"),
    ("grain", "grain"),
    ("crude oil", "crude"),
    ("trade deficit", "trade"),
    ("interest rates", "interest"),
    ("wheat", "wheat"),
    ("shipping", "ship"),
    ("corn", "corn"),
    ("sugar", "sugar"),
    ("oilseeds", "oilseed"),
    ("coffee", "coffee"),
    ("dollar", "dlr"),
    ("gold", "gold"),
    ("economic growth", "gnp"),
    ("money supply", "money-supply"),
    ("vegetable oil", "veg-oil"),
    ("soybeans", "soybean"),
    ("livestock", "livestock"),
    ("natural gas", "nat-gas"),
    ("current account deficit", "bop"),
    ("consumer prices", "cpi"),
    ("cocoa", "cocoa"),
    ("meat", "carcass"),
    ("foreign reserves", "reserves"),
    ("copper", "copper"),
    ("unemployment", "jobs"),
    ("steel", "iron-steel"),
    ("cotton", "cotton"),
]

# (query, category): a few queries per BBC category.
BBC_QUERIES = [
    ("company profits", "business"),
    ("economy", "business"),
    ("stock market", "business"),
    ("oil prices", "business"),
    ("film", "entertainment"),
    ("music album", "entertainment"),
    ("box office", "entertainment"),
    ("election", "politics"),
    ("labour party", "politics"),
    ("immigration", "politics"),
    ("football", "sport"),
    ("tennis", "sport"),
    ("broadband", "tech"),
    ("software", "tech"),
    ("mobile phones", "tech"),
]

SETS = ("reuters-train", "bbc", "reuters-test")


@dataclass
class JudgedSet:
    name: str
    records: list[dict]  # what the engines index: id, url, title, body, date, source
    labels: dict[str, set[str]]  # record id -> its labels
    queries: list[tuple[str, str]]  # (query text, the label that makes an article relevant)
    notes: list[str] = field(default_factory=list)

    def relevant(self, label: str) -> set[str]:
        return {record_id for record_id, found in self.labels.items() if label in found}


def judged_set(corpora: Path, name: str) -> JudgedSet:
    if name in ("reuters-train", "reuters-test"):
        return reuters_set(corpora, name, name.split("-")[1].upper())
    if name == "bbc":
        return bbc_set(corpora)
    raise ValueError(f"unknown relevance set {name!r}; sets: {', '.join(SETS)}")


def reuters_set(corpora: Path, name: str, split: str) -> JudgedSet:
    folder = corpora / "reuters21578"
    paths = sorted(folder.glob("reut2-*.sgm.gz"))
    if not paths:
        raise SystemExit(f"{folder}: no reut2-*.sgm.gz files")
    records, found = [], {}
    for path in paths:
        with gzip.open(path) as handle:
            text = handle.read().decode("latin-1")
        for attributes, block in REUTERS_ELEMENT.findall(text):
            if f'LEWISSPLIT="{split}"' not in attributes or 'TOPICS="YES"' not in attributes:
                continue
            title, body = sgml_field(block, "TITLE"), sgml_field(block, "BODY")
            if not title or not body:
                continue
            newid = re.search(r'NEWID="(\d+)"', attributes).group(1)
            record_id = f"reuters-{newid}"
            records.append(
                {
                    "id": record_id,
                    "url": f"https://bench.example/reuters/{newid}",
                    "title": " ".join(CONTROL_ENTITY.sub("", title).split()).title(),
                    "body": re.sub(r"\s*\bReuter\s*$", "", body),
                    "date": reuters_date(sgml_field(block, "DATE")),
                    "source": "Reuters",
                }
            )
            found[record_id] = set(labels(block, "TOPICS"))
    return JudgedSet(name, records, found, REUTERS_QUERIES)


def bbc_set(corpora: Path) -> JudgedSet:
    path = corpora / "bbc" / "bbc-fulltext.tar.gz"
    if not path.exists():
        raise SystemExit(f"{path}: not found")
    records, found = [], {}
    for story in bbc_stories(path):
        record_id = f"bbc-{story.category}-{story.number}"
        records.append(
            {
                "id": record_id,
                "url": f"https://bench.example/bbc/{story.category}/{story.number}",
                "title": story.title,
                "body": story.body,
                "source": "BBC News",
            }
        )
        found[record_id] = {story.category}
    return JudgedSet("bbc", records, found, BBC_QUERIES)
