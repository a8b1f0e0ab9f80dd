"""One name per entity per article: short names, acronyms and spelling variants resolved.

`normalise_name` is the key for every lookup by name, here and in the curated registry that the
storage side builds; change it and the registry must be rebuilt.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from articles.enrich import FoundEntity, Registry

APOSTROPHES = re.compile(r"[’'`´]")
DOTS = re.compile(r"(?<=\w)\.(?=\w|$)|(?<=\w)\.(?=\s)")
NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=100_000)
def normalise_name(text: str) -> str:
    """The lookup key of a name: "U.S." -> "us", "Shin Won-sik" -> "shin won sik"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = APOSTROPHES.sub("", DOTS.sub("", text))
    words = NON_WORD.sub(" ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Mention:
    """One entity mention: character offsets into the article text and what it resolves to."""

    start: int
    end: int
    text: str
    kind: str  # "person", "org" or "place"
    name: str = ""  # canonical name, once resolved
    acronym_of: str = ""  # expansion this acronym was introduced with, as in "Long Name (LN)"
    curated: bool = False  # name and kind come from the registry

    @property
    def key(self) -> str:
        return normalise_name(self.text)

    @property
    def words(self) -> list[str]:
        return self.key.split()


def initials(text: str, with_of: bool = False) -> str:
    """ "Korean Central News Agency" -> "kcna"; "Joint Chiefs of Staff" -> "jcs" ("jcos"
    `with_of`); an acronym inside gives all its letters: "U.S. Navy" -> "usn" (not "un"), "UN
    Security Council" -> "unsc"."""
    return "".join(
        word.replace(".", "") if is_acronym(word) else word[0]
        for word in text.split()
        if word[:1].isupper() or with_of and word == "of"
    ).casefold()


# A body's last word that may also open its name before an "of": the "Justice Department" is
# the "Department of Justice", and spelt DOJ.
HEAD_NOUNS = frozenset({"Department", "Ministry"})


def initials_spellings(text: str) -> tuple[str, ...]:
    """The ways an acronym spells a name: its `initials`, and, when an "of" links its words,
    also with the "of" ("Department of Justice": "dj" and "doj", as in "DOJ"; "Bank of
    England": "be" and "boe"); a name ending in a `HEAD_NOUNS` word as the same name with that
    word before an "of" ("Justice Department": "jd", "dj" and "doj")."""
    words = text.split()
    if len(words) > 1 and words[-1] in HEAD_NOUNS and " of " not in text:
        reordered = f"{words[-1]} of {' '.join(words[:-1])}"
        return initials(text), *initials_spellings(reordered)
    if " of " not in text:
        return (initials(text),)
    return initials(text), initials(text, with_of=True)


def abbreviates(acronym: str, name: str, letters_checked: int | None = None) -> bool:
    """Whether `acronym` is the initials of `name`: its first `letters_checked` letters (all
    when None) open them, or, for three letters or more, each of its letters is an initial of
    the name, as a body's acronym in its own language is ("International Ski Federation (FIS)",
    "Social Democratic Party (SPD)", "Kurdistan Workers' Party (PKK)"). An acronym that is a
    word of the name abbreviates nothing: "NATO" of the "NATO Council"."""
    letters = acronym.replace(".", "").casefold()
    if letters in {word.replace(".", "").casefold() for word in name.split()}:
        return False
    spelt_out = len(letters) > 2
    return any(
        found.startswith(letters[:letters_checked]) or spelt_out and set(letters) <= set(found)
        for found in initials_spellings(name)
    )


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def heads_body(short: list[str], longer: list[str]) -> bool:
    """Whether a body's short name is what a longer one's "of" qualifies, in its first words:
    "the House" of an article that named the "(US) House of Representatives", "the Central Bank"
    of its "Central Bank of Russia". Both as normalised words. A two-word name before "of the"
    is not: that is more often a verb's object the model read on into its next words ("notify
    the European Council of the UK's intention") than a body's name ("Central Bank of Russia",
    "Supreme Court of Ukraine")."""
    size = len(short)
    return any(
        longer[k : k + size + 1] == [*short, "of"]
        and (size == 1 or longer[k + size + 1 : k + size + 2] != ["the"])
        for k in range(min(2, len(longer) - size - 1))
    )


def find_full_name(
    i: int, mentions: list[Mention], words: list[list[str]], linked: dict | None = None
) -> str | None:
    """The longer name mention `i` stands for: nearest earlier, else a unique later one.

    `words` holds each mention's words, split once: this runs for every pair of mentions;
    `linked` the collection's links (`Registry.linked`), for what a longer mention stands for.
    """
    short = words[i]
    if not short:
        return None
    size = len(short)
    acronym = is_acronym(mentions[i].text)
    body = mentions[i].kind == "org"

    def expands(j: int) -> bool:
        longer = words[j]
        if len(longer) <= size:
            return False
        other = mentions[j]
        if other.kind == "person":
            return longer[:size] == short or longer[-size:] == short
        if other.kind == "org":
            abbreviated = acronym and "".join(short) in initials_spellings(other.text)
            # "Fine Gael" of "Fine Gael Party"; a body's "Navy" of the article's "Russian Navy"
            one_more = len(longer) == size + 1 and (
                longer[:-1] == short or body and size == 1 and not acronym and longer[1:] == short
            )
            return abbreviated or one_more or body and heads(j)
        return False

    def stands_for(j: int) -> str:
        """The name mention `j` resolved to, or the collection links it to, or its own."""
        target = (linked or {}).get((mentions[j].key, mentions[j].kind))
        return mentions[j].name or (target[0] if target else mentions[j].text)

    def heads(j: int) -> bool:
        """Whether the short name heads mention `j`'s, as written or as what it stands for: "the
        Central Bank" of an article that wrote "Bank of Russia" for the Central Bank of Russia."""
        if heads_body(short, words[j]):
            return True
        other = stands_for(j)
        return other != mentions[j].text and heads_body(short, normalise_name(other).split())

    for j in range(i - 1, -1, -1):
        if expands(j):
            return stands_for(j)
    candidates = {stands_for(j) for j in range(i + 1, len(mentions)) if expands(j)}
    return candidates.pop() if len(candidates) == 1 else None


def resolve_names(
    mentions: list[Mention], registry: Registry, places: dict[str, str]
) -> list[Mention]:
    """Give each mention its canonical name and kind; drops blocked names."""
    resolved = []
    for mention in mentions:
        key = mention.key
        if not key or key in registry.blocked:
            continue
        if key in registry.names:
            name, kind = registry.names[key]
            resolved.append(replace(mention, name=name, kind=kind, curated=True))
        elif mention.kind == "place" and key in places:
            resolved.append(replace(mention, name=places[key]))
        elif mention.acronym_of:
            resolved.append(replace(mention, name=mention.acronym_of))
        else:
            resolved.append(mention)
    fixed = {m.key for m in resolved if m.name}
    words = [m.words for m in resolved]
    for i, mention in enumerate(resolved):
        if mention.key in fixed or len(words[i]) > 2 and not is_acronym(mention.text):
            continue
        full = find_full_name(i, resolved, words, registry.linked)
        if full:
            resolved[i] = replace(mention, name=full)
    if registry.linked:
        resolved = apply_links(resolved, registry)
    return [m for m in resolved if normalise_name(m.name or m.text) not in registry.blocked]


def apply_links(mentions: list[Mention], registry: Registry) -> list[Mention]:
    """The collection's links for the mentions the article itself left unresolved."""
    linked = []
    for mention in mentions:
        key = (mention.key, mention.kind)
        if mention.curated or mention.name or key not in registry.linked:
            linked.append(mention)
        elif target := registry.linked[key]:
            linked.append(replace(mention, name=target[0], kind=target[1]))
    return linked


def preferred_spelling(spellings: Counter) -> str:
    """The fullest form the article uses; mixed case over ALL CAPS datelines and headlines."""

    def rank(text: str) -> tuple:
        shouting = text.isupper() and not is_acronym(text)
        return (not shouting, len(text.split()), spellings[text], len(text))

    return max(spellings, key=rank)


def group_mentions(mentions: list[Mention]) -> list[tuple[list[Mention], str, str]]:
    """Mentions grouped per entity, with the entity's canonical name and kind."""
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(normalise_name(mention.name or mention.text), []).append(mention)
    result = []
    for members in groups.values():
        named = [m.name for m in members if m.name]
        spellings = Counter(m.text for m in members)
        name = Counter(named).most_common(1)[0][0] if named else preferred_spelling(spellings)
        curated = [m.kind for m in members if m.curated]
        kinds = Counter(m.kind for m in members if normalise_name(m.text) == normalise_name(name))
        kind = (
            curated[0]
            if curated
            else (kinds or Counter(m.kind for m in members)).most_common(1)[0][0]
        )
        result.append((members, name, kind))
    return result


def canonical_entities(
    mentions: list[Mention], registry: Registry, places: dict[str, str]
) -> tuple[list[FoundEntity], list[Mention]]:
    """The article's entities, most mentioned first, and its mentions with their final kinds."""
    entities, final = [], []
    for members, name, kind in group_mentions(resolve_names(mentions, registry, places)):
        variants = tuple(dict.fromkeys(m.text for m in members if m.text != name))
        introduced = tuple(dict.fromkeys(m.text for m in members if m.acronym_of))
        entities.append(
            FoundEntity(name, kind, len(members), variants=variants, introduced=introduced)
        )
        final.extend(replace(m, name=name, kind=kind) for m in members)
    entities.sort(key=lambda e: -e.count)
    final.sort(key=lambda m: m.start)
    return entities, final
