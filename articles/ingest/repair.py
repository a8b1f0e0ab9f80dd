"""Mojibake and mangled punctuation repaired before anything reads the text.

Scrapers that wrote UTF-8 through a single-byte code page leave two kinds of damage: text decoded
twice ("SinnÂ FÃ©in"), which ftfy undoes, and characters the code page could not hold written as
`"?` or U+FFFD ("Cyprus"?President", "O"\ufffdNeill"), which no library can undo: the character is
gone. For those the punctuation is put back where its neighbours say what it was, so names do not
swallow it; a letter lost inside a word stays lost (U+FFFD), and extraction leaves such a word out
of names.
"""

from __future__ import annotations

import re

import ftfy

# Curly quotes are kept: straightening them would change names curators already know.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)
LETTER = r"[^\W\d_]"
LOST_QUOTE = [
    # "Cyprus"?President", "Athletes"?Commission": a lost possessive apostrophe and its space.
    (re.compile(rf'(?<={LETTER})"\?(?={LETTER})'), "' "),
    # "O"\ufffdNeill": a lost apostrophe inside a name.
    (re.compile(rf'(?<={LETTER})"\ufffd+(?={LETTER})'), "'"),
    # ' "?Donald J. Trump (@realDonaldTrump)', 'trade "?Economy Ministry': a lost dash.
    (re.compile(r'(?:(?<=\s)|^)"\?(?=\S)'), "\u2014 "),
    # ',"?he said': a lost closing quote and its space.
    (re.compile(r'(?<=[.,;:!?])"\?'), '" '),
    # '"\ufffdmoderate"?': a lost opening quote.
    (re.compile(r'"\ufffd+'), '"'),
    # '"foo"?,': a lost closing quote; a '"?' before a space may be a real question mark.
    (re.compile(r'"\?(?=[^\s?!.])'), '"'),
]

# "Harris-said", "HSE-has", "the Health Service Executive-and the NTPF": a space (or a spaced
# dash) written as a hyphen after a name. Joined to a word a sentence goes on with, a hyphen is
# that damage, not a compound ("US-led", "Kim Jong-un" and "Cairo-based" are left alone); read
# as one word, the name swallowed the next word or lost its own last one.
SENTENCE_WORDS = (
    "said|says|told|added|confirmed|ruled|has|have|had|is|was|were|are|will|would|could|may|"
    "and|or|but|to|for|on|at|with|who|which|that|also"
)
LOST_SPACE = re.compile(rf"\b([A-Z]{LETTER}*)-((?:{SENTENCE_WORDS})\b)")
# "near the Arch de Triomphe.-The World Bank has offices", "Khan said.-", "Mohamed,- Somalia",
# "winchman Ciaran Smith- Air Accident Investigation Unit inspectors", "Pakistan --Pakistan":
# the same damage after a sentence or a clause, or a dash that lost the space on one side, which
# would join the two sentences' names into one. ("U.S.-China" has a capital before its dot.)
LOST_SENTENCE_SPACE = re.compile(r"(?<=[a-z]{2}[.!?,;:])-+(?:[ \t]+|(?=[A-Z])|$)", re.MULTILINE)
LOST_DASH_SPACE = re.compile(r"(?<=[A-Za-z])- (?=[A-Z])|(?<=\s)-{1,3}(?=[A-Z])")
# "Washington (CNN)President Donald Trump", "(CNN)The protests": a dateline's agency glued to
# the story's first word, which would read as one name with it ("(CNN)President").
GLUED_AGENCY = re.compile(r"(\([A-Z][A-Za-z.&'’ -]{0,30}\))(?=[A-Z][a-z])")


def repair_text(text: str) -> str:
    """`text` with mojibake undone and lost quotes, dashes and spaces put back."""
    if not text.isascii():  # pure ASCII holds no mojibake; ftfy is the slow part here
        text = ftfy.fix_text(text, FTFY_CONFIG)
    if '"' in text:
        for pattern, replacement in LOST_QUOTE:
            text = pattern.sub(replacement, text)
    if "-" in text:
        text = LOST_SPACE.sub(r"\1 \2", text)
        text = LOST_SENTENCE_SPACE.sub(" ", text)
        text = LOST_DASH_SPACE.sub(lambda dash: f" {dash.group().strip()} ", text)
    if ")" in text:
        text = GLUED_AGENCY.sub(r"\1 ", text)
    return text
