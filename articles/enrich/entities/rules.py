"""Rules that correct and complete the statistical model's entities on a parsed article.

Each rule proposes spans of tokens; `apply_rules` merges them with the model's entities. The
rules know how news text names things: a title before a person's name, an organisation's
ending word, "Long Name (LN)", country names, and nationality words (never entities).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from articles.enrich.entities.canonical import abbreviates, is_acronym
from articles.enrich.entities.gazetteer import Gazetteer
from articles.enrich.entities.hygiene import is_people_group

# Words that, capitalised or not, introduce a person's name: "Defense Minister Shin Won-sik".
TITLES = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Prof", "President", "Minister", "Secretary", "Senator", "Sen", "Rep",
    "Representative", "Governor", "Gov", "Gen", "Lt", "Col", "Colonel", "Capt", "Sgt", "Admiral",
    "Adm", "Brig", "King", "Queen", "Prince", "Princess", "Pope", "Chancellor", "Premier",
    "Chairman", "Chairwoman", "Chairperson", "Ambassador", "Mayor", "Judge", "Commissioner",
    "Envoy", "Cardinal", "Archbishop", "Bishop", "Rev", "Sheikh", "Sir", "Dame", "Spokesman",
    "Spokeswoman", "Sultan", "Emir", "Ayatollah", "Commander", "Marshal"
})  # fmt: skip
HONORIFICS = frozenset({"Mr", "Mrs", "Ms"})
# Words that can stand in front of a title: "Prime Minister", "Foreign Secretary".
TITLE_MODIFIERS = frozenset({
    "Prime", "Vice", "Deputy", "Foreign", "Defense", "Defence", "Finance", "Interior", "Home",
    "Trade", "Economy", "Justice", "Health", "Chief", "Acting", "Former", "Presidential", "Crown",
    "Lieutenant", "State", "General", "Supreme"
})  # fmt: skip
# Last words of organisation names: "Wagner Group", "Korean Central News Agency".
ORG_ENDINGS = frozenset({
    "Inc", "Corp", "Corporation", "Co", "Ltd", "LLC", "Plc", "PLC", "AG", "GmbH", "Agency",
    "Ministry", "Group", "Company", "Bank", "University", "Council", "Committee", "Commission",
    "Party", "Association", "Organisation", "Organization", "Institute", "Foundation",
    "Federation", "Authority", "Bureau", "Staff", "Army", "Navy", "Parliament", "Assembly",
    "Airlines", "Airways", "Holdings", "Industries", "Police", "Stores", "Motors", "Foods",
    "Brands", "Pharmaceuticals", "Technologies", "Enterprises", "Studios", "Hotels", "Front",
    "Movement", "Brigade", "Brigades", "Alliance"
})  # fmt: skip
# Last words of bodies' names that also end titles ("Health Service Executive", "Chief
# Executive"): a body's only after two name words, the last no title word.
TITLE_ORG_ENDINGS = frozenset({"Executive"})
NAMED_ORG_ENDINGS = ORG_ENDINGS | TITLE_ORG_ENDINGS
MONTHS = frozenset({"January", "February", "March", "April", "May", "June", "July", "August",
                    "September", "October", "November", "December"})  # fmt: skip
WEEKDAYS = frozenset({
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
})  # fmt: skip
NOT_NAMES = frozenset({
    "The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "If", "As", "By", "To", "Of",
    "It", "He", "She", "We", "They",
}) | MONTHS | WEEKDAYS  # fmt: skip
TITLE_WORDS = TITLES | TITLE_MODIFIERS
# Members' titles, written after the party or seat ("Fine Gael TD", "Labour MP", "a Kildare
# TD") and before the name ("TD John Brady"): never part of a name themselves.
MEMBER_TITLES = frozenset({
    "TD", "TDs", "MP", "MPs", "MEP", "MEPs", "MSP", "MSPs", "MLA", "MLAs", "MK", "MKs",
    "Congressman", "Congresswoman", "Councillor", "Councillors", "Cllr",
})  # fmt: skip
# Last words of the names of streets, squares and buildings: places, never people ("Downing
# Street said", "Drogheda Garda Station").
PLACE_ENDINGS = frozenset({
    "Street", "Road", "Avenue", "Square", "Lane", "Boulevard", "Station", "Airport", "Bridge",
    "Harbour", "Harbor", "Stadium", "Prison",
    # Buildings; not those that are also surnames ("Hall", "Castle", "Church", "Park").
    "Tower", "Towers", "Building", "Palace", "Cathedral", "Mosque", "Plaza",
})  # fmt: skip
# German articles: a name they open is a title ("Die Welt", "Der Spiegel"), never a person's.
GERMAN_ARTICLES = frozenset({"Die", "Der", "Das"})
# Arabic words for a front, movement, party, army or brigade that open groups' names ("Jabhat
# al-Nusra", "Jaish al-Islam", "Ahrar al-Sham"): a body, never a person. Not those that are
# also first names ("Hayat" of "Hayat Tahrir al-Sham").
ARABIC_BODY_WORDS = frozenset({
    "Jabhat", "Jabhet", "Harakat", "Hizb", "Jaish", "Jaysh", "Liwa", "Kataib",
    "Kata'ib", "Saraya", "Ahrar", "Jamaat", "Jama'at",
})  # fmt: skip
# "Co Mayo", "County Cork": the county is its place ("Mayo"); "Orange County" keeps its name.
COUNTY_PREFIXES = frozenset({"Co", "Co.", "County"})
# The second part of a US address ("Washington, DC", "Austin, TX"): the place's, not a place
# of its own.
US_STATE_CODES = frozenset("""
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY
NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC D.C.
""".split())  # fmt: skip  # noqa: SIM905
# Compass points alone ("the North said") are a way of referring to a country, not its name.
COMPASS_POINTS = frozenset({"North", "South", "East", "West"})
COMMON_ACRONYMS = frozenset({
    "GDP", "CEO", "CFO", "ICBM", "ICBMs", "COVID", "HIV", "AIDS", "GMT", "UTC", "CET", "CEST",
    "BST", "EST", "EDT", "PST", "USD", "EUR", "GBP", "JPY", "TV", "DNA", "IPO", "VAT", "PhD", "SUV",
    "LNG", "CPI", "RBI", "ERA", "AGM", "URL", "PDF", "FAQ", "ATM", "UPDATE", "WRAP", "NOTE", "NEWS",
    "AM", "PM", "TOTAL", "NGO",
    # Things of technology, written in capitals: no maker's name.
    "DVD", "DVDs", "CD", "CDs", "PC", "PCs", "MP3", "SMS", "GPS", "HD", "HDTV", "LCD", "USB",
    "PDA", "PDAs", "DSL", "3G", "4G", "5G", "VoIP",
    "R&B",  # a kind of music
})  # fmt: skip
# Lower-case words inside a body's name: "Syrian Observatory for Human Rights", "Council on
# Foreign Relations". The model often cuts the name there into two.
CONNECTORS = frozenset({"for", "of", "on"})
# Last words of the names of events, holidays, laws, treaties and campaigns: "St Patrick's Day",
# "Paris Agreement", "Patriot Act". CoNLL calls these MISC: never a person, body or place.
EVENT_ENDINGS = frozenset({
    "Day", "Eve", "Festival", "Games", "Olympics", "Cup", "Championship", "Championships",
    "Award", "Awards", "Prize", "Act", "Bill", "Treaty", "Agreement", "Accord", "Accords",
    "Doctrine", "Summit", "War", "Revolution", "Uprising", "Referendum", "Marathon", "Parade",
    "Open", "Protocol", "Declaration", "Conference", "Convention",
})  # fmt: skip
# First words of the names of military and police operations: "Operation Euphrates Shield".
EVENT_STARTS = frozenset({"Operation"})
# Laws whose names hold a bracketed part: "European Union (Notification of Withdrawal) Bill".
LAW_ENDINGS = frozenset({"Act", "Bill"})
# Holidays named after someone: "St Patrick's Day", "New Year's Eve" (but "Trump's War").
HOLIDAY_ENDINGS = frozenset({"Day", "Eve"})
DASHES = frozenset({"-", "--", "---", "\u2013", "\u2014"})
EDGE_WORDS = frozenset({"and", "of", "the", "&", "-", ",", "'s", "’s"})
TEXT_KEY = "newsdesk_text"
LABEL_KINDS = {"PER": "person", "PERSON": "person", "ORG": "org", "LOC": "place", "GPE": "place"}


def doc_text(doc: Doc) -> str:
    """The text the doc was made from: kept in user_data by `entities.find_raw_mentions`, because
    `Doc.text` builds a Token object per token on every access."""
    return doc.user_data.get(TEXT_KEY) or doc.text


def doc_words(doc: Doc) -> list[str]:
    """The tokens' texts, listed once per doc and cut from the text by their offsets (iterating a
    Doc builds a Token object each time)."""
    if "words" not in doc.user_data:
        text = doc_text(doc)
        doc.user_data["words"] = [
            text[start : start + length] for start, length in doc.to_array([IDX, LENGTH]).tolist()
        ]
    return doc.user_data["words"]


def is_name_token(token) -> bool:
    return is_name_word(token.text)


@lru_cache(maxsize=100_000)
def is_name_word(word: str) -> bool:
    """A capitalised word, an apostrophe inside allowed ("O'Sullivan", "D'Alema")."""
    letters = word.rstrip(".").replace("'", "").replace("’", "")
    return word[:1].isupper() and letters.isalpha() and word[-1:] not in "'’"


def name_end(doc: Doc, start: int, limit: int = 4) -> int:
    """End of the run of capitalised words at `start` ("Shin Won-sik" counts as two)."""
    end, words = start, 0
    while end < len(doc) and words < limit and is_name_token(doc[end]):
        if (
            doc[end].text in TITLES
            or doc[end].text in MEMBER_TITLES
            or doc[end].text in NOT_NAMES
            and not is_surname_month(doc, end, start)
        ):
            break
        end, words = end + 1, words + 1
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
            if doc[end].whitespace_ or not doc[end + 1].is_alpha:
                break
            end += 2
    return end


def is_surname_month(doc: Doc, i: int, start: int) -> bool:
    """ "Theresa May said": a month after a first name, with no day after it, is a surname."""
    following = doc[i + 1].text if i + 1 < len(doc) else ""
    return i > start and doc[i].text in MONTHS and not following[:1].isdigit()


def find_titled_people(doc: Doc) -> list[tuple[int, Span]]:
    """Names after titles, without the title: "Defense Minister Shin Won-sik" -> "Shin Won-sik".

    Each name comes with the token where its title starts, so the title words can be dropped.
    """
    people = []
    words = doc_words(doc)
    for i, word in enumerate(words):
        if word.rstrip(".").capitalize() not in TITLES and word not in MEMBER_TITLES:
            continue
        start = i + 1
        if start < len(doc) and doc[start].text == ".":
            start += 1
        if words[start : start + 1] == ["Justice"] and word.rstrip(".") in HONORIFICS:
            start += 1  # a judge: "Mr Justice Peter Charleton"
        elif start < len(words) and words[start] in TITLE_MODIFIERS:
            continue
        end = name_end(doc, start)
        if end > start:
            title_start = i
            while title_start > 0 and words[title_start - 1] in TITLE_WORDS:
                title_start -= 1
            people.append((title_start, Span(doc, start, end, label="PER")))
    return people


def merge_people(model: list[Span], people: list[tuple[int, Span]]) -> list[Span]:
    """A titled name replaces what the model made of the title and the name."""
    merged = list(model)
    for title_start, person in people:
        overlapping = [s for s in merged if s.start < person.end and person.start < s.end]
        if any(s.end > person.end and s.label_ != "PER" for s in overlapping):
            continue
        title = [s for s in merged if title_start <= s.start and s.end <= person.start]
        merged = [s for s in merged if s not in overlapping and s not in title] + [person]
    return sorted(merged, key=lambda s: s.start)


# Titles a body's name runs into before its member's name: "Supreme Court Justice Clarence
# Thomas" (the model reads the body with the title).
TITLES_AFTER_BODIES = TITLES | {"Justice", "Justices"}


def without_member_title_words(doc: Doc, spans: list[Span]) -> list[Span]:
    """A body's name ends before a title its member's name follows ("Supreme Court Justice
    Clarence Thomas": the body is the "Supreme Court"). Not after "of": the "Department of
    Justice" keeps its last word."""
    words = doc_words(doc)
    person_starts = {span.start for span in spans if span.label_ == "PER"}
    kept = []
    for span in spans:
        end = span.end
        if span.label_ == "ORG" and end in person_starts:
            while end - span.start > 1 and words[end - 1] in TITLES_AFTER_BODIES:
                if words[end - 2] == "of":
                    end = span.end
                    break
                end -= 1
        kept.append(span if end == span.end else Span(doc, span.start, end, label="ORG"))
    return kept


def continues_name(doc: Doc, i: int) -> bool:
    """Whether token i carries on the name before it ("Bank of England", "Co Inc")."""
    if i >= len(doc):
        return False
    if doc[i].text in ("&", "of", "for") and i + 1 < len(doc):
        return is_name_token(doc[i + 1])
    return is_name_token(doc[i]) and doc[i].text not in NOT_NAMES


def find_named_orgs(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """Capitalised names ending in an organisation word: "Joint Chiefs of Staff"."""
    orgs = []
    words = doc_words(doc)
    for i, word in enumerate(words):
        ending = word.rstrip(".")
        if ending not in NAMED_ORG_ENDINGS or continues_name(doc, i + 1):
            continue
        token = doc[i]
        start = i
        if start > 1 and doc[start - 1].text in ("of", "for") and is_name_token(doc[start - 2]):
            start -= 1
        while start > 0:
            before = doc[start - 1]
            if is_name_token(before) and before.text not in NOT_NAMES:
                start -= 1
            elif before.text == "&" and start > 1 and is_name_token(doc[start - 2]):
                start -= 2
            else:
                break
        # "German Foreign Ministry" names the ministry "Foreign Ministry".
        while start < token.i and gazetteer.is_nationality(doc[start].text):
            start += 1
        if ending in TITLE_ORG_ENDINGS and (token.i - start < 2 or words[i - 1] in TITLE_WORDS):
            continue
        if start < token.i and doc[start].text not in ("of", "for"):
            orgs.append(Span(doc, start, token.i + 1, label="ORG"))
    return orgs


def merge_orgs(model: list[Span], orgs: list[Span]) -> list[Span]:
    """An org rule completes what the model cut short or missed; it never overrides the model's
    own full name for it."""
    merged = list(model)
    for org in orgs:
        overlapping = [s for s in merged if s.start < org.end and org.start < s.end]
        if any(s.end > org.end or s.start < org.start for s in overlapping):
            continue
        if any(s.end == org.end and s.label_ in ("ORG", "LOC") for s in overlapping):
            continue
        start = min([s.start for s in overlapping if s.label_ != "MISC"] or [org.start])
        merged = [s for s in merged if s not in overlapping]
        merged.append(Span(org.doc, start, org.end, label="ORG"))
    return sorted(merged, key=lambda s: s.start)


def join_connected_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """An organisation the model cut at a lower-case connector is one name again: "Syrian
    Observatory" + "for" + "Human Rights" -> "Syrian Observatory for Human Rights". Only when
    the connector sits right between the two names and what follows is not a person or a place
    ("the Ministry of Russia" keeps its place)."""
    joined: list[Span] = []
    for span in spans:
        before = joined[-1] if joined else None
        if (
            before is not None
            and before.label_ == "ORG"
            and span.label_ in ("ORG", "MISC")
            and span.start == before.end + 1
            and doc[before.end].text in CONNECTORS
        ):
            joined[-1] = Span(doc, before.start, span.end, label="ORG")
            continue
        joined.append(span)
    return joined


def hyphen_joined_starts(doc: Doc, spans: list[Span]) -> list[Span]:
    """A body's name of several words that was begun after a hyphen inside a word begins with
    that word: "Anti-Doping Agency" read as "Doping Agency", "Russia-NATO Council" as the place
    "Russia" and "NATO Council". Only bodies: "Trump-Putin" names two people."""
    joined: list[Span] = []
    for span in spans:
        start = span.start
        if span.label_ == "ORG" and len(span) > 1:
            while (
                start > 1
                and is_infix_hyphen(doc[start - 1])
                and doc[start - 2].is_alpha
                and doc[start - 2].text[:1].isupper()
            ):
                start -= 2
        if start != span.start:
            joined = [s for s in joined if s.end <= start]  # a one-word name it now holds
            span = Span(doc, start, span.end, label="ORG")
        joined.append(span)
    return joined


# Groups whose possessive opens the rest of a body's name: "Donetsk People's Republic",
# "Kurdistan Workers' Party", "Women's League".
NAME_POSSESSORS = frozenset({
    "People", "Peoples", "Workers", "Women", "Farmers", "Citizens", "Veterans", "Children",
    "Nations", "Students", "Teachers", "Journalists", "Soldiers",
})  # fmt: skip
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


def possessive_names(doc: Doc, spans: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """A name cut at a group's possessive runs on to the capitalised words after it, as one
    body: the model reads "Donetsk People's Republic" as the person "Donetsk People", or only
    "Lugansk". A person's possessive ("Trump's Administration") is left alone, and so is a
    nationality in front ("Kurdish People's Protection Units" names the "People's Protection
    Units", as find_named_orgs reads the "German Foreign Ministry")."""
    words = doc_words(doc)
    starts = {span.start for span in spans}
    joined: list[Span] = []
    for span in spans:
        if joined and span.start < joined[-1].end:
            continue  # taken into the name before
        at = span.end
        if (
            span.label_ != "MISC"
            and at not in starts
            and words[at : at + 1]
            and words[at] in NAME_POSSESSORS
        ):
            at += 1  # "Lugansk" + "People's Republic"; not "Kurdish" + "People's Protection Units"
        if words[at - 1] not in NAME_POSSESSORS or at >= len(words) or words[at] not in POSSESSIVES:
            joined.append(span)
            continue
        end = name_end(doc, at + 1)
        if end == at + 1:
            joined.append(span)
            continue
        start = span.start
        while start < at - 1 and (
            gazetteer.is_nationality(doc[start].text) or is_people_group(doc[start].text)
        ):
            start += 1
        joined = [s for s in joined if s.end <= start]
        joined.append(Span(doc, start, end, label="ORG"))
    return joined


def event_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """A name followed by an event word, possessive or not ("St Patrick's Day", "Paris
    Agreement", "Iraq War"), is part of an event's name: MISC, with the event word; so is one
    that an operation's first word opens ("Operation Euphrates Shield"), the bracketed part of
    a law's name, and a body or place that ends in an event word ("Munich Security Conference",
    "NATO Summit")."""
    words = doc_words(doc)
    marked = []
    for span in spans:
        end = span.end
        endings = EVENT_ENDINGS
        if end < len(words) and words[end] in ("'s", "’s"):
            end, endings = end + 1, HOLIDAY_ENDINGS
        if span.label_ != "MISC" and end < len(words) and words[end] in endings:
            span = Span(doc, span.start, end + 1, label="MISC")
        elif (
            words[span.start] in EVENT_STARTS
            or words[max(span.start - 1, 0)] in EVENT_STARTS
            or is_bracketed_in_law(words, span.end)
            or span.text in LAW_ENDINGS  # the "Bill" after the bracket, read as a body
            and words[span.start - 1 : span.start] == [")"]
            or span.label_ in ("ORG", "LOC", "GPE")  # the event word read into a name
            and len(span) > 1
            and words[span.end - 1] in EVENT_ENDINGS
        ):
            span = Span(doc, span.start, span.end, label="MISC")
        marked.append(span)
    kept = []
    for span in marked:  # the event word may have been a span of its own ("Day" as MISC)
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


# A name in these frames is a time: "post-Brexit world", "after Brexit,", "ahead of Brexit."
# Bodies act, so in news they are followed by what they did ("after Facebook said"), not by a
# pause.
PERIOD_FRAME = re.compile(
    r"\b(?:(post|pre)-|(?:after|before|following|since|until|during|amid|ahead of)\s+)"
)
PERIOD_END = re.compile(r"\s*(?:[,.;:)]|$|and\b|or\b)")


def used_as_periods(text: str, names: set[str]) -> list[str]:
    """The names the text uses as a time ("post-Brexit", "after Brexit,"), as events are named
    and bodies are not: the collection weighs these (name_links.name_use_links)."""
    frames = {frame.end(): frame for frame in PERIOD_FRAME.finditer(text)}
    return sorted(
        {
            name
            for at, name in names_written_at(text, frames, names)
            if frames[at].group(1) or PERIOD_END.match(text, at + len(name))  # "post-": any use
        }
    )


# Lower-case words after a name that make it a policy, a scheme or an affair rather than the
# body that has one: "Trump's "America First" policy", "the RHI scheme".
POLICY_AFTER = re.compile(
    r"[\"'”’]?\s+(?:policy|policies|agenda|slogan|doctrine|strategy|scheme|programme|program"
    r"|initiative|platform|rhetoric|scandal|affair|deal|plan)\b"
)
# A possessive right before a name: "RTÉ's Morning Ireland", "CNN's New Day" ("RT?'s", with
# its lost letter).
POSSESSED_BY = re.compile(r"\??(?:'s|’s|'|’)\s+$")


def used_as_policies(text: str, body_ends: dict[int, str]) -> list[str]:
    """The bodies' names (by where they end) the text writes before a policy's or scheme's
    word: the collection weighs these (name_links.name_use_links), as "the EU plan" is the
    EU's while "the RHI scheme", in most articles naming RHI, is the scheme itself."""
    return sorted({name for end, name in body_ends.items() if POLICY_AFTER.match(text, end)})


# Lower-case words after a lone name that make it the person who leads what they name: "the
# Biden administration", "the Trump campaign", "the Obama presidency". Not "government": "the
# Moscow government" and "the Labour government" are a city's and a party's.
LED_BY = re.compile(r"\s+(?:administration|administrations|presidency|campaign)\b")


def used_as_leaders(text: str, name_ends: dict[int, str]) -> list[str]:
    """The one-word bodies' and places' names (by where they end) that the text writes before a
    word for what a person leads: the model reads "the Biden administration" as a body and "the
    Obama administration" as a place, and the collection knows whose surname that is
    (name_links.leader_links). Acronyms lead nothing ("the EU presidency")."""
    return sorted(
        {
            name
            for end, name in name_ends.items()
            if " " not in name and not is_acronym(name) and LED_BY.match(text, end)
        }
    )


def used_as_works(
    text: str, places: list[tuple[int, str]], body_ends: set[int], gazetteer: Gazetteer
) -> list[str]:
    """The places' names, of (start, name), that the text gives a body's possessive and no
    gazetteer knows: a programme or a title ("RTÉ's Morning Ireland", read as a place for its
    last word). A country's possessive names a place ("Syria's Idlib"), and so does a person's
    ("Trump's Mar-a-Lago")."""
    found = set()
    for start, name in places:
        possessive = POSSESSED_BY.search(text, max(start - 4, 0), start)
        if possessive and possessive.start() in body_ends and gazetteer.place_name(name) is None:
            found.add(name)
    return sorted(found)


# A work's noun right before a name makes it that work's title: "the film Vera Drake", "wine
# comedy Sideways", "the video game Halo 2". Lower case and right before: "film director Mike
# Leigh" and "the film's star Kate Winslet" have another word there. Verbs that are also nouns
# ("hit", "play", "show", "single") are left out: "hit England", "play Hughes". Within a line: a
# heading ending "... mocked PM's song" is no title of the paragraph's first name. After "best"
# the noun names a prize's category ("the best film Oscar").
WORK_NOUN = re.compile(
    r"(?<!\bbest )\b(?:film|movie|comedy|drama|thriller|documentary|biopic|musical|opera"
    r"|album|song|novel|sitcom|sequel|blockbuster|(?:video|computer) game)[ \t\xa0]+(?=[A-Z])"
)


def written_as_works(text: str, names: set[str], gazetteer: Gazetteer) -> list[str]:
    """The names the text writes right after a work's noun: a film, a record or a game, which
    the model reads as a body or a person for its capitals, wherever it read it. In that article
    the name is the work wherever it is written ("Imelda Staunton (Vera Drake)"), and the
    collection weighs the use for its other articles (name_links.name_use_links). A place the
    gazetteer knows is the subject of what follows ("the biggest film Hollywood made")."""
    starts = [noun.end() for noun in WORK_NOUN.finditer(text)]
    written = {name for _, name in names_written_at(text, starts, names)}
    return sorted(name for name in written if not gazetteer.place_name(name))


def is_bracketed_in_law(words: list[str], end: int) -> bool:
    """Whether a name ending at `end` is the bracketed part of a law's name ("(Notification of
    Withdrawal) Bill")."""
    return end + 1 < len(words) and words[end] == ")" and words[end + 1] in LAW_ENDINGS


def event_core(doc: Doc, span: Span) -> Span | None:
    """The name an event's name is made of, if the span is one: "St Patrick" of "St Patrick's
    Day", "Euphrates Shield" of "(Operation) Euphrates Shield", "Notification of Withdrawal" of
    the bill's bracketed part. Other MISC (nationalities, "Democrat") has none."""
    words = doc_words(doc)
    start, end = span.start, span.end
    if span[-1].text in EVENT_ENDINGS:
        end -= 1
        if end > start and doc[end - 1].text in ("'s", "’s"):
            end -= 1
    elif span[0].text in EVENT_STARTS:
        start += 1
    elif not (start > 0 and doc[start - 1].text in EVENT_STARTS or is_bracketed_in_law(words, end)):
        return None
    if end <= start or not is_name_token(doc[start]):
        return None
    return Span(doc, start, end, label="MISC")


# "the town of Manbij": what follows these words and "of" is a place, whatever else it is read as.
PLACE_NOUNS = frozenset({
    "town", "city", "village", "province", "region", "district", "county", "port", "suburb",
    "outskirts", "governorate",
})  # fmt: skip


def named_as_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names the article calls a place ("the town of Manbij", "the outskirts of Palmyra") are
    places in all of the article, which the model read as a body or a person: a town too small
    for the gazetteer is known by what the text says it is."""
    words = doc_words(doc)
    named_at = [
        doc[i + 2].idx
        for i in range(len(words) - 2)
        if words[i] in PLACE_NOUNS and words[i + 1] == "of" and words[i + 2][:1].isupper()
    ]
    if not named_at:
        return spans
    text = doc_text(doc)
    # The name itself need not have been read there: any span's text that the words spell.
    others = {span.text for span in spans if span.label_ != "LOC"}
    places = {name for _, name in names_written_at(text, named_at, others)}
    return [Span(doc, s.start, s.end, label="LOC") if s.text in places else s for s in spans]


def without_member_titles(doc: Doc, spans: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """A name ends before a member's title the model read into it ("Fine Gael TD" -> "Fine
    Gael"); a title alone ("TD") is no name. What the title follows is the member's party, or
    the seat when that is a place ("a Kildare TD", "Dublin South TD"), whatever the model read
    the words with the title as."""
    words = doc_words(doc)
    kept = []
    for span in spans:
        end = span.end
        while end > span.start and words[end - 1] in MEMBER_TITLES:
            end -= 1
        if end > span.start and words[end - 1] in ("'s", "’s"):
            end -= 1
        if end == span.end:
            kept.append(span)
        elif end > span.start:
            seat = gazetteer.place_name(words[span.start]) or gazetteer.place_name(
                doc[span.start : end].text
            )
            kept.append(Span(doc, span.start, end, label="LOC" if seat else "ORG"))
    return kept


def county_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Co Mayo", "County Cork", whatever the model read them as, are the places "Mayo" and
    "Cork": one name with the county's mentions that leave the prefix out. A town before its
    county ("Ballina, Co Mayo", read as one name) is a place of its own."""
    words = doc_words(doc)
    placed = []
    for span in spans:
        start, end = span.start, span.end
        comma = next((i for i in range(start + 1, end - 2) if words[i] == ","), None)
        if comma is not None and words[comma + 1] in COUNTY_PREFIXES:  # "Ballina, Co Mayo"
            placed.append(Span(doc, start, comma, label="LOC"))
            span = Span(doc, comma + 1, end, label="LOC")
            start = comma + 1
        if end - start > 1 and words[start] in COUNTY_PREFIXES and is_name_word(words[start + 1]):
            span = Span(doc, start + 1, end, label="LOC")
        placed.append(span)
    return placed


def without_address_parts(doc: Doc, spans: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """A US state's code after a place and a comma ("Washington, DC") is part of that place's
    address, not a place or body of its own."""
    words = doc_words(doc)
    kept = []
    for span in spans:
        previous = kept[-1] if kept else None
        if (
            span.end - span.start == 1
            and words[span.start] in US_STATE_CODES
            and previous is not None
            and previous.end == span.start - 1
            and words[previous.end] == ","
            and (previous.label_ in ("LOC", "GPE") or gazetteer.place_name(previous.text))
        ):
            continue
        kept.append(span)
    return kept


def listed_places(doc: Doc, spans: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """A one-word "body" in a list of three names or more, most of them places ("counties
    Galway, Mayo, Sligo and Leitrim"), is a place: towns too small for the gazetteer are known
    by the company they keep. Acronyms stay bodies ("Russia, China and NATO")."""

    def is_place(span: Span) -> bool:
        return span.label_ in ("LOC", "GPE") or gazetteer.place_name(span.text) is not None

    words = doc_words(doc)
    runs, run = [], []
    for span in spans:
        if run and words[run[-1].end : span.start] not in ([","], ["and"], [",", "and"]):
            runs.append(run)
            run = []
        run.append(span)
    runs.append(run)
    placed = set()
    for run in runs:
        if len(run) > 2 and 2 * sum(map(is_place, run)) > len(run):
            placed.update(
                s.start for s in run if s.label_ == "ORG" and len(s) == 1 and not is_acronym(s.text)
            )
    return [Span(doc, s.start, s.end, label="LOC") if s.start in placed else s for s in spans]


# Lower-case words after a name that say it is a body: "the United Russia party", "the Taliban
# movement", "the Fine Gael parliamentary party".
BODY_NOUNS = frozenset({"party", "parties", "faction", "movement", "bloc"})


def called_bodies(doc: Doc, spans: list[Span]) -> list[Span]:
    """A name the text calls a party, faction, movement or bloc is a body, whatever person or
    place the model read it as ("United Russia"). A description stays one ("the Republican
    party": MISC to the model)."""
    words = doc_words(doc)
    called = []
    for span in spans:
        following = words[span.end : span.end + 2]
        if following[:1] == ["parliamentary"]:
            following = following[1:]
        if span.label_ in ("PER", "LOC", "GPE") and following[:1] and following[0] in BODY_NOUNS:
            span = Span(doc, span.start, span.end, label="ORG")
        called.append(span)
    return called


def person_shapes(doc: Doc, spans: list[Span]) -> list[Span]:
    """What the model read as a person but cannot be one by its words: a name begun by "A" or
    "An" loses it ("An Uber spokeswoman"), a street's or a building's name is a place
    ("Downing Street"), one ending in a body's word a body ("Fateh al-Sham Front"). A name a
    German article opens is a title, a body, whatever the model read ("Die Welt", "Der
    Spiegel"); so is one an Arabic word for a front or a movement opens ("Jabhat al-Nusra"),
    taken in when the model left it out."""
    words = doc_words(doc)
    shaped = []
    for span in spans:
        if span.end - span.start > 1 and words[span.start] in ("A", "An"):
            span = Span(doc, span.start + 1, span.end, label=span.label_)
        opener = span.start - 1  # "Jabhat" left out of the name the model read
        if (
            opener >= 0
            and words[opener] in ARABIC_BODY_WORDS
            and not (shaped and shaped[-1].end > opener)
        ):
            span = Span(doc, opener, span.end, label="ORG")
        several = span.end - span.start > 1
        if several and (
            words[span.start] in GERMAN_ARTICLES or words[span.start] in ARABIC_BODY_WORDS
        ):
            span = Span(doc, span.start, span.end, label="ORG")
        elif several and span.label_ == "PER" and words[span.end - 1] in PLACE_ENDINGS:
            span = Span(doc, span.start, span.end, label="LOC")
        elif several and span.label_ == "PER" and words[span.end - 1] in ORG_ENDINGS:
            span = Span(doc, span.start, span.end, label="ORG")  # "Fateh al-Sham Front"
        shaped.append(span)
    return shaped


def is_written_at(text: str, at: int, name: str) -> bool:
    """Whether `name` is written at offset `at` of `text`, as whole words."""
    end = at + len(name)
    return text.startswith(name, at) and (end == len(text) or not text[end].isalnum())


def names_written_at(
    text: str, starts: Iterable[int], names: set[str]
) -> Iterator[tuple[int, str]]:
    """(offset, name) for each of `names` written, as whole words, at one of `starts`: one
    look-up per offset and length of name, so a page of many frames and names stays linear."""
    sizes = {len(name) for name in names}
    for at in starts:
        for size in sizes:
            if text[at : at + size] in names and is_written_at(text, at, text[at : at + size]):
                yield at, text[at : at + size]


def find_countries(doc: Doc, gazetteer: Gazetteer, taken: set[int]) -> list[Span]:
    """Country names the model left out, outside ALL CAPS lines where "US" may be a word."""
    found = []
    words = doc_words(doc)
    for i, word in enumerate(words):
        if i in taken or not word[:1].isupper():
            continue
        for end in range(min(len(words), i + 4), i, -1):
            name = " ".join(words[i:end])
            if any(j in taken for j in range(i, end)) or not gazetteer.is_country(name):
                continue
            neighbours = words[max(i - 1, 0) : i] + words[end : end + 1]
            if not any(w.isupper() and len(w) > 1 for w in neighbours):
                found.append(Span(doc, i, end, label="LOC"))
            break
    return found


def find_acronym_orgs(doc: Doc, gazetteer: Gazetteer, taken: set[int]) -> list[Span]:
    """Acronyms the model left untagged in mixed-case text ("the KCNA report"): news writes
    most organisations this way, while other acronyms (GDP, ICBM) are in COMMON_ACRONYMS."""
    found = []
    words = doc_words(doc)
    for i, text in enumerate(words):
        if i in taken or not (3 <= len(text) <= 6 and text.isalpha() and text.isupper()):
            continue
        if text in COMMON_ACRONYMS or gazetteer.place_name(text) or gazetteer.is_nationality(text):
            continue
        neighbours = words[max(i - 3, 0) : i + 4]
        following = words[i + 1] if i + 1 < len(words) else ""
        # "PGA Tour", "FTSE 100": the acronym begins a longer name.
        if is_name_word(following) or following[:1].isdigit():
            continue
        if sum(w.isupper() and w.isalpha() for w in neighbours) == 1:
            found.append(Span(doc, i, i + 1, label="ORG"))
    return found


def find_acronyms(doc: Doc, entities: list[Span], gazetteer: Gazetteer) -> dict[str, Span]:
    """Acronyms introduced as "Long Name (LN)", "Long Name (LN, also known as LN2)" or "LN (the
    former name of Long Name)" (`glossed_acronyms`), mapped to the entity they abbreviate."""
    acronyms = glossed_acronyms(doc, entities)
    for entity in entities:
        end = entity.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text in (")", ","):
            acronym = doc[end + 1].text
            if is_acronym(acronym) and (
                abbreviates(acronym, entity.text, letters_checked=2)
                or is_own_language_acronym(acronym, entity, gazetteer)
            ):
                acronyms[acronym] = entity
                also = [t.lower_ for t in doc[end + 3 : end + 6]] == ["also", "known", "as"]
                if also and end + 6 < len(doc) and is_acronym(doc[end + 6].text):
                    acronyms[doc[end + 6].text] = entity
    return acronyms


# What a bracket right after an acronym says before the name the acronym stands for: "ISIS (the
# former name of Islamic State", "ISIL [formerly known as the Islamic State of Iraq]". News glosses
# a group's old or short name so; a name after other words ("ISIL (also known as Daesh)") is
# another name, which the initials check below leaves alone.
ACRONYM_GLOSSES = (
    ("former", "name", "of"),
    ("formerly", "known", "as"),
    ("also", "known", "as"),
    ("short", "for"),
    ("stands", "for"),
    ("standing", "for"),
)
# Lower-case words a gloss may put before the name: "former name of the terrorist group ...".
GLOSS_WORDS_BEFORE_NAME = 3


def glossed_acronyms(doc: Doc, entities: list[Span]) -> dict[str, Span]:
    """Acronyms a bracket right after them glosses with the name they stand for ("ISIS (the
    former name of Islamic State, a terrorist group)"), mapped to that name as a span: a place
    when the acronym was read as one, else a body (a person's initials are no acronym). Only an
    acronym read as a name; the name's first two initials must open it, as for a name written
    before its acronym."""
    words = doc_words(doc)
    names = {entity.start: entity.label_ for entity in entities if len(entity) == 1}
    found = {}
    for i in range(len(doc) - 4):
        if words[i + 1] not in ("(", "[") or i not in names or words[i] in found:
            continue
        if not is_acronym(words[i]) or words[i] in COMMON_ACRONYMS:
            continue  # "CEO (short for ...)" glosses a word, not a name
        at = i + 2 + (words[i + 2].casefold() == "the")
        gloss = gloss_length(words, at)
        if not gloss:
            continue
        start = at = at + gloss
        while start < min(at + GLOSS_WORDS_BEFORE_NAME, len(doc)) and words[start].islower():
            start += 1
        end = glossed_name_end(words, start)
        if end > start and abbreviates(words[i], doc[start:end].text, letters_checked=2):
            place = LABEL_KINDS.get(names[i]) == "place"
            found[words[i]] = Span(doc, start, end, label="LOC" if place else "ORG")
    return found


def gloss_length(words: list[str], at: int) -> int:
    """How many words of an ACRONYM_GLOSSES gloss begin at `at` (0: none)."""
    for gloss in ACRONYM_GLOSSES:
        if tuple(word.casefold() for word in words[at : at + len(gloss)]) == gloss:
            return len(gloss)
    return 0


def glossed_name_end(words: list[str], start: int) -> int:
    """End of the capitalised words at `start`, with the linking words between them ("Islamic
    State of Iraq and the Levant")."""
    end = i = start
    while i < min(start + SPELT_OUT_REACH, len(words)):
        if is_name_word(words[i]):
            i += 1
            end = i
        elif words[i].casefold() in NAME_LINKING_WORDS and end > start:
            i += 1
        else:
            break
    return end


def is_own_language_acronym(acronym: str, entity: Span, gazetteer: Gazetteer) -> bool:
    """Whether a bracketed acronym right after a body's name of two words or more is the body's
    acronym in its own language, whose letters the English name does not spell ("Party for
    Freedom (PVV)", Partij voor de Vrijheid): three letters or more, and not a place's code
    ("(USA)") or a common thing's ("(ICBM)"). People are left out: "Geert Wilders (PVV)" names
    his party."""
    return (
        entity.label_ == "ORG"
        and len(entity) > 1
        and len(acronym.replace(".", "")) > 2
        and acronym not in COMMON_ACRONYMS
        and gazetteer.place_name(acronym) is None
    )


# Words a body's name may hold between its capitalised words ("Islamic State of Iraq and the
# Levant"), and how far back from its acronym a spelt-out name is looked for.
NAME_LINKING_WORDS = frozenset({"of", "and", "the", "for", "on", "&"})
SPELT_OUT_REACH = 10


def spelt_out_names(doc: Doc, spans: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """Names made whole by an acronym they spell (`spelt_out_stretches`): "Islamic State of Iraq
    and the Levant", which the model reads in pieces or not at all, is one name: a place when
    the gazetteer knows it, a law's, treaty's or event's when it ends in an event's word ("North
    American Free Trade Agreement (NAFTA)": MISC, no entity), else a body (what news spells out
    for an acronym)."""
    for start, end in spelt_out_stretches(doc):
        if any(s.start < start < s.end or s.start < end < s.end for s in spans):
            continue
        inside = [s for s in spans if start <= s.start and s.end <= end]
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end):
            continue  # the model read it whole
        if doc[end - 1].text in EVENT_ENDINGS:
            label = "MISC"
        else:
            label = "LOC" if gazetteer.place_name(doc[start:end].text) else "ORG"
        spans = [s for s in spans if s not in inside]
        spans.append(Span(doc, start, end, label=label))
    return sorted(spans, key=lambda s: s.start)


def spelt_out_stretches(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the capitalised stretches whose initials spell an acronym: right before
    it in brackets ("Islamic State of Iraq and the Levant (ISIL"), or anywhere in an article
    that writes the acronym of three letters or more ("ISIL, which stands for Islamic State of
    Iraq and the Levant,"), ending where the capitals end."""
    words = doc_words(doc)
    stretches = []
    for i in range(1, len(doc) - 1):
        if words[i] == "(" and is_acronym(words[i + 1]) and words[i + 1] not in MEMBER_TITLES:
            start = spelt_out_start(doc, i, words[i + 1].replace(".", "").casefold())
            if start is not None:
                stretches.append((start, i))
    # By last letter, the stretch's last initial; longest first, so that the choice between two
    # acronyms a stretch could spell does not hang on a set's order.
    by_last_letter: dict[str, list[str]] = {}
    for letters in sorted(
        {
            word.replace(".", "").casefold()
            for word in words
            if is_acronym(word)
            and word not in COMMON_ACRONYMS
            and word not in MEMBER_TITLES  # "Member of European Parliament": a title
        },
        key=lambda letters: (-len(letters), letters),
    ):
        if len(letters) > 2:
            by_last_letter.setdefault(letters[-1], []).append(letters)
    if not by_last_letter:
        return stretches
    for end in range(1, len(doc) + 1):
        last = words[end - 1]
        if not is_name_word(last) or end < len(doc) and is_name_word(words[end]):
            continue
        for letters in by_last_letter.get(last[0].casefold(), ()):
            if (start := spelt_out_start(doc, end, letters)) is not None:
                stretches.append((start, end))
                break
    return list(dict.fromkeys(stretches))


def spelt_out_start(doc: Doc, bracket: int, letters: str) -> int | None:
    """Where the longest stretch of capitalised and linking words right before `bracket` (or
    the word after the stretch), whose capitalised words' initials are `letters`, starts (None:
    no such stretch)."""
    found = None
    initials_so_far = ""
    for i in range(bracket - 1, max(bracket - SPELT_OUT_REACH, 0) - 1, -1):
        word = doc[i].text
        if is_infix_hyphen(doc[i]) or word in POSSESSIVES:
            continue  # "World Anti-Doping Agency (WADA", "Lugansk People's Republic (LPR"
        if word[:1].isupper() and word.isalpha():
            initials_so_far = word[0].casefold() + initials_so_far
            if initials_so_far == letters:
                found = i
        elif word.lower() not in NAME_LINKING_WORDS:
            break
        if len(initials_so_far) > len(letters):
            break
    return found


def span_range(span: Span) -> range:
    return range(span.start, span.end)


def is_edge_junk(token) -> bool:
    """Tokens a name neither starts nor ends with: "'s", "and", stray punctuation."""
    return token.lower_ in EDGE_WORDS


def is_spaced_dash(token) -> bool:
    """Whether `token` is a dash with a space on either side: "Ukraine - TASS", "NGOs --"."""
    return (
        token.text in DASHES
        and token.i > 0
        and bool(token.whitespace_ or token.doc[token.i - 1].whitespace_)
    )


def is_infix_hyphen(token) -> bool:
    """Whether `token` is a hyphen inside a word: "Saab-Scania", "al-Sabah", "Won-sik"."""
    doc = token.doc
    return (
        token.text == "-"
        and 0 < token.i < len(doc) - 1
        and not token.whitespace_
        and not doc[token.i - 1].whitespace_
        and not doc[token.i - 1].is_space
        and not doc[token.i + 1].is_space
    )


def proper_name_end(doc: Doc, start: int, end: int, label: str) -> int:
    """Where the name in tokens start..end really ends: not in junk ("New York 's"), and in a
    capitalised word or a number, not in "island", "ministry" or "-based" (the teacher the model
    learnt from reads no capitals). Only a person's name may end in a hyphenated lowercase part
    ("Shin Won-sik")."""
    while end > start:
        last = doc[end - 1]
        if not is_edge_junk(last):
            if not (last.is_lower and last.is_alpha):
                break
            if label == "PER" and end - start > 2 and is_infix_hyphen(doc[end - 2]):
                break
        end -= 1
    return end


def split_at_line_breaks(spans: list[Span]) -> list[Span]:
    """A name never runs across a line break ("Kim\n\nNorth Korean" is two pieces) or a dash
    set apart from its words ("Ukraine - TASS", "NGOs -- Peace Now": a heading and its source,
    two names in a list), never begins with junk, ends where `proper_name_end` says and has a
    capital letter."""
    pieces = []
    for span in spans:
        start = span.start
        for i in range(span.start, span.end + 1):
            if i == span.end or span.doc[i].is_space or is_spaced_dash(span.doc[i]):
                end = i
                while start < end and is_edge_junk(span.doc[start]):
                    start += 1
                end = proper_name_end(span.doc, start, end, span.label_)
                if end > start and any(ch.isupper() for ch in span.doc[start:end].text):
                    pieces.append(Span(span.doc, start, end, label=span.label_))
                start = i + 1
    return pieces


def person_name_parts(spans: list[Span]) -> dict[str, int]:
    """First and last words of the people's full names, each with where it first appears: "Kim"
    of "Kim Jong Un", "Jordan" of "Neil Jordan". Once the article has named the person in full, a
    lone such word is that person, whatever place or company bears it too."""
    parts = {}
    for span in spans:
        if span.label_ == "PER" and len(span) > 1:
            for word in (span[0], span[-1]):
                parts.setdefault(word.text, span.start)
    return parts


# A weekday and a time of day open a programme's title: "Saturday Night Live", "Monday Night
# Football", "Sunday Morning". The model, which never saw a weekday inside a name, reads the
# rest as a person ("Night Live").
TIMES_OF_DAY = frozenset({"Night", "Morning", "Afternoon", "Evening"})


def without_weekday_titles(doc: Doc, spans: list[Span]) -> list[Span]:
    """The spans, less those a weekday and a time of day open, with the weekday in the span or
    right before it: a programme's title, no person, body or place."""
    words = doc_words(doc)

    def is_title(span: Span) -> bool:
        start = span.start + 1 if words[span.start] in WEEKDAYS else span.start
        return (
            start < span.end
            and words[start] in TIMES_OF_DAY
            and start > 0
            and words[start - 1] in WEEKDAYS
        )

    return [span for span in spans if not is_title(span)]


# "the 21st Century", "the Twenty-First Century": a time, which the model cuts from its ordinal
# (or not) and reads as a body.
ORDINAL = re.compile(
    r"\d+(?:st|nd|rd|th)|(?:[a-z]+-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth|eleventh|twelfth|[a-z]+teenth|twentieth)",
    re.IGNORECASE,
)
CENTURY_WORDS = frozenset({"Century", "Millennium"})


def without_centuries(doc: Doc, spans: list[Span]) -> list[Span]:
    """The spans, less a "Century" or "Millennium" with its ordinal in the span or before it."""
    words = doc_words(doc)

    def is_century(span: Span) -> bool:
        ordinal_at = span.start - 1 if len(span) == 1 else span.start
        return (
            len(span) <= 2
            and words[span.end - 1] in CENTURY_WORDS
            and ordinal_at >= 0
            and ORDINAL.fullmatch(words[ordinal_at]) is not None
        )

    return [span for span in spans if not is_century(span)]


def apply_rules(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, str, str]]:
    """The article's entity spans as (span, kind, acronym expansion or ""); kind "event" for
    the name inside an event's name (`event_core`), "law" for the acronym of a law's, treaty's
    or event's name ("NAFTA"): neither is an entity."""
    spans = join_connected_names(doc, split_at_line_breaks(list(doc.ents)))
    spans = without_centuries(doc, without_weekday_titles(doc, spans))
    spans = event_names(doc, possessive_names(doc, spans, gazetteer))
    spans = hyphen_joined_starts(doc, merge_orgs(spans, find_named_orgs(doc, gazetteer)))
    spans = without_member_title_words(doc, merge_people(spans, find_titled_people(doc)))
    taken = {i for span in spans for i in range(span.start, span.end)}
    spans += find_countries(doc, gazetteer, taken)
    # The model often calls a lone acronym MISC; an acronym rule may take that over.
    taken = {
        i for span in spans if len(span) > 1 or span.label_ != "MISC" for i in span_range(span)
    }
    acronym_orgs = find_acronym_orgs(doc, gazetteer, taken)
    spans = [s for s in spans if not any(s.start <= a.start < s.end for a in acronym_orgs)]
    spans = sorted(spans + acronym_orgs, key=lambda s: s.start)
    spans = named_as_places(doc, spelt_out_names(doc, spans, gazetteer))
    spans = county_places(doc, without_member_titles(doc, spans, gazetteer))
    spans = listed_places(doc, without_address_parts(doc, spans, gazetteer), gazetteer)
    spans = called_bodies(doc, person_shapes(doc, spans))
    acronyms = find_acronyms(doc, spans, gazetteer)
    taken = {i for span in spans for i in range(span.start, span.end)}
    for i, word in enumerate(doc_words(doc)):
        if word in acronyms and i not in taken:
            spans.append(Span(doc, i, i + 1, label=acronyms[word].label_))
    spans.sort(key=lambda s: s.start)
    name_parts = person_name_parts(spans)
    found = []
    for span in spans:
        expansion = acronyms.get(span.text)
        kind = LABEL_KINDS.get((expansion or span).label_)
        if kind is None and expansion is not None and expansion.label_ == "MISC":
            found.append((span, "law", ""))  # "NAFTA" of a "... Agreement (NAFTA)"
        elif kind is None and (core := event_core(doc, span)) is not None:
            found.append((core, "event", ""))
        if kind is None or gazetteer.is_nationality(span.text) or span.text in COMPASS_POINTS:
            continue
        if span.text in COMMON_ACRONYMS and expansion is None:
            continue  # "(ICBM)" after "ballistic missiles" names a thing, not a place or a body
        if len(span) == 1 and name_parts.get(span.text, len(doc)) < span.start:
            kind = "person"  # "Washington" after "MaliVai Washington" is the player, not the city
        elif (
            gazetteer.is_country(span.text)
            or gazetteer.is_region(span.text)
            or kind == "person"
            and gazetteer.place_name(span.text)
        ):
            kind = "place"
        found.append((span, kind, expansion.text if expansion is not None else ""))
    return found
