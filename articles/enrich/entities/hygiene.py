"""What a name may hold: no quotes, brackets, question marks, URLs or glued dateline fragments,
and never a common word that a capital at the start of a sentence made look like one.

    clean_span(text, start, end) -> (start, end) of the name inside, or None

Runs on each mention after the rules (entities.entity_rules), on the character offsets of the
article text, so a trimmed name keeps pointing at the right characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Words of the closed classes (question words, pronouns, determiners, conjunctions, auxiliaries),
# the adverbs that open sentences and a page's calls to action ("Read", "Click"): capitalised,
# they are still never a name.
COMMON_WORDS = frozenset("""
what why how when where who whom whose which whether while whatever however
i me my you your yours he him his she her hers it its we us our they them their this that these
those there here such each every either neither both all any some none no not nor yet so
is are was were be been being am do does did done have has had having would shall should
can could might must let lets
also just still even only perhaps maybe indeed instead meanwhile moreover furthermore thus
hence then now today yesterday tomorrow tonight please yes okay ok oh hello thanks
anyone anybody everyone everybody someone somebody nobody anything everything something nothing
photo photos video videos gallery pictures
""".split())  # fmt: skip  # noqa: SIM905
# Common words that, shouted, are names: the US, the World Health Organization.
SHOUTED_NAMES = frozenset({"US", "WHO"})
# A page's calls to action: alone ("Read", "Click") or opening a "person" ("View Comments",
# "Remember Brexit"), never a name.
CALLS_TO_ACTION = frozenset("""
read click watch follow share subscribe download listen tap swipe sign view remember
""".split())  # fmt: skip  # noqa: SIM905
COMMON_WORDS |= CALLS_TO_ACTION
# Groups of people named by faith, ethnicity or creed: like nationalities, descriptions of
# people, never a person, a body or a place ("Muslims", "Sunni", "Kurds").
PEOPLE_GROUPS = frozenset("""
muslim christian jew jewish catholic protestant orthodox hindu sikh buddhist sunni shia shiite
alawite yazidi druze copt coptic kurd kurdish arab roma islamist jihadist salafist evangelical
mormon atheist lgbt lgbtq lgbti lgbtqi lgbtqia
""".split())  # fmt: skip  # noqa: SIM905
# God and the figures of faith prayed to or sworn by ("God bless", "Allah"): the model reads them
# as people, but no analyst looks for them among the people of the news.
DEITIES = frozenset({
    "god", "allah", "jesus", "christ", "jesus christ", "lord", "buddha", "yahweh", "satan",
    "holy spirit", "almighty", "god almighty",
})  # fmt: skip
# Jobs and roles a page writes before or after a name, capitalised as a caption or a crew list
# ("Presenter: Hazem Sika Guests:", "Winch Operator Paul Ormsby"): never part of the name.
ROLE_WORDS = frozenset("""
presenter presenters guest guests host hosts reporter reporters correspondent correspondents
producer producers editor editors filmmaker filmmakers director directors photographer
photographers writer writers author authors analyst analysts operator operators pilot pilots
crew winchman manager coach captain officer spokesperson chairperson anchor narrator
""".split())  # fmt: skip  # noqa: SIM905
# Lower-case words a name may open with: surnames' particles ("de Mistura", "von der Leyen")
# and Arabic names' ("al-Qaeda", "bin Salman").
NAME_PARTICLES = frozenset("""
le la de da di du der den del della dos das van von ter ten al el ez ul bin ibn ben abu
""".split())  # fmt: skip  # noqa: SIM905
# Prefixes that make a name an adjective ("anti-EU", "post-Brexit", "pro-Kremlin"): no mention.
ADJECTIVE_PREFIXES = frozenset("""
anti pro post pre ex non neo pan trans mid semi pseudo inter intra sub super ultra counter
cross un
""".split())  # fmt: skip  # noqa: SIM905
# Lower-case words before a name's first capital ("west Mosul", "communist East Germany",
# "federal postal operator Post Office of Russia", a glued "said.- Snowden", "anti-EU").
LOWER_CASE_LEAD = re.compile(r"(?:[a-z][a-z'’]*[\s.,;:!?\u2013\u2014-]+)+(?=[A-Z0-9])")
# Last words that give a company's or a club's legal form: "Sony Corporation" is Sony, "Gazprom
# PJSC" Gazprom, "Sunderland FC" Sunderland (name_links.designator_links); alone, no name. Not
# "Group" or "Company": "Wagner Group" is no Wagner, the "East India Company" no East India.
LEGAL_FORMS = frozenset({
    "inc", "corp", "corporation", "co", "ltd", "llc", "plc", "ag", "gmbh", "sa", "fc", "pjsc",
    "ojsc", "jsc",
})  # fmt: skip
QUOTES_AND_BRACKETS = "\"'‘’“”«»„()[]{}<>"
# Inside a name these mean it runs into something else: a quote, a question, a URL, a handle.
BROKEN = re.compile(r"[\"“”«»„?()\[\]{}<>@#|\\/\ufffd]|https?:|www\.|\.(?:com|org|net)\b")
# A "?" that ends no question: glued to the next letter or followed by a lower-case word, it
# stands for a letter lost in encoding.
LOST_LETTER = re.compile(r"\?(?:[\w'’]| [a-z])")
QUALIFIER = re.compile(r"\w \( ?[A-Z]{1,3} ?\)$")
PLURAL_ACRONYM = re.compile(r"[A-Z]{2,6}s")
# A US lawmaker's party and state after the name: "Adam Schiff, D-California,", "(R-S.C.)",
# "I-Vt.". No place: the state is the member's, and the letter no part of a name.
PARTY_AND_STATE = re.compile(r"[DRI]-[A-Z][A-Za-z.]*(?: [A-Z][a-z.]+)?")
# Titles of nobility and royalty: what follows their "of" is the title's, no place or body
# mentioned ("the Duchess of Sussex", "the Prince of Wales").
NOBLE_TITLE_OF = re.compile(
    r"\b(?:Duke|Duchess|Earl|Countess|Marquess|Marchioness|Viscount|Viscountess|Baron|Baroness"
    r"|Prince|Princess)\s+of\s+$"
)
SENTENCE_END = frozenset(".!?:;\"'“”‘’\n")


def clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of text[start:end] that can be a name, or None when none of it can.

    A dateline glued to the next word ("(CNN)President") loses its bracketed part; quotes and
    brackets at either end are trimmed, and lower-case words before the first capital but a
    surname's particles ("west Mosul", "said.- Snowden"); what still holds one (or a URL, a
    handle, a lost character) is no name, nor an adjective made of one ("anti-EU").
    """
    name = text[start:end]
    if QUALIFIER.search(name):  # "Mladost (L)": a club told apart by its town's initial
        return (start, end) if not BROKEN.search(QUALIFIER.sub("", name)) else None
    if ")" in name:  # "(CNN)President", "CNN)President Trump": the name starts after it
        cut = name.rindex(")") + 1
        start, name = start + cut, name[cut:]
    if "(" in name:
        name = name[: name.index("(")]
        end = start + len(name)
    while name and (name[0] in QUOTES_AND_BRACKETS or name[0].isspace()):
        start, name = start + 1, name[1:]
    while name and (name[-1] in QUOTES_AND_BRACKETS or name[-1].isspace()):
        end, name = end - 1, name[:-1]
    lead = lower_case_lead(name)
    start, name = start + lead, name[lead:]
    if is_adjective(name):
        return None
    if name.rstrip(".").casefold() in LEGAL_FORMS and not name.isupper():
        return None  # "Inc", "Ltd": a company's name cut before its legal form
    if not any(ch.isupper() for ch in name) or BROKEN.search(name):
        return None
    # A letter lost next to the name ("Sinn F\ufffd\ufffdin") means the name was cut short.
    if "\ufffd" in text[max(start - 1, 0) : start] + text[end : end + 1]:
        return None
    if LOST_LETTER.match(text, end):  # "RT?'s", "RT? programme": "RTÉ" lost its last letter
        return None
    if PLURAL_ACRONYM.fullmatch(name):  # "NGOs", "ICBMs": a class of things, not one
        return None
    if PARTY_AND_STATE.fullmatch(name):
        return None
    if NOBLE_TITLE_OF.search(text, max(start - 20, 0), start):
        return None
    if name.casefold() in COMMON_WORDS and name not in SHOUTED_NAMES:  # "Why", a shouted "YOU"
        return None
    if name.casefold() in ROLE_WORDS:  # "Author", "Chairperson": a byline's or a caption's label
        return None
    return start, end


def lower_case_lead(name: str) -> int:
    """How many characters of lower-case words open `name` before its first capital and are no
    part of it ("west Mosul", "said.- Snowden"): a surname's particles are ("de Mistura",
    "al-Qaeda"), and so is the prefix of an adjective that opens a name ("trans-Pacific
    Partnership")."""
    lead = LOWER_CASE_LEAD.match(name)
    if lead is None or lead.group().removesuffix("-") in ADJECTIVE_PREFIXES:
        return 0
    words = re.findall(r"[a-z][a-z'’]*", lead.group())
    return 0 if all(word in NAME_PARTICLES for word in words) else lead.end()


def is_adjective(name: str) -> bool:
    """ "anti-EU", "Ex-Labour", "Post-Truth": a name made an adjective by its prefix."""
    prefix, hyphen, _ = name.partition("-")
    return bool(hyphen) and " " not in name and prefix.casefold() in ADJECTIVE_PREFIXES


def trim_role_words(
    name: str, lowercase_words: frozenset[str], after_portfolio: bool = False
) -> tuple[int, int]:
    """Where a person's name starts and ends inside `name` once the capitalised role words a
    page glued to it are cut: in front, a word that names a role or that the article also
    writes in lower case ("Winch Operator Paul Ormsby"), or, `after_portfolio` ("Minister for
    Children Katherine Zappone"), all but the last two words; behind, a role ("Hazem Sika
    Guests" of a "Presenter: ... Guests:" line). Two capitalised words of the name are always
    left. Character offsets into `name`."""
    words = [(m.start(), m.end(), m.group().rstrip(".,:;")) for m in re.finditer(r"\S+", name)]
    if after_portfolio and len(words) > 2 and all(w[:1].isupper() for _, _, w in words[-2:]):
        return words[-2][0], words[-1][1]

    def is_role(word: str, lower_use: bool) -> bool:
        key = word.casefold()
        return (
            word[:1].isupper()  # "bin" of "Mohammed bin Salman" is part of the name
            and word.isalpha()
            and len(word) > 2
            and not word.isupper()
            and (key in ROLE_WORDS or lower_use and key in lowercase_words)
        )

    first, last = 0, len(words)
    for i in range(len(words) - 2, 0, -1):  # the last role word before two capitalised words
        rest = [word for _, _, word in words[i : i + 2]]
        names = all(w[:1].isupper() and not is_role(w, True) for w in rest)
        if names and is_role(words[i - 1][2], True):
            first = i
            break
    while last - first > 2 and is_role(words[last - 1][2], False):
        last -= 1
    return words[first][0], words[last - 1][1]


def is_called_to_action(name: str) -> bool:
    """ "View Comments", "Remember Brexit": a prompt of the page read as a person."""
    return name.split(maxsplit=1)[0].casefold() in CALLS_TO_ACTION


def is_people_group(name: str) -> bool:
    """ "Muslims", "Sunni Muslims", "Kurds": a group of people, not an entity."""
    words = [word.casefold().removesuffix("s") for word in name.split()]
    return bool(words) and all(word in PEOPLE_GROUPS for word in words)


def is_numbered(name: str) -> bool:
    """ "Kamov Ka-52", "Boeing 737": a "person" with a digit in the name is a machine or a
    model; people's names hold none."""
    return any(character.isdigit() for character in name)


def is_deity(name: str) -> bool:
    return " ".join(name.casefold().split()) in DEITIES


def is_sentence_start(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence, a line or a quotation."""
    before = preceding(text, start)
    return not before or before[-1] in SENTENCE_END


def preceding(text: str, at: int) -> str:
    """The two characters before `at` once the spaces and tabs there are passed ("" at the
    start). Read back from `at`: copying the text before each name was quadratic in long
    articles."""
    end = at
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return text[max(end - 2, 0) : end]


def is_common_word(text: str, start: int, end: int, lowercase_words: frozenset[str]) -> bool:
    """A one-word name at a sentence start that the article also writes in lower case ("Watch
    the video ... watch", "Why ... why"): a common word, capitalised by its place."""
    name = text[start:end]
    return (
        name.isalpha()
        and name.casefold() in lowercase_words
        and not name.isupper()
        and is_sentence_start(text, start)
    )


def written_only_at_openings(text: str, names: set[str]) -> list[str]:
    """The one-word names of `names` that the article writes with a capital only where a
    sentence, a line or a quotation opens ("Hours earlier, ...", "Beyond that, ..."; the
    article need not write the word in lower case too, see `is_common_word`). A name is
    capitalised wherever it stands, so the collection weighs these (name_links.USE_THRESHOLDS)."""
    found = []
    for name in names:
        if not name.isalpha() or name.isupper() or not name[:1].isupper():
            continue
        starts = list(word_starts(text, name))
        if starts and all(opens_sentence(text, at) for at in starts):
            found.append(name)
    return found


def word_starts(text: str, word: str) -> Iterator[int]:
    """Where `word` stands in `text` as a word of its own (not inside "Hoursley")."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and text[at - 1].isalnum()) and not (end < len(text) and text[end].isalnum()):
            yield at
        at = text.find(word, end)


def opens_sentence(text: str, at: int) -> bool:
    """`is_sentence_start`, but not after a quote closed on a comma ('"... little," Bayern coach
    Carlo Ancelotti said')."""
    before = preceding(text, at)
    return not before or before[-1] in SENTENCE_END and before[-2:-1] != ","
