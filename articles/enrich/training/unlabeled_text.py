"""The unlabeled news text the entity model's word vectors are built from.

Two sources, both allowed for training:
- Reuters-21578 articles of the Lewis TRAIN split (`LEWISSPLIT="TRAIN"`): title, dateline and
  body, one paragraph a line. The TEST and NOT-USED splits are skipped.
- CoNLL-2003 train documents, one sentence a line, as `evaluate_entities` lays them out.
CoNLL test and valid are never read. The text is corpus text (research-only terms): it is read from
the corpora folder at training time and never written into the repository.
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Iterator
from pathlib import Path

from articles.enrich.entities.conll import read_conll
from articles.enrich.training.convert import find_split

ARTICLE = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
TRAIN_SPLIT = re.compile(r'\bLEWISSPLIT="TRAIN"')
# The SGML escapes control characters as &#N; (N < 32); they carry no text.
CONTROL = re.compile(r"&#(?:[0-9]|[12][0-9]|3[01]);")
# Paragraphs start on a new line indented with spaces; other newlines are just line wrapping.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]+")
SIGN_OFF = re.compile(r"\s*\bReuter\s*$", re.I)


def field(article: str, name: str) -> str:
    found = re.search(rf"<{name}>(.*?)</{name}>", article, re.S)
    return found.group(1) if found else ""


def clean(raw: str) -> str:
    return " ".join(html.unescape(CONTROL.sub(" ", raw)).split())


def article_text(article: str) -> str:
    """Title, dateline and body paragraphs of one article, one a line, without the sign-off."""
    lines = [clean(field(article, "TITLE")), clean(field(article, "DATELINE")).rstrip(" -")]
    body = SIGN_OFF.sub("", CONTROL.sub(" ", field(article, "BODY")))
    lines.extend(clean(paragraph) for paragraph in PARAGRAPH_BREAK.split(body))
    return "\n".join(line for line in lines if line)


def reuters_train_texts(reuters_dir: Path) -> Iterator[str]:
    files = sorted(reuters_dir.glob("reut2-*.sgm.gz"))
    if not files:
        raise SystemExit(f"{reuters_dir} has no reut2-*.sgm.gz files")
    for path in files:
        with gzip.open(path, "rt", encoding="latin-1") as sgml:
            for attributes, article in ARTICLE.findall(sgml.read()):
                if TRAIN_SPLIT.search(attributes):
                    text = article_text(article)
                    if text:
                        yield text


def conll_train_texts(conll_dir: Path) -> Iterator[str]:
    for document in read_conll(find_split(conll_dir, "train")):
        yield "\n".join(sentence.text for sentence in document)


def training_texts(corpora_dir: Path) -> Iterator[str]:
    yield from reuters_train_texts(corpora_dir / "reuters21578")
    yield from conll_train_texts(corpora_dir / "conll2003")
