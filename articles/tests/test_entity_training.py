"""The entity model's training data: CoNLL tags as spans, and teacher-labelled text laid out as
the gold text is. (Training itself is `make model`; these run without its packages.)"""

import spacy

from articles.enrich.entities.conll import ConllSentence, iob_spans
from articles.enrich.training.convert import build_doc
from articles.enrich.training.pseudo_labels import MAX_WORDS, article_sentences, masked_tags
from articles.enrich.training.teacher import spans


def test_iob_spans_read_both_iob_styles():
    # IOB2 (B- starts every entity) and IOB1 (I- starts one unless it follows its own label).
    assert iob_spans(["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
    ]
    assert iob_spans(["I-ORG", "I-ORG", "I-LOC", "O", "I-MISC"]) == [
        (0, 2, "ORG"),
        (2, 3, "LOC"),
        (4, 5, "MISC"),
    ]


def test_conll_sentence_spans_are_character_offsets():
    sentence = ConllSentence(
        ("Kim", "Jong", "Un", "visited", "Seoul"), ("B-PER", "I-PER", "I-PER", "O", "B-LOC")
    )
    assert [(sentence.text[a:b], label) for a, b, label in sentence.spans()] == [
        ("Kim Jong Un", "PER"),
        ("Seoul", "LOC"),
    ]


def test_teacher_scores_leave_misc_out():
    assert spans(["B-MISC", "O", "B-ORG", "I-ORG"]) == {(2, 4, "ORG")}


def test_unlabeled_text_is_cut_into_sentences_and_pieces():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    long_line = " ".join(["word"] * (MAX_WORDS * 2 + 10))
    sentences = article_sentences(nlp, f"Wagner Group fighters left. Seoul said so.\n{long_line}")
    assert sentences[:2] == [
        ("Wagner", "Group", "fighters", "left", "."),
        ("Seoul", "said", "so", "."),
    ]
    assert [len(s) for s in sentences[2:]] == [MAX_WORDS, MAX_WORDS, 10]


def test_hyphenated_words_stay_whole_for_the_teacher():
    # CoNLL, which the teacher learned on, keeps "Allis-Chalmers" one word; a lone "-" it tags O,
    # which taught the CNN to cut such names in two.
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    sentences = article_sentences(
        nlp, "Allis-Chalmers and Sheikh al-Sabah met on 1996-08-30 - late."
    )
    assert sentences == [
        ("Allis-Chalmers", "and", "Sheikh", "al-Sabah", "met", "on", "1996-08-30", "-", "late", ".")
    ]


def test_tagged_sentences_become_one_training_example():
    nlp = spacy.blank("en")
    doc = build_doc(
        nlp.vocab,
        [
            ConllSentence(("Wagner", "Group", "fighters", "left"), ("B-ORG", "I-ORG", "O", "O")),
            ConllSentence(("Seoul", "said", "so"), ("B-LOC", "O", "O")),
        ],
    )
    assert doc.text == "Wagner Group fighters left\nSeoul said so"
    assert [(e.text, e.label_) for e in doc.ents] == [("Wagner Group", "ORG"), ("Seoul", "LOC")]


def test_words_the_teacher_is_unsure_of_are_left_unlabelled():
    words = ("Kim", "Jong", "Un", "visited", "Acme", "Corp", "today")
    tags = ["B-PER", "I-PER", "I-PER", "O", "B-ORG", "I-ORG", "O"]
    sure = [0.99, 0.6, 0.99, 0.99, 0.97, 0.95, 0.4]
    masked = masked_tags(tags, sure)
    assert masked == ("-", "-", "-", "O", "B-ORG", "I-ORG", "-")
    doc = build_doc(spacy.blank("en").vocab, [ConllSentence(words, masked)])
    # "" is spaCy's "missing": training neither rewards nor punishes any label there.
    assert [token.ent_iob_ for token in doc] == ["", "", "", "O", "B", "I", ""]
    assert [(e.text, e.label_) for e in doc.ents] == [("Acme Corp", "ORG")]
