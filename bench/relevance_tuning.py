"""Choose newsdesk's ranking parameters on the tuning sets: a coordinate search, printed as it goes.

    nice -n 10 .venv/bin/python bench/relevance_tuning.py ../shared/corpora
        [--set reuters-train --set bbc] [--workdir var/bench/relevance] [--rounds 2]

Needs the sets' databases from `bench/relevance.py --set ...` (this script never imports). Each set
runs in a process of its own: it rebuilds that set's index once, then ranks every query under each
candidate (field weights, BM25 B and K1) with the same parsed query and weighting as `search()`,
top 100, no snippets. The objective is the mean over the sets
of (P@10 + MAP) / 2. Starting from today's values, each parameter in turn takes the candidate value
that scores best, for --rounds rounds. Never run it on reuters-test: that set is held out.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

CANDIDATES = {
    "title": [0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0],
    "standfirst": [0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0],
    "entities": [0.1, 0.25, 0.5, 0.75, 1.0, 1.5],
    "B": [0.3, 0.5, 0.75, 0.9],
    "K1": [0.6, 0.9, 1.2, 1.6, 2.0, 2.5],
}
TUNING_SETS = ("reuters-train", "bbc")


def apply(config: dict) -> None:
    """Make newsdesk rank with `config`: the parsers and the searcher are rebuilt from it."""
    from articles.search import index, query

    for name in ("title", "standfirst", "entities"):
        query.FIELD_WEIGHTS[name] = config[name]
    index.BM25.update(B=config["B"], K1=config["K1"])
    query._parsers.clear()
    index.searchers.close()


def current_config() -> dict:
    from articles.search import index, query

    weights = {name: query.FIELD_WEIGHTS[name] for name in ("title", "standfirst", "entities")}
    return {
        **weights,
        "B": index.BM25["B"],
        "K1": index.BM25["K1"],
    }


def serve(corpora: Path, name: str, workdir: Path) -> None:
    """Child: read configs as JSON lines on stdin, answer each with its mean scores."""
    from judged_sets import judged_set
    from phases import setup_django
    from relevance import judge

    judged = judged_set(corpora, name)
    setup_django(workdir / name)
    from articles import search
    from articles.search.execute import top_matches
    from articles.search.index import current_searcher
    from articles.search.query import parse_user_query

    search.rebuild_index()
    from relevance import record_ids_by_pk

    ids = record_ids_by_pk()
    print("READY " + json.dumps(current_config()), flush=True)
    for line in sys.stdin:
        apply(json.loads(line))
        searcher = current_searcher()
        rankings = []
        for text, _ in judged.queries:
            hits = top_matches(searcher, parse_user_query(text).query, 100)
            rankings.append([ids[int(hit["id"])] for hit in hits])
        result = judge(judged, {"newsdesk": rankings})
        print("RESULT " + json.dumps(result["mean"]["newsdesk"]), flush=True)


class Child:
    def __init__(self, corpora: Path, name: str, workdir: Path):
        command = [sys.executable, __file__, str(corpora), "--serve", name]
        command += ["--workdir", str(workdir)]
        self.name = name
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=BENCH_DIR.parent
        )
        self.config = json.loads(self.read("READY "))

    def read(self, prefix: str) -> str:
        for line in self.process.stdout:
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
        raise SystemExit(f"set {self.name}: the measuring process stopped")

    def ask(self, config: dict) -> None:
        self.process.stdin.write(json.dumps(config) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict:
        return json.loads(self.read("RESULT "))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def evaluate(children: list[Child], config: dict, seen: dict) -> float:
    key = json.dumps(config, sort_keys=True)
    if key not in seen:
        for child in children:  # the sets measure in parallel
            child.ask(config)
        means = {child.name: child.answer() for child in children}
        objective = sum((m["p10"] + m["map"]) / 2 for m in means.values()) / len(means)
        seen[key] = objective
        figures = "  ".join(
            f"{name} P@10 {m['p10']:.3f} nDCG {m['ndcg10']:.3f} MAP {m['map']:.3f}"
            for name, m in means.items()
        )
        print(f"{objective:.4f}  {key}  {figures}", flush=True)
    return seen[key]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path)
    parser.add_argument("--set", action="append", dest="sets")
    parser.add_argument("--workdir", type=Path, default=Path("var/bench/relevance"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = args.workdir.resolve()
    if args.serve:
        serve(args.corpora.resolve(), args.serve, workdir)
        return
    sets = args.sets or list(TUNING_SETS)
    if "reuters-test" in sets:
        parser.error("reuters-test is held out: tune on reuters-train and bbc only")
    children = [Child(args.corpora.resolve(), name, workdir) for name in sets]
    config = children[0].config
    seen: dict[str, float] = {}
    try:
        best = evaluate(children, config, seen)
        for _ in range(args.rounds):
            for name, values in CANDIDATES.items():
                for value in values:
                    score = evaluate(children, {**config, name: value}, seen)
                    if score > best:
                        best, config = score, {**config, name: value}
        print(f"\nbest {best:.4f}: {json.dumps(config, sort_keys=True)}")
    finally:
        for child in children:
            child.close()


if __name__ == "__main__":
    main()
