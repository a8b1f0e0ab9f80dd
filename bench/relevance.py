"""Relevance of newsdesk's ranking against SQLite FTS5 bm25 and plain Whoosh BM25F, same articles.

    nice -n 10 .venv/bin/python bench/relevance.py ../shared/corpora --set reuters-train --set bbc
        [--workdir var/bench/relevance] [--reuse] [--per-query]

For each set (bench/judged_sets.py: reuters-train and bbc to tune on, reuters-test held out) the
articles go through the real importer (enrichment included, no labels) into a database of their
own under WORKDIR/SET, the newsdesk index is rebuilt, and FTS5 and plain Whoosh index the same
stored titles and bodies. Every engine answers each query with its top 100; the table gives the
means over the queries of precision at 10, nDCG at 10 and MAP over the top 100 (average precision
divided by min(relevant, 100)). --reuse keeps a set's database and only re-indexes and measures.
Each set runs in a process of its own (one Django database per process).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

ENGINES = ("newsdesk", "fts5", "whoosh")
ENGINE_NAMES = {"newsdesk": "newsdesk", "fts5": "SQLite FTS5 bm25", "whoosh": "plain Whoosh BM25F"}
DEPTH = 100  # ranks scored per query
WORD = re.compile(r"\w+")


def precision_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return sum(1 for doc in ranked[:k] if doc in relevant) / k


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(rank + 2) for rank, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def average_precision(ranked: list[str], relevant: set[str], depth: int = DEPTH) -> float:
    found, total = 0, 0.0
    for rank, doc in enumerate(ranked[:depth], start=1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / min(len(relevant), depth) if relevant else 0.0


def scores(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    return {
        "p10": precision_at(ranked, relevant),
        "ndcg10": ndcg_at(ranked, relevant),
        "map": average_precision(ranked, relevant),
    }


def mean_scores(per_query: list[dict]) -> dict[str, float]:
    return {name: sum(row[name] for row in per_query) / len(per_query) for name in per_query[0]}


# One set, inside its own process.


def prepare(workdir: Path, judged, reuse: bool) -> None:
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    if reuse and Article.objects.exists():
        return
    if Article.objects.exists():
        raise SystemExit(f"{workdir / 'data'} holds articles: pass --reuse or remove it")
    import_file = workdir / "records.jsonl"
    with open(import_file, "w", encoding="utf-8") as out:
        for record in judged.records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    call_command("import_articles", str(import_file), "--quiet", stdout=sys.stderr)


def record_ids_by_pk() -> dict[int, str]:
    from articles.models import Article

    return {pk: record_id(url) for pk, url in Article.objects.values_list("pk", "url")}


def record_id(url: str) -> str:
    """The judged record an article came from: bench.example/reuters/123 -> reuters-123."""
    return "-".join(url.split("bench.example/", 1)[-1].split("/"))


def newsdesk_rankings(queries: list[str]) -> list[list[str]]:
    from articles import search

    ids = record_ids_by_pk()
    rankings = []
    for text in queries:
        results = search.search(search.SearchParams(q=text, per_page=DEPTH))
        rankings.append([ids[hit.article.pk] for hit in results.hits])
    return rankings


def fts_rankings(workdir: Path, queries: list[str]) -> list[list[str]]:
    """FTS5 as bench/baselines.py configures it: porter tokenizer, bm25 with title weight 2."""
    from articles.models import Article

    path = workdir / "fts.sqlite3"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')")
    ids = record_ids_by_pk()
    for article in Article.objects.filter(status=Article.Status.PUBLISHED).iterator():
        body = "\n".join(part for part in (article.subtitle, article.body) if part)
        db.execute(
            "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
            (article.pk, article.title, body),
        )
    db.commit()
    rankings = []
    for text in queries:
        match = " ".join(f'"{word}"' for word in WORD.findall(text))
        rows = db.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 2.0, 1.0), rowid "
            f"LIMIT {DEPTH}",
            [match],
        ).fetchall()
        rankings.append([ids[pk] for (pk,) in rows])
    db.close()
    return rankings


def whoosh_rankings(workdir: Path, queries: list[str]) -> list[list[str]]:
    """What a first Whoosh integration does: title and body, StemmingAnalyzer, BM25F defaults."""
    import shutil

    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.filedb.filestore import FileStorage
    from whoosh.qparser import MultifieldParser

    from articles.models import Article

    path = workdir / "plain-whoosh"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer()),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
    )
    ix = FileStorage(str(path)).create_index(schema)
    writer = ix.writer(limitmb=256)
    for article in Article.objects.filter(status=Article.Status.PUBLISHED).iterator():
        body = "\n".join(part for part in (article.subtitle, article.body) if part)
        writer.add_document(id=str(article.pk), title=article.title, body=body)
    writer.commit()
    ids = record_ids_by_pk()
    parser = MultifieldParser(["title", "body"], schema)
    rankings = []
    with ix.searcher() as searcher:
        for text in queries:
            hits = searcher.search(parser.parse(text), limit=DEPTH)
            rankings.append([ids[int(hit["id"])] for hit in hits])
    ix.close()
    return rankings


def judge(judged, rankings: dict[str, list[list[str]]]) -> dict:
    """Per query and engine, the scores; relevant articles are those the database holds."""
    held = set(record_ids_by_pk().values())
    per_query = []
    for number, (text, label) in enumerate(judged.queries):
        relevant = judged.relevant(label) & held
        row = {"query": text, "label": label, "relevant": len(relevant)}
        for engine, ranked in rankings.items():
            row[engine] = scores(ranked[number], relevant)
            row[engine]["returned"] = len(ranked[number])
        per_query.append(row)
    return {
        "set": judged.name,
        "articles": len(held),
        "queries": len(per_query),
        "per_query": per_query,
        "mean": {
            engine: mean_scores(
                [{k: v for k, v in row[engine].items() if k != "returned"} for row in per_query]
            )
            for engine in rankings
        },
    }


def run_set(corpora: Path, name: str, workdir: Path, reuse: bool, prepare_only: bool) -> dict:
    from judged_sets import judged_set
    from phases import setup_django

    judged = judged_set(corpora, name)
    workdir.mkdir(parents=True, exist_ok=True)
    setup_django(workdir)
    prepare(workdir, judged, reuse)
    if prepare_only:
        return {"set": name, "prepared": True}
    from articles import search

    search.rebuild_index()
    queries = [text for text, _ in judged.queries]
    rankings = {
        "newsdesk": newsdesk_rankings(queries),
        "fts5": fts_rankings(workdir, queries),
        "whoosh": whoosh_rankings(workdir, queries),
    }
    return judge(judged, rankings)


# The parent: one child per set, then the table.


def print_table(result: dict, per_query: bool) -> None:
    print(f"\n{result['set']}: {result['queries']} queries, {result['articles']} articles")
    header = f"| mean over {result['queries']} queries | " + " | ".join(
        ENGINE_NAMES[e] for e in ENGINES
    )
    print(header + " |")
    print("|---" * (len(ENGINES) + 1) + "|")
    for metric, label in (
        ("p10", "precision at 10"),
        ("ndcg10", "nDCG at 10"),
        ("map", "MAP (top 100)"),
    ):
        values = " | ".join(f"{result['mean'][e][metric]:.3f}" for e in ENGINES)
        print(f"| {label} | {values} |")
    if per_query:
        print("\nquery (relevant): P@10 / AP per engine, " + ", ".join(ENGINES))
        for row in result["per_query"]:
            figures = "  ".join(
                f"{row[e]['p10']:.1f}/{row[e]['map']:.2f}({row[e]['returned']})" for e in ENGINES
            )
            print(f"  {row['query']!r:28} ({row['relevant']:4})  {figures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument(
        "--set", action="append", dest="sets", help="reuters-train, bbc, reuters-test"
    )
    parser.add_argument("--workdir", type=Path, default=Path("var/bench/relevance"))
    parser.add_argument("--reuse", action="store_true", help="keep each set's database")
    parser.add_argument("--per-query", action="store_true", help="print each query's figures too")
    parser.add_argument(
        "--prepare-only", action="store_true", help="import the sets' articles, measure nothing"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    from judged_sets import SETS

    sets = args.sets or ["reuters-train", "bbc"]
    for name in sets:
        if name not in SETS:
            parser.error(f"--set {name}: unknown; sets: {', '.join(SETS)}")
    if not args.corpora.is_dir():
        parser.error(f"corpora: {args.corpora} is not a folder")
    workdir = args.workdir.resolve()
    if args.child:
        result = run_set(
            args.corpora.resolve(), sets[0], workdir / sets[0], args.reuse, args.prepare_only
        )
        print("RESULT " + json.dumps(result), flush=True)
        return
    for name in sets:
        command = [sys.executable, __file__, str(args.corpora), "--set", name, "--child"]
        command += ["--workdir", str(workdir)] + (["--reuse"] if args.reuse else [])
        command += ["--prepare-only"] if args.prepare_only else []
        print(f"... {name}", file=sys.stderr, flush=True)
        done = subprocess.run(command, capture_output=True, text=True, cwd=BENCH_DIR.parent)
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            raise SystemExit(f"set {name} failed (exit {done.returncode})")
        result = json.loads(lines[-1][len("RESULT ") :])
        if args.prepare_only:
            continue
        (workdir / f"{name}.json").write_text(json.dumps(result, indent=1))
        print_table(result, args.per_query)


if __name__ == "__main__":
    main()
