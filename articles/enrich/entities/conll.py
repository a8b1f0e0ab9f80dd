"""Reading CoNLL-2003 files (`TOKEN POS CHUNK NER`, IOB2 tags) as documents with gold spans.

Used by the training converter and by `evaluate_entities`, so both see the same text: a
document's first sentence is its title, the rest its body, one sentence per line.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

DOCSTART = "-DOCSTART-"


@dataclass(frozen=True)
class ConllSentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def spans(self) -> list[tuple[int, int, str]]:
        """Gold entities as (start_char, end_char, label), offsets into `self.text`."""
        starts, offset = [], 0
        for token in self.tokens:
            starts.append(offset)
            offset += len(token) + 1
        return [
            (starts[begin], starts[end - 1] + len(self.tokens[end - 1]), label)
            for begin, end, label in iob_spans(self.tags)
        ]


def iob_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities of an IOB tag sequence as (first token, end token, label); an I- tag that does
    not continue an entity of its label starts one, as CoNLL's IOB1 files need."""
    spans, begin, label = [], None, None
    for i, tag in enumerate((*tags, "O")):
        inside = tag.startswith("I-") and label == tag[2:]
        if begin is not None and not inside:
            spans.append((begin, i, label))
            begin, label = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and begin is None):
            begin, label = i, tag[2:]
    return spans


def open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def read_conll(path: str | Path) -> Iterator[list[ConllSentence]]:
    """Documents, each a list of sentences, in file order."""
    document: list[ConllSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    with open_text(Path(path)) as lines:
        for line in (*lines, ""):
            fields = line.split()
            if fields and fields[0] == DOCSTART:
                if document:
                    yield document
                document = []
                continue
            if fields:
                tokens.append(fields[0])
                tags.append(fields[-1])
                continue
            if tokens:
                document.append(ConllSentence(tuple(tokens), tuple(tags)))
                tokens, tags = [], []
    if document:
        yield document
