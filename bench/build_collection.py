"""Build a benchmark collection of news articles as JSON Lines, from the shared corpora.

    python bench/build_collection.py CORPORA_DIR --size 100000 --out var/bench/collection-100k.jsonl

Real text first: Reuters-21578 (SGML), BBC (tar of text files), HuffPost (JSON Lines sample) and
AG News (CSV test split), about 41,000 articles. Past the real count, the collection repeats the
real articles as copies with new ids and URLs and dates shifted by whole years, so a 100k collection
has realistic text and vocabulary but is ~60% copies; the script says how many.
Output goes where --out says (keep it under var/bench/, git-ignored); corpora are read in place.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import html
import itertools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for its corpus reader

from articles.enrich.topics.evaluation import bbc_stories  # noqa: E402

REUTERS_ARTICLE = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
CONTROL_ENTITY = re.compile(r"&#(?:[0-9]|[12][0-9]|3[01]);")
BBC_BASE_DATE = dt.date(2004, 1, 5)
AG_BASE_DATE = dt.date(2004, 8, 1)


def sgml_field(block: str, tag: str) -> str:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    if not match:
        return ""
    return html.unescape(CONTROL_ENTITY.sub("", match.group(1))).strip()


def labels(block: str, tag: str) -> list[str]:
    inner = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    return re.findall(r"<D>(.*?)</D>", inner.group(1)) if inner else []


def reuters_date(text: str) -> str:
    match = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", text)
    if not match:
        return ""
    day, month, year = match.groups()
    return dt.datetime.strptime(f"{day}-{month.title()}-{year}", "%d-%b-%Y").date().isoformat()


def read_reuters(corpora: Path) -> Iterator[dict]:
    for path in sorted((corpora / "reuters21578").glob("reut2-*.sgm.gz")):
        with gzip.open(path) as handle:
            text = handle.read().decode("latin-1")
        for newid, block in REUTERS_ARTICLE.findall(text):
            title, body = sgml_field(block, "TITLE"), sgml_field(block, "BODY")
            if not title or not body:
                continue
            yield {
                "id": f"reuters-{newid}",
                "url": f"https://bench.example/reuters/{newid}",
                "title": " ".join(title.split()).title(),
                "body": re.sub(r"\s*\bReuter\s*$", "", body),
                "date": reuters_date(sgml_field(block, "DATE")),
                "source": "Reuters",
                "topics": labels(block, "TOPICS"),
            }


def read_bbc(corpora: Path) -> Iterator[dict]:
    stories = bbc_stories(corpora / "bbc" / "bbc-fulltext.tar.gz")
    for number, story in enumerate(stories):
        yield {
            "id": f"bbc-{story.category}-{story.number}",
            "url": f"https://bench.example/bbc/{story.category}/{story.number}",
            "title": story.title,
            "body": story.body,
            # BBC has no dates: spread the stories over 2004-2005, where they come from.
            "date": (BBC_BASE_DATE + dt.timedelta(days=number % 700)).isoformat(),
            "source": "BBC News",
            "section": story.category,
        }


def read_huffpost(corpora: Path) -> Iterator[dict]:
    for path in sorted((corpora / "huffpost_sample").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                record = json.loads(line)
                if not record.get("headline") or not record.get("short_description"):
                    continue
                yield {
                    "id": f"huffpost-{number}",
                    "url": record["link"],
                    "title": record["headline"],
                    "body": record["short_description"],
                    "date": record["date"],
                    "source": "HuffPost",
                    "section": record["category"].title(),
                    "byline": record.get("authors", ""),
                }


def read_ag_news(corpora: Path) -> Iterator[dict]:
    classes = ["World", "Sports", "Business", "Sci/Tech"]
    with gzip.open(corpora / "ag_news" / "test.csv.gz", "rt", encoding="utf-8") as handle:
        for number, (label, title, description) in enumerate(csv.reader(handle)):
            yield {
                "id": f"agnews-{number}",
                "url": f"https://bench.example/agnews/{number}",
                "title": title,
                "body": description.replace("\\", "\n"),
                "date": (AG_BASE_DATE + dt.timedelta(days=number % 120)).isoformat(),
                "source": "AG News",
                "section": classes[int(label) - 1],
            }


def real_articles(corpora: Path) -> list[dict]:
    readers = (read_reuters, read_bbc, read_huffpost, read_ag_news)
    articles, urls = [], set()
    for article in (article for reader in readers for article in reader(corpora)):
        # A corpus may hold one address twice (the HuffPost sample does); the store keeps one
        # article per address, as the importer would.
        if article["url"] not in urls:
            urls.add(article["url"])
            articles.append(article)
    return articles


def copy_of(article: dict, round_number: int) -> dict:
    """The article again, as a different article: new id and URL, published whole years later."""
    copy = dict(article)
    copy["id"] = f"{article['id']}-copy{round_number}"
    copy["url"] = f"{article['url']}?copy={round_number}"
    if article.get("date"):
        date = dt.date.fromisoformat(article["date"])
        year = date.year + round_number
        day = min(date.day, 28) if date.month == 2 else date.day
        copy["date"] = date.replace(year=year, day=day).isoformat()
    # A marker word keeps the normalised text distinct, so the importer does not merge copies.
    copy["title"] = f"{article['title']} ({round_number})"
    return copy


def collection(corpora: Path, size: int) -> tuple[Iterator[dict], int]:
    """`size` articles, real ones first; returns them and how many are copies."""
    real = real_articles(corpora)
    if not real:
        raise SystemExit(f"no articles found under {corpora}")
    copies = max(0, size - len(real))

    def articles() -> Iterator[dict]:
        yield from real[:size]
        for number in range(copies):
            yield copy_of(real[number % len(real)], number // len(real) + 1)

    return articles(), copies


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpora", type=Path, help="folder holding reuters21578/, bbc/, huffpost_sample/, ag_news/"
    )
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        parser.error(f"corpora: {args.corpora} is not a folder")
    articles, copies = collection(args.corpora, args.size)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        written = 0
        for article in itertools.islice(articles, args.size):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
            written += 1
    print(
        f"{args.out}: {written} articles, {written - copies} real, {copies} copies", file=sys.stderr
    )


if __name__ == "__main__":
    main()
