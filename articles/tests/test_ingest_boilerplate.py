"""Furniture learned from what recurs across one outlet's articles."""

from articles.ingest.boilerplate import (
    LINE,
    SENTENCE,
    TRAILING,
    Furniture,
    learn_furniture,
    remove_furniture,
    split_sentences,
)

DISCLAIMER = "Opinions on this page belong to their writers and not to the Daily Example."
QUOTE = '"We will not give up the fight for the harbour," the mayor told the crowd.'
WORDS = ["harbour", "council", "budget", "school", "bridge", "hospital", "railway", "museum"]


def story(number: int) -> str:
    """A story of its own: three sentences no other story has."""
    word = WORDS[number % len(WORDS)]
    return (
        f"The {word} board met for the {number}th time on Monday. "
        f"Members discussed plan number {number * 7} for the {word}. "
        f"A vote on item {number + 100} is due next week."
    )


def test_a_sentence_recurring_across_the_outlet_is_learned_and_a_repeated_quote_is_not():
    texts = [story(n) for n in range(60)]
    for n in range(0, 60, 4):  # 15 of 60 articles close with the disclaimer
        texts[n] += " " + DISCLAIMER
    texts[1] += " " + QUOTE  # two stories quote the mayor alike
    texts[2] += " " + QUOTE
    learned = learn_furniture(texts)
    assert [(item.text, item.kind, item.count) for item in learned] == [(DISCLAIMER, SENTENCE, 15)]
    assert remove_furniture(texts[0], learned) == story(0)
    assert remove_furniture(texts[1], learned) == texts[1]  # nothing to remove: text untouched


def test_a_short_line_recurring_across_the_outlet_is_learned():
    texts = [story(n).replace(". ", ".\n") for n in range(40)]
    for n in range(0, 40, 2):
        texts[n] = "Example Desk\n" + texts[n]
    learned = learn_furniture(texts)
    assert [(item.text, item.kind) for item in learned] == [("Example Desk", LINE)]
    assert remove_furniture(texts[0], learned) == story(0).replace(". ", ".\n\n")


def test_a_closing_block_is_one_unit_and_only_goes_at_the_end():
    block = "Got a tip for the desk? Write to us any day of the week."
    texts = [story(n) + " " + block for n in range(30)]
    learned = learn_furniture(texts)
    assert [(item.text, item.kind) for item in learned] == [(block, TRAILING)]
    assert remove_furniture(texts[3], learned) == story(3)
    inside = block + " " + story(5)  # the same words opening a story are the story's
    assert remove_furniture(inside, learned) == inside


def test_too_few_articles_teach_nothing():
    texts = [story(n) + " " + DISCLAIMER for n in range(10)]
    assert learn_furniture(texts) == []


def test_a_recurring_dateline_is_not_furniture():
    texts = [f"MOSCOW, February 7. /TASS/. {story(n)}" for n in range(40)]
    assert learn_furniture(texts) == []


def test_a_curators_pattern_removes_the_sentence_however_it_is_spaced():
    text = story(1) + " Follow  the Daily Example on the radio.- " + story(2)
    pattern = Furniture("Follow the Daily Example on the radio.", SENTENCE)
    assert remove_furniture(text, [pattern]) == story(1) + " " + story(2)


def test_sentences_are_not_split_after_an_abbreviation():
    assert split_sentences("He lives in St. Petersburg. Mr. Ivanov agreed.") == [
        "He lives in St. Petersburg.",
        "Mr. Ivanov agreed.",
    ]
