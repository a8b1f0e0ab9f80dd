"""CPU of one index write: a data folder's articles into a fresh index in one commit.

    .venv/bin/python bench/index_write.py DATA_DIR [--codec ours|stock] [--runs 3]

DATA_DIR is a data folder with a database, for example the one `bench/facet_quality.py --outlet
DOMAIN --data-dir DIR` leaves. The documents are built first (not timed); then each run writes them
all with one segment writer patched as ours are (`index.prepare_segment_writer`), with our codec or
Whoosh's stock one, and prints its CPU seconds and the index's size on disk.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_once(documents: list[dict], codec) -> tuple[float, int]:
    from articles.search.index import create_index, prepare_segment_writer

    with tempfile.TemporaryDirectory() as folder:
        ix = create_index(Path(folder))
        started = time.process_time()
        writer = ix.writer(codec=codec) if codec else ix.writer()
        prepare_segment_writer(writer)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        seconds = time.process_time() - started
        ix.close()
        size = sum(path.stat().st_size for path in Path(folder).iterdir())
    return seconds, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--codec", choices=("ours", "stock"), default="ours")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["NEWSDESK_DATA_DIR"] = str(args.data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from articles.models import Article
    from articles.search.codec import InliningCodec
    from articles.search.schema import articles_for_indexing, document_for

    articles = list(articles_for_indexing(Article.objects.filter(status=Article.Status.PUBLISHED)))
    documents = [document_for(article) for article in articles]
    words = sum(len(article.body.split()) for article in articles) / max(len(articles), 1)
    print(f"{len(documents)} articles, {words:.0f} words on average, codec {args.codec}")
    for run in range(args.runs):
        seconds, size = write_once(documents, InliningCodec() if args.codec == "ours" else None)
        print(f"  run {run + 1}: {seconds:.2f} s of CPU, index {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
