"""Unlabeled news text labelled by the teacher, as extra training examples for the entity model.

    python -m articles.enrich.training.pseudo_labels CORPORA_DIR TEACHER_DIR OUT_FILE

Reads the first ARTICLES Reuters-21578 Lewis TRAIN articles (`unlabeled_text`; the TEST split is
never read), splits them into sentences and words as CoNLL does, has the teacher (see `teacher`)
tag each word, leaves out what it is unsure of, and writes spaCy examples of a few sentences each,
as `convert` does for CoNLL's gold sentences. The CNN then learns from about 1.1 million labelled
words instead of 200,000.
"""

from __future__ import annotations

import sys
from itertools import islice
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from articles.enrich.entities.conll import ConllSentence, iob_spans
from articles.enrich.entities.rules import is_infix_hyphen
from articles.enrich.training.convert import MISSING, SENTENCES_PER_EXAMPLE, build_doc
from articles.enrich.training.teacher import predict_all
from articles.enrich.training.unlabeled_text import reuters_train_texts

# Half of the split: 4.6 teacher-labelled sentences for each gold one (CoNLL valid, product figure:
# a quarter 0.906, half 0.909, all 13,961 0.908, each with the confidence cut below off).
ARTICLES = 7_400
# Words the teacher gives less than this probability are left unlabelled, with any entity they
# belong to: some 5% of the words (valid 0.911 against 0.909 with all labelled; a cut at 0.99
# leaves 13% out and scored 0.902).
MIN_CONFIDENCE = 0.9
MAX_WORDS = 120  # a longer "sentence" (a table, a list) is cut into pieces of this many words


def conll_words(sentence) -> list[str]:
    """The sentence's words as CoNLL-2003 splits text: like spaCy, but a hyphenated word stays
    one word. The teacher learned on CoNLL's words; handed "Saab", "-", "Scania" it tags the lone
    hyphen O, and the CNN learned from that to cut such names in two."""
    words = []
    for token in sentence:
        if token.is_space:
            continue
        after_hyphen = token.i > sentence.start and is_infix_hyphen(token.nbor(-1))
        if words and (is_infix_hyphen(token) or after_hyphen):
            words[-1] += token.text
        else:
            words.append(token.text)
    return words


def article_sentences(nlp, text: str) -> list[tuple[str, ...]]:
    sentences = []
    for line in text.splitlines():
        for sentence in nlp(line).sents:
            words = conll_words(sentence)
            sentences += [tuple(words[i : i + MAX_WORDS]) for i in range(0, len(words), MAX_WORDS)]
    return sentences


def masked_tags(tags: list[str], confidences: list[float]) -> tuple[str, ...]:
    """The teacher's tags with the words it is unsure of MISSING, and every word of an entity
    that holds one: a half-sure name is better left out than taught cut short."""
    unsure = {i for i, confidence in enumerate(confidences) if confidence < MIN_CONFIDENCE}
    for begin, end, _ in iob_spans(tags):
        if unsure.intersection(range(begin, end)):
            unsure.update(range(begin, end))
    return tuple(MISSING if i in unsure else tag for i, tag in enumerate(tags))


def write(corpora_dir: Path, teacher_dir: Path, out_file: Path) -> None:
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(teacher_dir)
    model = AutoModelForTokenClassification.from_pretrained(teacher_dir).eval()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    texts = islice(reuters_train_texts(corpora_dir / "reuters21578"), ARTICLES)
    articles = [article_sentences(nlp, text) for text in texts]
    predictions = iter(
        predict_all(model, tokenizer, [s for sentences in articles for s in sentences])
    )
    docs = DocBin(store_user_data=False)
    for sentences in articles:
        tagged = [ConllSentence(words, masked_tags(*next(predictions))) for words in sentences]
        for i in range(0, len(tagged), SENTENCES_PER_EXAMPLE):
            docs.add(build_doc(nlp.vocab, tagged[i : i + SENTENCES_PER_EXAMPLE]))
    out_file.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(out_file)
    print(f"{len(articles)} articles, {len(docs)} examples -> {out_file}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    write(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
