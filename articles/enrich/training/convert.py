"""Convert CoNLL-2003 train/valid files into spaCy's binary training format.

    python -m articles.enrich.training.convert CORPUS_DIR OUT_DIR

CORPUS_DIR holds train.txt(.gz) and valid.txt(.gz); test is never converted, as it is for
measuring only. Texts are laid out as `evaluate_entities` lays them out (one sentence per line),
in chunks of a few sentences so the optimiser sees shuffled, varied batches.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from articles.enrich.entities.conll import ConllSentence, iob_spans, read_conll

SENTENCES_PER_EXAMPLE = 8
MISSING = "-"  # the tag of a word whose label is unknown (see `pseudo_labels`)
SPLITS = ("train", "valid")


def build_doc(vocab, sentences: list[ConllSentence]) -> Doc:
    """A Doc with CoNLL's own tokens and gold entities; spaCy aligns it to its tokenizer.

    A word tagged MISSING is left unannotated: training learns nothing about it."""
    words, spaces, ents, missing = [], [], [], []
    for n, sentence in enumerate(sentences):
        if n:
            words.append("\n")
            spaces.append(False)
        first = len(words)
        words.extend(sentence.tokens)
        spaces.extend([True] * (len(sentence.tokens) - 1) + [False])
        ents.extend(
            (first + begin, first + end, label) for begin, end, label in iob_spans(sentence.tags)
        )
        missing.extend(first + i for i, tag in enumerate(sentence.tags) if tag == MISSING)
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.set_ents(
        [Span(doc, start, end, label=label) for start, end, label in ents],
        missing=[Span(doc, i, i + 1) for i in missing],
        default="outside",
    )
    return doc


def find_split(corpus_dir: Path, split: str) -> Path:
    for name in (f"{split}.txt.gz", f"{split}.txt"):
        if (corpus_dir / name).exists():
            return corpus_dir / name
    raise SystemExit(f"{corpus_dir} has no {split}.txt or {split}.txt.gz")


def convert(corpus_dir: Path, out_dir: Path) -> None:
    vocab = spacy.blank("en").vocab
    out_dir.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        docs = DocBin(store_user_data=False)
        for document in read_conll(find_split(corpus_dir, split)):
            for i in range(0, len(document), SENTENCES_PER_EXAMPLE):
                docs.add(build_doc(vocab, document[i : i + SENTENCES_PER_EXAMPLE]))
        docs.to_disk(out_dir / f"{split}.spacy")
        print(f"{split}: {len(docs)} examples -> {out_dir / f'{split}.spacy'}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
