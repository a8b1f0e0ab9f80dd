"""One value per real-world entity across a collection: which names stand for which others.

Within one article, canonical.py already sends "Kim" to "Kim Jong Un". Across articles only the
collection can tell: a lone "Trump" in one story is the "Donald Trump" of the others; "EU" is the
"European Union" that another story introduced as "European Union (EU)"; "Justice Department" and
"Department of Justice" are one body.

    find_links(names, acronyms, outlets) -> list[NameLink]
    stale_links(links, names, acronyms, outlets) -> the recorded links whose reason is gone

Pure: the store side gives the collection's entities with how many articles mention each, and
the acronyms articles introduced, and records the links (articles/store/entity_links.py).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from articles.enrich.entities.canonical import (
    abbreviates,
    heads_body,
    initials,
    initials_spellings,
    is_acronym,
    normalise_name,
)
from articles.enrich.entities.gazetteer import load_gazetteer
from articles.enrich.entities.hygiene import LEGAL_FORMS
from articles.enrich.entities.rules import ARABIC_BODY_WORDS, is_name_word

# Articles writing a name before a leader's word ("the Biden administration") that make it the
# person: one could be a campaign named after anything.
LEADER_LEAST = 2
# A lone name goes to the full name that holds at least this share of the articles naming any of
# its candidates, and this many times the next one: "Trump" is Donald Trump, whatever Ivanka does.
DOMINANT_SHARE = 0.75
DOMINANT_RATIO = 4
# Surnames that begin with these are one part: "Le Pen", "de Mistura", "al Assad".
# Particles of European surnames: "Marine Le Pen", "Ursula von der Leyen".
SURNAME_PARTICLES = frozenset({"le", "la", "de", "da", "di", "du", "der", "van", "von"})
# And of Arabic names, which also open bodies' names ("Jabhat al-Nusra").
PARTICLES = SURNAME_PARTICLES | {"al", "el", "bin"}
# Articles a newspaper's title opens with: "Die Welt" spells DW, and is no DW.
TITLE_ARTICLES = frozenset({"the", "die", "der", "das", "le", "la", "les", "el", "il"})
# A body's name read without these words, in any order: "Department of Justice".
LINKING_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "&"})
# Acronym expansions seen this often, in this share of the introductions, are the acronym.
ACRONYM_SHARE = 0.66


@dataclass(frozen=True)
class UseThreshold:
    """How a name used as no entity (`name_use_links`) is weighed: in this many articles, and in
    this share of the count of articles that read it as an entity, it is none; the use weighs
    names of these kinds, acronyms or not, and gives its link this reason."""

    least: int
    share: float
    kinds: tuple[str, ...]
    acronyms: bool
    reason: str


# Periods are rarer: most articles name Brexit without saying it is a time (3 of 20, 3 of 29, 7
# of 44 on the dev outlets; no body of theirs twice). Policies' names must be the commoner use:
# "the EU plan" is the EU's.
USE_THRESHOLDS = {
    "damaged": UseThreshold(2, 0.5, ("person", "org", "place"), True, "damaged"),
    "event": UseThreshold(2, 0.5, ("org",), False, "event"),
    "period": UseThreshold(3, 0.1, ("org",), False, "event"),
    "policy": UseThreshold(3, 0.5, ("org",), True, "policy"),
    "work": UseThreshold(2, 0.5, ("place",), True, "work"),
    "title": UseThreshold(2, 0.5, ("person", "org", "place"), True, "work"),
    # An acronym articles introduce as a law's, treaty's or event's ("North American Free Trade
    # Agreement (NAFTA)"): the other articles write it bare, so a few introductions suffice.
    "law": UseThreshold(2, 0.1, ("org", "place"), True, "event"),
    # A word most of its articles capitalise only where a sentence opens ("Hours earlier",
    # "Beyond that"): the model read the capital, where a name is capitalised wherever it
    # stands. Weighed against every name holding the word; places and people's name parts
    # the collection knows are left (see name_use_links).
    "opening": UseThreshold(2, 0.75, ("person", "org", "place"), False, "common word"),
}
# The kinds an acronym's expansion may be ("EU" the body, "DRC" the place), not people.
BODY_KINDS = ("org", "place")


@dataclass(frozen=True)
class KnownName:
    """An entity of the collection and the number of articles that mention it."""

    name: str
    kind: str
    articles: int


@dataclass(frozen=True)
class NameLink:
    """`name` (of `kind`) stands for `target`; a None target means it stands for one of several
    people and the collection cannot tell which, so it is not shown as a person of its own."""

    name: str
    kind: str
    target: str | None
    target_kind: str
    reason: str  # "surname", "first name", "acronym", "word order", "title", "kind", "ambiguous",
    # "nested", "event", "damaged", "policy", "work", "designator", "common word"


def acronym_introductions(
    name: str, kind: str, variants: tuple[str, ...], introduced: tuple[str, ...] = ()
) -> list[tuple[str, str, str]]:
    """(acronym, expansion, kind) for each acronym variant of an article's entity of several
    words that abbreviates its name ("EU" of "European Union"), or that the article gave a body
    in brackets in its own language ("Party for Freedom (PVV)"): what the article introduced as
    "European Union (EU)". An acronym of the second kind stands for its body across the
    collection only when two articles introduce it so (`acronym_expansion`); a variant the
    article did not bracket ("NATO" of a "NATO Council") is no introduction of it."""
    found = []
    for variant in variants:
        if not is_acronym(variant) or len(name.split()) < 2:
            continue
        letters = variant.replace(".", "")
        own_language = kind == "org" and variant in introduced and len(letters) > 2
        if abbreviates(variant, name) or own_language:
            found.append((variant, name, kind))
    return found


def find_links(
    names: list[KnownName],
    acronyms: dict[str, Counter] | None = None,
    outlets: frozenset[str] = frozenset(),
    together: frozenset[frozenset[tuple[str, str]]] = frozenset(),
    uses: dict[str, Counter] | None = None,
) -> list[NameLink]:
    """The links the collection makes plain, at most one per (name, kind).

    `acronyms` maps an acronym's normalised form to a Counter of (expansion, kind) introductions;
    `outlets` holds the names of the collection's sources (publishers and agencies); `together`
    the pairs of `spelling_pairs` that one article names both of, as two entities; `uses` a
    normalised name to a Counter of the articles using it as no entity, by use (`NameUse`).
    """
    acronyms = acronyms or {}
    led = leader_uses(uses or {})
    links: dict[tuple[str, str], NameLink] = {}
    for link in [
        *outlet_links(names, outlets, acronyms),
        *acronym_links(names, acronyms),
        *titled_name_links(names),
        *title_body_links(names),
        *kind_links(names),  # a town read as a body is the town ("Sochi" of "Sochi Olympics")
        *name_use_links(names, uses or {}, acronyms),
        *leader_links(names, led),
        *middle_initial_links(names),
        *spelling_links(names, together),
        *place_named_links(names, led),
        *person_shaped_links(names),
        *possessed_body_links(names),
        *word_order_links(names, acronyms),
        *designator_links(names),
        *initials_links(names),
        *lone_name_links(names),
        *head_word_links(names),
    ]:
        links.setdefault((link.name, link.kind), link)
    # A body's short name goes to the longer one it stands for, as those end up after the links
    # above: "Security Council" to what "UN Security Council" is linked to.
    for link in nested_name_links(names, links):
        links.setdefault((link.name, link.kind), link)
    return [follow(link, links) for link in links.values()]


def stale_links(
    links: list[NameLink],
    names: list[KnownName],
    acronyms: dict[str, Counter] | None = None,
    outlets: frozenset[str] = frozenset(),
    together: frozenset[frozenset[tuple[str, str]]] = frozenset(),
    uses: dict[str, Counter] | None = None,
) -> list[NameLink]:
    """The recorded links that the collection's evidence no longer makes.

    A linked name has no articles of its own any more (its mentions went to the target), so it
    is asked about as a name of one article: enough to be weighed, never enough to outweigh.
    """
    present = {(known.name, known.kind) for known in names}
    absent = [link for link in links if (link.name, link.kind) not in present]
    asked = names + [KnownName(link.name, link.kind, 1) for link in absent]
    now = {
        (link.name, link.kind): link
        for link in find_links(asked, acronyms, outlets, together, uses)
    }
    recorded = {(link.name, link.kind): link for link in links}

    def end(target: str | None, kind: str) -> tuple[str | None, str]:
        seen = set()
        while target is not None and (target, kind) in recorded and (target, kind) not in seen:
            seen.add((target, kind))
            onward = recorded[(target, kind)]
            target, kind = onward.target, onward.target_kind
        return target, kind

    stale = []
    for link in links:
        made = now.get((link.name, link.kind))
        if made is None or end(made.target, made.target_kind) != end(link.target, link.target_kind):
            stale.append(link)
    return stale


def outlet_links(
    names: list[KnownName], outlets: frozenset[str], acronyms: dict[str, Counter] | None = None
) -> list[NameLink]:
    """The collection's own outlets are organisations, whatever kind the model read ("told Al
    Jazeera", "DW reported" read as a person); an outlet known by its acronym is also the body or
    place those letters begin ("Deutsche Welle" of "DW"). Not a person's name: initials say too
    little ("Recep Tayyip Erdogan" spells RTE, "David Williams" DW), and one such link took a
    head of state's every mention to an outlet; unless an article introduced the outlet's
    acronym with it ("broadcaster Deutsche Welle (DW)", where the model read the interviewer's
    "Deutsche Welle:" of a Q&A as a speaker). Nor another newspaper's title ("Die Welt" spells
    DW, "Le Monde" LM)."""
    acronyms = acronyms or {}
    keys = {normalise_name(outlet): outlet for outlet in outlets}
    spelt = {normalise_name(o).replace(" ", ""): o for o in outlets if is_acronym(o)}
    links = []
    for known in names:
        key = normalise_name(known.name)
        words = key.split()
        if key in keys and known.kind != "org":
            links.append(NameLink(known.name, known.kind, keys[key], "org", "kind"))
        elif (
            len(words) > 1
            and words[0] not in TITLE_ARTICLES
            and (outlet := spelt.get(initials(known.name)))
            and (
                known.kind != "person"
                or acronyms.get(normalise_name(outlet), Counter())[(known.name, known.kind)]
            )
        ):
            links.append(NameLink(known.name, known.kind, outlet, "org", "acronym"))
    return links


def name_use_links(
    names: list[KnownName], uses: dict[str, Counter], acronyms: dict[str, Counter] | None = None
) -> list[NameLink]:
    """A body's name that articles use in an event's, law's or holiday's name at least half as
    often as others name the body ("Operation Euphrates Shield", "St Patrick's Day", "Schengen
    Agreement") is no body: the model reads the bare name as one. Acronyms stay bodies ("NATO
    Summit", "G20 Summit"), and places stay places ("Iraq War"). A name of any kind that
    articles write with a letter lost in encoding ("RT?'s" for "RTÉ's") is not shown, by the
    same measure; nor a body's name that most of its articles write as a policy or a scheme
    ("America First" policy, the "RHI scheme"), nor a place's that most give a body's
    possessive ("RTÉ's Morning Ireland", a programme), nor any name that most of its articles
    write after a work's noun ("the film Vera Drake"), nor an acronym that articles introduce
    as a law's or a treaty's ("NAFTA"). See `USE_THRESHOLDS`."""
    links = []
    through_acronyms = policy_uses_through_acronyms(uses, acronyms or {})
    holding = articles_holding_words(names)
    name_parts = people_by_name_part(names)
    for known in names:
        key = normalise_name(known.name)
        counts = Counter(uses.get(key) or {})
        # One article may write both: the larger count of the two.
        counts["policy"] = max(counts["policy"], through_acronyms.get((known.name, known.kind), 0))
        for use, threshold in USE_THRESHOLDS.items():
            if known.kind not in threshold.kinds or known.name.isupper() > threshold.acronyms:
                continue
            # A word capitalised only where sentences open is weighed against every name that
            # holds it, of any kind: "Chelsea" opens sentences, "Chelsea FC" and "Chelsea" fill
            # the rest of the collection.
            weighed = holding[key] if use == "opening" else known.articles
            if use == "opening" and (
                load_gazetteer().place_name(known.name)
                or known.kind == "person"
                and key in name_parts
            ):
                # "Massachusetts" is a place, and "Zinke said" the full name's (lone_name_links),
                # whatever sentences they open.
                continue
            if counts[use] >= max(threshold.least, threshold.share * weighed):
                links.append(NameLink(known.name, known.kind, None, known.kind, threshold.reason))
                break
    return links


def articles_holding_words(names: list[KnownName]) -> Counter:
    """A normalised word -> the articles of the names holding it, of any kind, added up (an
    article reading a name in two kinds counts twice: the count errs towards a name)."""
    holding: Counter = Counter()
    for known in names:
        holding.update(dict.fromkeys(normalise_name(known.name).split(), known.articles))
    return holding


def policy_uses_through_acronyms(
    uses: dict[str, Counter], acronyms: dict[str, Counter]
) -> dict[tuple[str, str], int]:
    """(body, kind) -> the articles writing its introduced acronym as a policy's name: articles
    that spell out the "Renewable Heat Incentive" go on with "the RHI scheme"."""
    through = {}
    for acronym, introductions in acronyms.items():
        expansion = acronym_expansion(acronym, introductions)
        count = (uses.get(acronym) or {}).get("policy", 0)
        if expansion is not None and count:
            through[expansion] = max(through.get(expansion, 0), count)
    return through


def nested_name_links(
    names: list[KnownName], links: dict[tuple[str, str], NameLink]
) -> list[NameLink]:
    """A name of several words that the collection otherwise reads only inside longer names of
    its kind is the one those longer names stand for, when one dominates: "Security Council" in
    "UN Security Council", a person's first names cut from the surname ("Abdel Fattah" of
    "Abdel Fattah el-Sisi"); see `nested_at`. A name far more common than all of them is a name
    of its own ("Foreign Ministry")."""
    bodies_and_people = [k for k in names if k.kind in ("org", "person")]
    ends: dict[tuple[str, str], Counter] = defaultdict(Counter)  # short -> Counter of ends
    keys = {k: normalise_name(k.name).split() for k in bodies_and_people}
    shorts = {
        (" ".join(keys[k]), k.kind): k
        for k in bodies_and_people
        if len(keys[k]) > 1 and (k.name, k.kind) not in links
    }
    for longer in bodies_and_people:
        words = keys[longer]
        link = links.get((longer.name, longer.kind))
        for size in range(2, len(words)):
            at = nested_at(words, size, longer.kind)
            part = (" ".join(words[at : at + size]), longer.kind)
            if part in shorts:
                target = (link.target, link.target_kind) if link else (longer.name, longer.kind)
                if target[0] is not None:
                    ends[part][target] += longer.articles
    found = []
    for part, targets in ends.items():
        short = shorts[part]
        (top, articles), *_ = targets.most_common()
        total = sum(targets.values())
        if short.articles > DOMINANT_RATIO * total or normalise_name(top[0]) == part[0]:
            continue
        if short.kind == "person" and articles < short.articles:
            # A full name and what a page glued to it ("Anne Shortall Sgt O'Brien", "Francois
            # Fillon Ex"): the glued form is the rarer; first names alone are the rarer.
            continue
        if dominates([count for _, count in targets.most_common()]):
            found.append(NameLink(short.name, short.kind, top[0], top[1], "nested"))
    return found


def heading_pairs(names: list[KnownName]) -> list[tuple[KnownName, KnownName]]:
    """(short, longer) bodies where the short name of one or two words is what the longer's "of"
    qualifies ("Central Bank", "Central Bank of Russia"; `heads_body`): in an article naming both
    the short is the longer, as extraction reads it (canonical.find_full_name). Across articles
    it is not: the "Central Bank" of other stories is Ukraine's or the ECB."""
    bodies = [k for k in names if k.kind == "org"]
    words = {k: normalise_name(k.name).split() for k in bodies}
    shorts: dict[tuple[str, ...], list[KnownName]] = defaultdict(list)
    for known in bodies:
        if 0 < len(words[known]) <= 2:
            shorts[tuple(words[known])].append(known)
    pairs = []
    for longer in bodies:
        for k in range(min(2, len(words[longer]) - 2)):
            for size in (1, 2):
                for short in shorts.get(tuple(words[longer][k : k + size]), ()):
                    if heads_body(words[short], words[longer]):
                        pairs.append((short, longer))
    return list(dict.fromkeys(pairs))


def head_word_links(names: list[KnownName]) -> list[NameLink]:
    """A one-word body that heads several longer bodies' names ("House" of "House of
    Representatives", "House of Commons" and "House of Lords"), none of which dominates, stands
    for one of them and the collection cannot tell which: not shown, as an ambiguous surname is
    not. One far commoner than all of them is a name of its own; one that a single body
    dominates is left as it is (across stories a short name is often another body's: see
    `heading_pairs`)."""
    heads: dict[KnownName, list[KnownName]] = defaultdict(list)
    for short, longer in heading_pairs(names):
        if len(short.name.split()) == 1 and not is_acronym(short.name):
            heads[short].append(longer)
    links = []
    for short, longers in heads.items():
        counts = sorted((k.articles for k in longers), reverse=True)
        if short.articles > DOMINANT_RATIO * sum(counts) or len(counts) < 2:
            continue
        if not dominates(counts):
            links.append(NameLink(short.name, short.kind, None, short.kind, "ambiguous"))
    return links


def dominates(counts: list[int]) -> bool:
    """Whether the first of `counts` (articles per candidate, commonest first) dominates the
    rest: DOMINANT_SHARE of them all and DOMINANT_RATIO times the next."""
    second = counts[1] if len(counts) > 1 else 0
    return counts[0] >= DOMINANT_SHARE * sum(counts) and counts[0] >= DOMINANT_RATIO * second


def follow(link: NameLink, links: dict[tuple[str, str], NameLink]) -> NameLink:
    """The link to the end of its chain: "UNSC" -> "UN Security Council" -> "United Nations
    Security Council" gives "UNSC" -> "United Nations Security Council"; a chain that ends in
    a name not shown is not shown either ("Kuznetsov" of a shouted caption)."""
    seen = {(link.name, link.kind)}
    end = link
    while end.target is not None and (end.target, end.target_kind) in links:
        if (end.target, end.target_kind) in seen:
            return link
        seen.add((end.target, end.target_kind))
        end = links[(end.target, end.target_kind)]
    if end is link:
        return link
    if end.target is None:
        return NameLink(link.name, link.kind, None, link.kind, link.reason)
    return NameLink(link.name, link.kind, end.target, end.target_kind, link.reason)


def people_by_name_part(names: list[KnownName]) -> dict[str, list[KnownName]]:
    """The people of several words by each normalised first name and surname ("Le Pen" too)."""
    by_part: dict[str, list[KnownName]] = defaultdict(list)
    for known in names:
        words = normalise_name(known.name).split()
        if known.kind == "person" and len(words) > 1:
            parts = {words[0], words[-1]}
            if len(words) > 2 and words[-2] in PARTICLES:
                parts.add(" ".join(words[-2:]))
            for part in parts:
                by_part[part].append(known)
    return by_part


def lone_name_links(names: list[KnownName]) -> list[NameLink]:
    """A one-word person is the full name whose first or last word it is, when one dominates;
    when several people share it and none dominates, it is ambiguous."""
    by_part = people_by_name_part(names)
    others: dict[str, list[KnownName]] = defaultdict(list)  # the same name read as a body
    for known in names:
        if known.kind == "org":
            others[normalise_name(known.name)].append(known)
    places = {normalise_name(known.name) for known in names if known.kind == "place"}
    links = []
    for known in names:
        key = normalise_name(known.name)
        if known.kind != "person" or is_acronym(known.name):
            continue
        if len(key.split()) > 1 and not (len(key.split()) == 2 and key.split()[0] in PARTICLES):
            continue
        # "Le Pen", "de Mistura", "al Assad": a two-word surname is looked up as one part too
        candidates = [c for c in by_part.get(key, ()) if normalise_name(c.name) != key]
        candidates.sort(key=lambda k: -k.articles)
        words = key.split()
        if not candidates:
            if len(words) == 1 and (link := unnamed_person_link(known, others.get(key, []))):
                links.append(link)
            elif len(words) == 1 and key not in places:
                # No article names this "person" in full, none reads it as a body or a place:
                # a company, a river or a word more often than a person ("Daimler", "Don").
                links.append(NameLink(known.name, known.kind, None, known.kind, "kind"))
            continue
        top = candidates[0]
        if known.articles > DOMINANT_RATIO * top.articles:
            if len(words) == 1 and (link := unnamed_person_link(known, others.get(key, []))):
                links.append(link)  # "Garda", far commoner than "Garda Noirin O'Sullivan"
            elif len(candidates) > 1:
                # Several people's surname, far commoner alone than any of their full names
                # (first names lost to broken letters, "N??ir??n O'Sullivan"): one of them, and
                # the collection cannot tell which.
                links.append(NameLink(known.name, known.kind, None, known.kind, "ambiguous"))
            # A name far more common than the one full name it could stand for is not its short
            # form: "Al Jazeera" (read as a person in 195 articles) is not the one garbled
            # "Zabihullah Mujahid-told Al Jazeera". Left as it is, neither linked nor hidden.
            continue
        if dominates([c.articles for c in candidates]):
            first = normalise_name(top.name).split()[0] == words[0]
            reason = "first name" if first else "surname"
            links.append(NameLink(known.name, known.kind, top.name, top.kind, reason))
        else:
            links.append(NameLink(known.name, known.kind, None, known.kind, "ambiguous"))
    return links


def leader_uses(uses: dict[str, Counter]) -> Counter:
    """Normalised name -> the articles writing it before "administration", "presidency" or
    "campaign" (`rules.used_as_leaders`): "the Biden administration", which the model reads as
    a body, names a person."""
    return Counter({key: counts["leader"] for key, counts in uses.items() if counts.get("leader")})


def led_names(names: list[KnownName], led: Counter) -> set[tuple[str, str]]:
    """The one-word bodies and places, as (name, kind), that most of their articles write
    before a leader's word (`leader_uses`)."""
    return {
        (known.name, known.kind)
        for known in names
        if known.kind in BODY_KINDS
        and led[normalise_name(known.name)] >= max(LEADER_LEAST, known.articles / 2)
    }


def leader_links(names: list[KnownName], led: Counter) -> list[NameLink]:
    """A name of `led_names` is the person whose surname it is, when one person of that surname
    dominates the collection. Not a first name: "the Donald administration" is nobody's."""
    by_part = people_by_name_part(names)
    leading = led_names(names, led)
    links = []
    for known in names:
        if (known.name, known.kind) not in leading:
            continue
        key = normalise_name(known.name)
        people = [p for p in by_part.get(key, ()) if normalise_name(p.name).endswith(" " + key)]
        people.sort(key=lambda p: -p.articles)
        if people and dominates([p.articles for p in people]):
            top = people[0]
            links.append(NameLink(known.name, known.kind, top.name, top.kind, "surname"))
    return links


def unnamed_person_link(known: KnownName, others: list[KnownName]) -> NameLink | None:
    """A one-word person whose full name no article of the collection gives, and that other
    articles read as a body ("Facebook", "Garda"), is that body: news names people in full. One
    that others read as a place stays a person: people are named after places far more often
    than after bodies ("Washington"). One that no article reads otherwise is not shown
    (`lone_name_links`): on the dev outlets those were companies and words ("Daimler", "Don",
    "Grace") more often than people known by one name."""
    if not others:
        return None
    top = max(others, key=lambda k: k.articles)
    return NameLink(known.name, known.kind, top.name, top.kind, "kind")


def nested_at(words: list[str], size: int, kind: str) -> int:
    """Where a shorter name of `size` words sits in a longer one when both name one entity.

    A person's at the start ("Abdel Fattah" of "Abdel Fattah el-Sisi"; what ends a name is a
    surname, or the name after a title: titled_name_links). A body's at the end, where the
    longer keeps the word that says what it is ("Security Council" in "UN Security Council"):
    "UN Security Council Resolution" is a resolution and "Interior Ministry of the Russian
    Empire" another ministry. (A body cut at a connector is joined at extraction:
    rules.join_connected_names.)
    """
    return 0 if kind == "person" else len(words) - size


def titled_name_links(names: list[KnownName]) -> list[NameLink]:
    """Words found in front of several known people's full names are a title ("Taoiseach" before
    "Enda Kenny" and "Leo Varadkar"): "Taoiseach Enda Kenny", whatever kind the model gave it, is
    the person, and "Taoiseach" alone is not a person of its own. Words in front of one person
    only are a title when that person's name is already whole, a first name and a surname
    ("Filmmaker Michael Moore"); in front of a surname alone they are a first name ("Marine" of
    "Marine Le Pen"). When the longer form is the commoner, the shorter is a part of it
    ("Tayyip Erdogan" of "Recep Tayyip Erdogan")."""
    people = {normalise_name(k.name): k for k in names if k.kind == "person"}
    people = {key: k for key, k in people.items() if len(key.split()) > 1}
    titled = []  # (entity, title words, person)
    fronted: dict[str, set[str]] = defaultdict(set)
    body_openers = {normalise_name(word) for word in ARABIC_BODY_WORDS}
    for known in names:
        words = normalise_name(known.name).split()
        if words and words[0] in body_openers:
            continue  # "Jabhat Fateh al-Sham" is the front, not a "Fateh al-Sham" titled
        for cut in range(1, len(words) - 1):
            person = people.get(" ".join(words[cut:]))
            if person is not None:
                title = " ".join(words[:cut])
                titled.append((known, title, person))
                fronted[title].add(person.name)
                break
    links = []
    for known, title, person in titled:
        if len(fronted[title]) >= 2:
            links.append(NameLink(known.name, known.kind, person.name, "person", "title"))
        elif normalise_name(person.name).split()[0] not in PARTICLES:
            # A body or place named by a person's whole name after a word is that person
            # ("Health Simon Harris" of "Minister for Health Simon Harris").
            if person.articles >= known.articles or known.kind != "person":
                links.append(NameLink(known.name, known.kind, person.name, "person", "title"))
            elif known.kind == "person":
                links.append(NameLink(person.name, "person", known.name, "person", "nested"))
    # A title alone is no person; nor a place, when it is an acronym no gazetteer knows ("TD"
    # before "Clare Daly" and "Catherine Connolly"). A body may front people too ("Garda
    # Kevin Heffernan"): left.
    links.extend(
        NameLink(k.name, k.kind, None, k.kind, "title")
        for k in names
        if (k.kind == "person" or is_unknown_place_acronym(k))
        and len(fronted.get(normalise_name(k.name), ())) >= 2
    )
    return links


def title_body_links(names: list[KnownName]) -> list[NameLink]:
    """A one-word "body" found in front of two people's full names or more, and in front of no
    body's name, is a title ("Taoiseach" of "Taoiseach Enda Kenny" and "Taoiseach Brian Cowen":
    "the Taoiseach said"), not shown. A body's name fronts its own bodies' as well as people
    ("Garda Kevin Heffernan", "Garda Press Office"), and stays; so do acronyms ("NATO Secretary
    General Jens Stoltenberg")."""
    people = {normalise_name(k.name) for k in names if k.kind == "person"}
    fronted_people: dict[str, set[str]] = defaultdict(set)
    fronted_bodies: set[str] = set()
    for known in names:
        first, *rest = known.name.split() or [""]
        remainder = normalise_name(" ".join(rest))
        if len(rest) > 1 and (remainder in people or known.kind == "person"):
            if is_name_word(rest[0]) and not rest[0].isupper():
                fronted_people[first].add(remainder)
        elif rest and known.kind == "org":
            fronted_bodies.add(first)
    return [
        NameLink(k.name, k.kind, None, k.kind, "title")
        for k in names
        if k.kind == "org"
        and not is_acronym(k.name)
        and len(fronted_people.get(k.name, ())) >= 2
        and k.name not in fronted_bodies
    ]


def is_shouted(name: str) -> bool:
    return name.isupper() and len(name.split()) > 1


def kind_links(names: list[KnownName]) -> list[NameLink]:
    """One name under several spellings or kinds across the collection ("UNITED NATIONS" in a
    shouted dateline, "Marine Le Pen" read as an organisation) is the spelling and kind most
    articles give it. Across kinds only names of several words ("Fine Gael" read as a body in 13
    articles and as a place in 9; a person against a body only by two to one), since a one-word
    name ("Washington") is often two things; of those only an acronym read as a place no
    gazetteer knows, and a place the gazetteer knows read as a body ("Astana", "Murmansk":
    talks and ports are named after their towns, and a town's name is the place the facet
    shows; see `town_links`)."""
    groups: dict[str, list[KnownName]] = defaultdict(list)
    surnames = set()  # "de mistura" of "Staffan de Mistura"
    for known in names:
        words = normalise_name(known.name).split()
        groups[" ".join(words)].append(known)
        if known.kind == "person" and len(words) > 2:
            surnames.add(" ".join(words[-2:]))

    def is_body_name(known: KnownName) -> bool:
        """A "person" whose name opens with a particle and ends no person's name is a body's
        name ("al Qaeda"): people are named by a first name, so the other kind is followed."""
        words = normalise_name(known.name).split()
        return (
            known.kind == "person"
            and len(words) > 1
            and words[0] in PARTICLES
            and " ".join(words) not in surnames
        )

    links = []
    for key, members in groups.items():
        if all(is_shouted(member.name) for member in members):
            # A shouted "person" no article writes otherwise is a caption or a heading
            # ("KUZNETSOV AIRCRAFT CARRIER"): news writes people's names in mixed case.
            hidden = [m for m in members if m.kind == "person"]
            links.extend(NameLink(m.name, m.kind, None, m.kind, "kind") for m in hidden)
        if len(members) < 2:
            continue
        top = max(members, key=lambda k: (not is_shouted(k.name), not is_body_name(k), k.articles))
        for member in members:
            if member == top:
                continue
            # The model confuses people with bodies more than bodies with places: a link
            # from or to a person wants twice the articles ("Marine Le Pen" read as a body).
            ratio = 2 if "person" in (top.kind, member.kind) else 1
            if (
                member.kind == top.kind
                or is_body_name(member)
                or (len(key.split()) > 1 or is_unknown_place_acronym(member))
                and top.articles > member.articles
                and top.articles >= ratio * member.articles
            ):
                links.append(NameLink(member.name, member.kind, top.name, top.kind, "kind"))
    return links + town_links(names)


def town_links(names: list[KnownName]) -> list[NameLink]:
    """A one-word body that the gazetteer knows as a town or country is that place."""
    gazetteer = load_gazetteer()
    links = []
    for known in names:
        if known.kind != "org" or " " in known.name.strip() or is_acronym(known.name):
            continue
        place = gazetteer.place_name(known.name)
        if place is not None:
            links.append(NameLink(known.name, known.kind, place, "place", "kind"))
    return links


def middle_initial_links(names: list[KnownName]) -> list[NameLink]:
    """A person's name with and without a middle initial ("Donald J. Trump", "Michael D
    Higgins") is one person: the spelling most articles use."""
    groups: dict[str, list[KnownName]] = defaultdict(list)
    for known in names:
        words = normalise_name(known.name).split()
        if known.kind == "person" and len(words) > 2:
            inner = [word for word in words[1:-1] if len(word) > 1]
            groups[" ".join([words[0], *inner, words[-1]])].append(known)
    for known in names:
        key = normalise_name(known.name)
        if known.kind == "person" and key in groups:
            groups[key].append(known)
    links = []
    for members in groups.values():
        top = max(members, key=lambda k: (k.articles, len(k.name)))
        links.extend(
            NameLink(m.name, m.kind, top.name, top.kind, "kind") for m in members if m is not top
        )
    return links


def spelling_pairs(names: list[KnownName]) -> list[tuple[KnownName, KnownName]]:
    """Names of one kind and of several words that differ in one word only, by one letter
    ("Sergei" / "Sergey Lavrov", "Aerospace Force" / "Aerospace Forces") or by the Arabic
    article ("el-Sisi" / "al-Sisi"): transliterations and plurals of one name, unless one article
    names both (see `spelling_links`)."""
    buckets: dict[tuple, list[tuple[str, KnownName]]] = defaultdict(list)
    for known in names:
        words = normalise_name(known.name).split()
        if known.kind in ("person", "org") and len(words) > 1:
            for i, word in enumerate(words):
                buckets[(known.kind, i, *words[:i], "", *words[i + 1 :])].append((word, known))
    pairs = []
    for members in buckets.values():
        for at, (word, known) in enumerate(members):
            for other_word, other in members[at + 1 :]:
                if is_respelling(word, other_word):
                    pairs.append((known, other))
    return pairs


# The letters transliterations trade ("Sergei" / "Sergey", "Dmitri" / "Dmitry") or add ("Mohamed"
# / "Mohammed" doubles one, "Force" / "Forces" is a plural); "Carter" and "Carver" are two names.
SOFT_LETTERS = frozenset("aeiouy")


def is_respelling(word: str, other: str) -> bool:
    """One soft letter changed, added or doubled after the first, in words of five letters or
    more; or "al" for "el"."""
    if {word, other} == {"al", "el"}:
        return True
    if word == other or word[0] != other[0] or min(len(word), len(other)) < 5:
        return False
    if len(word) == len(other):
        changed = [(a, b) for a, b in zip(word, other, strict=True) if a != b]
        return len(changed) == 1 and set(changed[0]) <= SOFT_LETTERS
    short, long = sorted((word, other), key=len)
    if len(long) != len(short) + 1:
        return False
    for i in range(1, len(long)):
        if long[:i] + long[i + 1 :] == short:
            added = long[i]
            if added in SOFT_LETTERS or long[i - 1] == added or i == len(short) and added == "s":
                return True
    return False


def spelling_links(
    names: list[KnownName], together: frozenset[frozenset[tuple[str, str]]]
) -> list[NameLink]:
    """The rarer spelling of a `spelling_pairs` pair goes to the commoner, unless an article names
    both: spellings one story writes side by side are two people to that story's writer."""
    links = []
    for one, other in spelling_pairs(names):
        if frozenset({(one.name, one.kind), (other.name, other.kind)}) in together:
            continue
        rare, common = sorted((one, other), key=lambda k: (k.articles, len(k.name)))
        links.append(NameLink(rare.name, rare.kind, common.name, common.kind, "kind"))
    return links


def read_alone(names: list[KnownName], led: Counter | None = None) -> dict[str, Counter]:
    """A one-word name (normalised) -> the articles reading it, by kind. An article writing it
    before a leader's word (`leader_uses`: "the Biden administration") reads it as a person,
    whatever kind the model gave it."""
    led = led or Counter()
    alone: dict[str, Counter] = defaultdict(Counter)
    for known in names:
        key = normalise_name(known.name)
        if " " not in key:
            as_person = known.articles if known.kind == "person" else min(led[key], known.articles)
            alone[key]["person"] += as_person
            alone[key][known.kind] += known.articles - as_person
    return alone


def place_named_links(names: list[KnownName], led: Counter | None = None) -> list[NameLink]:
    """A "person" whose last word the collection, read alone, names as a place or a body far
    more than as a person, and whose first word begins no other person's name, is a club, a
    parliament or a town named after that place ("Hertha Berlin", "RB Leipzig", "German
    Bundestag", "Nizhny Novgorod"): the same name of another kind if the collection has it,
    else not shown. People named after places ("John Kerry") share their first names with
    other people, or their surname alone is read as a person; what such names share with each
    other ("Co" of "Co Kerry" and "Co Meath"), and a nationality, is no first name. An article
    writing the name before a leader's word (`leader_uses`: "the Biden administration") reads
    it as a person, whatever kind the model gave it."""
    alone = read_alone(names, led)
    by_name: dict[str, list[KnownName]] = defaultdict(list)
    for known in names:
        if known.kind != "person":
            by_name[normalise_name(known.name)].append(known)

    def is_place_named(words: list[str]) -> bool:
        read = alone.get(words[-1], Counter())
        return words[-2] not in PARTICLES and read["place"] + read["org"] > 2 * read["person"]

    people = [(k, normalise_name(k.name).split()) for k in names if k.kind == "person"]
    people = [(k, words) for k, words in people if 1 < len(words) < 4]
    named = [(k, words) for k, words in people if is_place_named(words)]
    nationality = load_gazetteer().is_nationality  # "German" of "German Bundestag": no name
    firsts = Counter(
        words[0] for _, words in people if not is_place_named(words) and not nationality(words[0])
    )
    links = []
    for person, words in named:
        if firsts[words[0]]:
            continue
        other = max(by_name.get(" ".join(words), []), key=lambda k: k.articles, default=None)
        target = (other.name, other.kind) if other else (None, person.kind)
        links.append(NameLink(person.name, person.kind, *target, "kind"))
    return links


def person_shaped_links(names: list[KnownName]) -> list[NameLink]:
    """A "body" named like a person, a first name then a surname that opens with a particle
    ("Marine Le Pen" read as a body in every article of an outlet), is that person, unless its
    last word is a place ("Banque de France")."""
    gazetteer = load_gazetteer()
    links = []
    for known in names:
        words = normalise_name(known.name).split()
        if known.kind != "org" or not 3 <= len(words) <= 4 or words[1] not in SURNAME_PARTICLES:
            continue
        last = known.name.split()[-1]
        if gazetteer.place_name(last) or not known.name[:1].isupper():
            continue
        links.append(NameLink(known.name, known.kind, known.name, "person", "kind"))
    return links


POSSESSIVE = re.compile(r"^(\S+?)(?:'s|’s|'|’) (\S.*)$")


def possessed_body_links(names: list[KnownName]) -> list[NameLink]:
    """A body named with the possessive of a person of the collection in front ("Wilders' Party
    for Freedom", "Merkel's CDU") is the body of the rest of the name, when the collection
    names it so too. So is one with the bare surname in front, a heading glued to the story's
    first words ("... in gardai -- Howlin" then "Labour Party leader Brendan Howlin said"), when
    more articles name the rest alone and the surname is no place, nationality or acronym, nor
    read alone as anything but a person: a surname that is part of a body's name ("Kennedy
    Space Center") is written with it, and "US Senate" is the US's."""
    surnames = set()
    bodies: dict[str, KnownName] = {}
    alone = read_alone(names)
    for known in names:
        words = normalise_name(known.name).split()
        if known.kind == "person" and len(words) > 1:
            surnames.add(words[-1])
        elif known.kind == "org":
            key = " ".join(words)
            if key not in bodies or bodies[key].articles < known.articles:
                bodies[key] = known

    def is_glued_surname(word: str) -> bool:
        gazetteer = load_gazetteer()
        read = alone.get(normalise_name(word), Counter())
        return (
            2 * read["person"] >= read.total()
            and not is_acronym(word)
            and not gazetteer.place_name(word)
            and not gazetteer.is_nationality(word)
        )

    links = []
    for known in names:
        if known.kind != "org":
            continue
        found = POSSESSIVE.match(known.name)
        owner, rest = found.groups() if found else known.name.partition(" ")[::2]
        if not rest or normalise_name(owner) not in surnames:
            continue
        body = bodies.get(normalise_name(rest))
        if body is None or body is known:
            continue
        if found or body.articles > known.articles and is_glued_surname(owner):
            links.append(NameLink(known.name, known.kind, body.name, body.kind, "nested"))
    return links


def is_unknown_place_acronym(known: KnownName) -> bool:
    """An acronym read as a place that no gazetteer knows ("ISIL" as a place): places are
    rarely written as acronyms, the few that are ("US", "UAE") are in the gazetteer."""
    return (
        known.kind == "place"
        and is_acronym(known.name)
        and load_gazetteer().place_name(known.name) is None
    )


def acronym_links(names: list[KnownName], acronyms: dict[str, Counter]) -> list[NameLink]:
    """An acronym standing alone is the expansion articles introduced it with, in whatever kind
    the model read it ("EU" as a place is still the European Union)."""
    known: dict[tuple[str, str], KnownName] = {}
    for k in sorted(names, key=lambda k: (not is_shouted(k.name), k.articles)):
        known[(normalise_name(k.name), k.kind)] = k  # the best spelling comes last and stays
    links = []
    for entity in names:
        key = normalise_name(entity.name)
        expansion = acronym_expansion(key, acronyms.get(key))
        if expansion is None or normalise_name(expansion[0]) == key:
            continue
        target = known.get((normalise_name(expansion[0]), expansion[1]))
        name, kind = (target.name, target.kind) if target else expansion
        links.append(NameLink(entity.name, entity.kind, name, kind, "acronym"))
    return links


def initials_links(names: list[KnownName]) -> list[NameLink]:
    """An acronym of three letters or more (two written with their dots, "U.N.") that no article
    introduced is the one body or place of the collection whose capitalised words it spells
    ("HSE", "Health Service Executive"), with or without an "of" ("DOJ", `initials_spellings`),
    when exactly one does (names of one body in other word orders are one) and at least two
    articles name it: with two ("CIA" for an agency and a cookery school) the collection
    cannot tell. Introduced acronyms are acronym_links' own; a person's initials say too little
    (see outlet_links)."""
    spelt: dict[str, dict[str, KnownName]] = defaultdict(dict)
    for known in names:
        key = normalise_name(known.name)
        if known.kind in BODY_KINDS and len(key.split()) > 1 and not is_acronym(known.name):
            for spelling in initials_spellings(known.name):
                best = spelt[spelling].get(key)
                if best is None or best.articles < known.articles:
                    spelt[spelling][key] = known
    links = []
    for known in names:
        letters = known.name.replace(".", "").casefold()
        # Two letters spell too many names ("AI"), but not when written with their dots ("U.N.")
        dotted = known.name.count(".") == len(letters)
        if known.kind not in BODY_KINDS or not is_acronym(known.name) or len(letters) < 3 - dotted:
            continue
        candidates = list(spelt.get(letters, {}).values())
        # "Justice Department" and "Department of Justice" both spell DOJ, and are one body
        if len({order_key(c.name, {}) for c in candidates}) == 1:
            target = max(candidates, key=lambda c: c.articles)
            if sum(c.articles for c in candidates) >= 2:
                links.append(NameLink(known.name, known.kind, target.name, target.kind, "acronym"))
    return links


def acronym_expansion(acronym: str, introductions: Counter | None) -> tuple[str, str] | None:
    """The expansion most introductions agree on, or None when they disagree; one whose initials
    do not spell the acronym (a body's acronym in its own language) wants two introductions.
    Spellings that differ only by a plural agree ("United Nation (UN)" and "United Nations
    (UN)"): the commoner, or the longer, speaks for them."""
    if not introductions:
        return None
    agreeing: dict[tuple[tuple[str, ...], str], Counter] = defaultdict(Counter)
    for (name, kind), count in introductions.items():
        words = tuple(singular(word) for word in normalise_name(name).split())
        agreeing[(words, kind)][(name, kind)] += count
    spellings = max(agreeing.values(), key=lambda group: sum(group.values()))
    count, total = sum(spellings.values()), sum(introductions.values())
    expansion = max(spellings, key=lambda spelling: (spellings[spelling], len(spelling[0])))
    if count < ACRONYM_SHARE * total or count < 2 and not abbreviates(acronym, expansion[0]):
        return None
    return expansion


def order_key(name: str, acronyms: dict[str, Counter]) -> tuple[str, ...]:
    """A body's words without linking words, as `body_word`s, sorted, with introduced acronyms
    spelt out: "Justice Department", "Department of Justice" and "DOJ Department" share one key,
    and so do "Russian Aerospace Force" and "Russian Aerospace Forces"."""
    words = []
    for word in normalise_name(name).split():
        expansion = acronym_expansion(word, acronyms.get(word))
        words.extend(normalise_name(expansion[0]).split() if expansion else [word])
    return tuple(sorted(body_word(word) for word in words if word not in LINKING_WORDS))


def singular(word: str) -> str:
    """An English plural's singular, by its ending ("forces", "parties"); other words as they
    are ("business", "campus", "analysis")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def body_word(word: str) -> str:
    """A word of a body's name as `order_key` compares it: singular, and an adjective in "-ic"
    as its noun, so that the "Social Democrat Party" is the "Social Democratic Party". Only
    "-ic": a stemmer would also make the Swiss "Federal Council" Russia's "Federation Council"."""
    word = singular(word)
    return word[:-2] if len(word) > 6 and word.endswith("ic") else word


def designator_links(names: list[KnownName]) -> list[NameLink]:
    """A body's name and the same name with a word saying what sort of body it is are one body.
    With a legal form ("Sony", "Sony Corporation") it is shown as most of their articles write
    it. A party's short name ("Labour", "Scottish National"), or its members' ("Greens",
    "Social Democrats" of the "Social Democratic Party", as `body_word`s compare), is often a
    word of other bodies' names too ("Congress" of the "US Congress", not only of India's
    "Congress Party"): it is the party only when the party is far commoner than any other body
    holding that name, and it is shown as the party's full name."""
    bodies = {normalise_name(known.name): known for known in names if known.kind == "org"}
    forms = defaultdict(list)  # a body's words as body_words -> the bodies so named
    for key, known in bodies.items():
        forms[tuple(body_word(word) for word in key.split())].append(known)
    links = []
    parties: dict[str, KnownName] = {}  # a short name's key -> its party
    for key, known in bodies.items():
        *words, last = key.split()
        if words and last in LEGAL_FORMS and (short := bodies.get(" ".join(words))):
            top, other = (short, known) if short.articles >= known.articles else (known, short)
            links.append(NameLink(other.name, "org", top.name, "org", "designator"))
        elif words and last == "party":
            for short in forms.get(tuple(body_word(word) for word in words), []):
                parties[normalise_name(short.name)] = known
    holding = bodies_holding(set(parties), bodies)
    for short_key, party in parties.items():
        # Far commoner than the commonest other: the many names of an article or two each
        # ("Ex-Labour", "Veteran Labour") are no rivals, and would sink a share.
        rivals = [k.articles for k in holding[short_key] if k is not party]
        if party.articles >= DOMINANT_RATIO * max(rivals, default=0):
            links.append(NameLink(bodies[short_key].name, "org", party.name, "org", "designator"))
    return links


def bodies_holding(
    short_keys: set[str], bodies: dict[str, KnownName]
) -> dict[str, list[KnownName]]:
    """Each short name's key -> the bodies (of normalised key -> name) whose longer names hold
    its words in a row. One pass over the bodies, whatever the number of short names."""
    sizes = {len(key.split()) for key in short_keys}
    holding: dict[str, list[KnownName]] = defaultdict(list)
    for key, known in bodies.items():
        words = key.split()
        for size in sizes & set(range(1, len(words))):
            runs = {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
            for run in runs & short_keys:
                holding[run].append(known)
    return holding


def word_order_links(names: list[KnownName], acronyms: dict[str, Counter]) -> list[NameLink]:
    """Organisations whose names hold the same words in another order, or with an acronym
    spelt out ("UN Security Council"), go to the spelling most articles use."""
    groups: dict[tuple, list[KnownName]] = defaultdict(list)
    for known in names:
        if known.kind == "org" and len(normalise_name(known.name).split()) > 1:
            groups[order_key(known.name, acronyms)].append(known)
    links = []
    for key, members in groups.items():
        if len(key) < 2 or len(members) < 2:
            continue
        top = max(members, key=lambda k: (k.articles, len(k.name)))
        links.extend(
            NameLink(m.name, m.kind, top.name, top.kind, "word order")
            for m in members
            if normalise_name(m.name) != normalise_name(top.name)
        )
    return links
