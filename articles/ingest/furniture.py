"""Page furniture: the lines a scraper picks up around an article that are not the article.

The pattern rules are data: add a `FurnitureRule` to `RULES` when a new kind of furniture turns up,
and a test for it in articles/tests/test_ingest_furniture.py. A rule's pattern must match a whole
line (case-insensitive). A `prefix` rule may also match the start of a line and leave the rest,
which becomes a line of its own: real scrapes glue furniture to the next line, as in
"Back to top buttonBreaking News". Any rule of several words may match a line's start when the
rest is glued on without a space and starts with a capital ("Skip to contentWorld News"). A
`trailing` rule also matches at the end of a paragraph it is glued to ("...said.Back to top"). A
`search` rule finds a telling phrase anywhere in a short line (a cookie notice), anchored with ^ or
$ where it must open or close the line (a photo credit).

`INLINE_RULES` remove furniture from inside a line: scrapes that join an article's paragraphs
into one line leave a share bar or a credit in the middle of the text, where no whole-line rule
can see it. Their patterns say where the furniture starts and ends on their own.

The structural rules below the list (repeated captions, name captions, duplicate paragraphs) look
at lines in context rather than one at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    pattern: str
    prefix: bool = False  # may match the start of a line and leave the rest as a line of its own
    trailing: bool = False  # may match the end of a paragraph it is glued to
    search: bool = False  # matches anywhere (anchor with ^ or $): the whole line is furniture
    hints: tuple[str, ...] = ()  # for speed: text one of which a matching line must contain
    drops_list: bool = False  # a heading over other stories' headlines, which go with it
    max_length: int = 200  # a longer line is prose, never this furniture
    regex: re.Pattern = field(init=False, repr=False, compare=False)
    tail_regex: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))
        tail = None
        if self.trailing:
            tail = re.compile(r"(?<=[.!?\"”’)])\s*(?:" + self.pattern + r")\s*$", re.IGNORECASE)
        object.__setattr__(self, "tail_regex", tail)


# A photographer or agency in a credit: capitalised words, whatever the rule's case setting.
CREDIT_NAME = r"\s*(?-i:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|via|for|de|van|von)){0,4})"

RULES: list[FurnitureRule] = [
    FurnitureRule(
        "theme_banner",
        # WordPress themes nag on every page until their licence key is entered.
        r"[\w .'’-]{0,60}?\b(?:theme|plugin|template)\s+licen[cs]e\s+is\s+not\s+"
        r"(?:validated|activated|valid)\b.*?(?:each\s+domain(?:\s+name)?\.|(?=$))",
        prefix=True,
        max_length=400,
    ),
    FurnitureRule(
        "back_to_top",
        r"(?:back|scroll|go|return|jump)\s+to\s+(?:the\s+)?top(?:\s+of\s+(?:the\s+)?page)?"
        r"(?:\s*button)?\s*[↑⬆^]?",
        prefix=True,
        trailing=True,
        hints=("top",),
    ),
    FurnitureRule(
        "share_prompt",
        r"(?:share\s+(?:this|on|via|to|with|the\s+(?:story|article))\b.{0,80}|share(?:\s+this)?\s*:?"
        r"|click\s+to\s+(?:share|email|print|tweet)\b.{0,80}|tweet\s+this|copy\s+(?:the\s+)?link)",
        max_length=120,
    ),
    FurnitureRule(
        "social_buttons",
        # A line made only of network names: the text of a row of share buttons.
        r"(?:(?:facebook|twitter|x|linkedin|whatsapp|telegram|e-?mail|pinterest|reddit|tumblr"
        r"|messenger|print|copy\s+link|share|vk|vkontakte|viber|threads|bluesky|mastodon"
        r"|share\s+via\s+e-?mail|kakao(?:\s*talk|\s*story)?|naver|band|line|weibo|wechat|flipboard"
        r"|sms)\s*[|·•,/]?\s*)+",
    ),
    FurnitureRule(
        "follow_prompt",
        r"(?:follow\s+(?:us|me|@\w+)\b.{0,100}|like\s+us\s+on\s+facebook.{0,60}"
        r"|join\s+(?:us\s+on|our)\s+(?:telegram|whatsapp|discord).{0,80}"
        r"|(?:get|download|install)\s+(?:the|our)\s+(?:free\s+)?(?:\w+\s+)?app\b.{0,80}"
        r"|(?:available|download)\s+(?:it\s+)?(?:on|from)\s+(?:the\s+)?(?:app\s+store|google\s+play)"
        r".{0,80})",
        max_length=160,
    ),
    FurnitureRule(
        "subscribe_prompt",
        r"(?:subscribe(?:\s+(?:now|today|here|to\s+.{1,80}))?[.!]?|click\s+here\s+to\s+subscribe.{0,80}"
        r"|sign\s+up\s+(?:for|to)\s+.{0,60}newsletters?.{0,60}"
        r"|(?:get|receive)\s+(?:our|the)\s+.{0,40}newsletters?.{0,60}|newsletters?(?:\s+sign[\s-]?up)?"
        r"|sign\s+up\s+here\.?)",
        max_length=160,
    ),
    FurnitureRule(
        "cookie_notice",
        r"\b(?:we\s+use\s+cookies|(?:web)?site\s+uses\s+cookies|uses\s+cookies|cookie\s+(?:policy"
        r"|settings|preferences|notice|consent)|(?:accept|reject|allow)\s+(?:all\s+)?cookies"
        r"|manage\s+cookies|by\s+continuing\s+to\s+(?:use|browse))\b"
        r"|^(?:accept(?:\s+all)?|reject\s+all|i\s+agree|got\s+it)$",
        search=True,
        hints=("cookie", "accept", "reject", "agree", "got it", "continuing"),
        max_length=600,
    ),
    FurnitureRule(
        "related_link",
        # "Also read: <headline of another story>", with or without the colon glued to text.
        r"(?:also\s+read|read\s+also|read\s+more|more\s+to\s+read|related|see\s+also|more\s+on\s+this"
        r"|recommended|read\s+next|must\s+read|watch|listen)\s*(?::|\||»|>|–|—)\s*.{1,250}",
        trailing=True,
        hints=(":", "|", "»", ">", "–", "—"),
        max_length=300,
    ),
    FurnitureRule(
        "related_heading",
        r"(?:related(?:\s+(?:articles?|stories|news|posts|content|coverage|topics))?"
        r"|(?:read|learn|find\s+out)\s+more(?:\s+(?:here|about\s+this))?"
        r"|more\s+stories|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)"
        r"|recommended(?:\s+(?:for\s+you|stories|articles))?|trending(?:\s+now)?|most\s+(?:read|popular)"
        r"|popular\s+posts|editor'?s\s+picks?|check\s+also|(?:latest|more|top)\s+headlines"
        r"|more\s+(?:on|from)\s+this\s+(?:story|topic))\s*:?",
        drops_list=True,
    ),
    FurnitureRule(
        "advertisement",
        r"(?:advertisement|advertisment|sponsored(?:\s+content)?|ads?|story\s+continues\s+below"
        r"(?:\s+(?:this\s+)?advertisement)?|continue\s+reading\s+(?:below|the\s+main\s+story)"
        r"|scroll\s+to\s+continue(?:\s+with\s+content)?"
        r"|article\s+continues\s+(?:below|after\s+(?:this\s+)?advertisement)"
        r"|advertisement\s*[-–—:]\s*scroll\s+to\s+continue(?:\s+reading)?)\s*:?",
    ),
    FurnitureRule(
        "adblock_notice",
        r"(?:ad\s*block(?:er)?\s+detected.{0,200}|please\s+(?:consider\s+)?(?:supporting\s+us\s+by\s+)?"
        r"(?:disabling|disable|turn\s+off|whitelist)\w*\s+(?:your\s+)?ad\s*blocker.{0,200})",
        max_length=300,
    ),
    FurnitureRule(
        "copyright",
        r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}|copyright\s*(?:©|\(c\)))"
        r"|\ball\s+rights\s+reserved\.?$",
        search=True,
        hints=("©", "(c)", "copyright", "reserved"),
    ),
    FurnitureRule(
        "comments_prompt",
        r"(?:\d+\s+comments?|comments?\s*\(\d+\)|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment"
        r"|add\s+(?:a\s+)?comment|(?:view|show|hide)\s+comments|join\s+the\s+(?:conversation|discussion)"
        r"|comments?)\s*:?",
    ),
    FurnitureRule(
        "navigation",
        r"(?:skip\s+to\s+(?:main\s+)?(?:content|navigation)|(?:main\s+)?menu|toggle\s+navigation|search"
        r"|search\s+for:?|close|home|log\s*in|sign\s*in|log\s*out|register|print(?:\s+this\s+(?:page"
        r"|article))?|e-?mail(?:\s+this(?:\s+article)?)?|(?:next|previous|prev)(?:\s+(?:article|post"
        r"|story))?|load\s+more|show\s+more|open\s+in\s+app|listen\s+to\s+this\s+article|send\s+an\s+email|switch\s+skin|random\s+article)\s*[:»›>]?",
    ),
    FurnitureRule(
        "reading_time",
        r"(?:\d+\s*(?:minutes?|mins?)\s+(?:read|reading(?:\s+time)?)"
        r"|(?:estimated\s+)?reading\s+time\s*:?\s*\d+\s*(?:minutes?|mins?))",
    ),
    FurnitureRule(
        "photo_credit",
        r"(?:(?:file\s+)?(?:photo|image|picture|pic|graphic|video)s?(?:\s+credit)?\s*(?::|by\b|courtesy"
        r"(?:\s+of)?)\s*.{1,80}|credit\s*:\s*.{1,80}|image\s+(?:source|caption)\s*,\s*.{1,200})",
        max_length=220,
    ),
    FurnitureRule(
        "photo_caption",
        # A caption ends with its credit: "Kim Jong Un visits a factory. Photo by KCNA/UPI",
        # "... in Seoul. REUTERS/Kim Hong-Ji", "(AP Photo/Ahn Young-joon)", "(KCNA via REUTERS)".
        rf"(?:\b(?:file\s+)?(?:photo|image|picture)\s+(?:by|courtesy\s+of)\s+{CREDIT_NAME}/"
        rf"{CREDIT_NAME}|\(?\b(?:reuters|ap\s+photo|afp|epa-efe|getty\s+images)/{CREDIT_NAME}\)?"
        rf"|\({CREDIT_NAME}\s+via\s+(?:reuters|ap|afp|getty\s+images|yonhap)\))\.?$",
        search=True,
        hints=("/", " via "),
        max_length=460,
    ),
    FurnitureRule(
        "relative_time",
        # "3 hours ago" means nothing once the page has been saved.
        r"(?:updated\s+|posted\s+)?(?:an?|\d+)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?"
        r"|months?|years?)\s+ago",
    ),
    FurnitureRule("end_mark", r"\((?:end|ends|eom)\)|ends|-+\s*30\s*-+|(?:[-_=*~•·#]\s*){3,}"),
    # Icons, separators and bullets left when a scraper drops the links around them: "|", "»", "•".
    FurnitureRule("no_words", r"[\W_]+"),
    FurnitureRule(
        "contributor_credit",
        # AP's closing line: "Associated Press writer Kim Tong-hyung contributed to this report."
        r"(?:the\s+)?(?:associated\s+press\s+|ap\s+|staff\s+)?(?:writers?|reporters?|journalists?"
        r"|correspondents?)\s+.{1,150}\s+contributed(?:\s+to)?(?:\s+(?:this|the))?\s+report(?:ing)?\.?"
        # Any other names before "contributed to this report": "CNN's Jim Acosta and Jeff
        # Zeleny contributed to this report." ("the report" may be a government's.)
        r"|.{1,180}\s+contributed\s+(?:to\s+this\s+(?:report|story|article)|reporting)\.?",
        max_length=220,
    ),
    FurnitureRule(
        "standards_notice",
        r"our\s+standards\s*:\s*the\s+thomson\s+reuters\s+trust\s+principles\.?"
        r"|(?:this\s+)?(?:article|story)\s+(?:is|was)\s+(?:auto-generated|generated)\s+from\s+.{1,120}",
    ),
    FurnitureRule("contact_email", r"(?:e-?mail\s*:?\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    FurnitureRule(
        "tags_line", r"(?:tags?|topics|keywords|filed\s+under|categor(?:y|ies))\s*:\s*.{0,200}"
    ),
    FurnitureRule(
        "reporting_credit",
        # The wire-service trailer: "(Reporting by Hyonhee Shin; Editing by Ed Davies)".
        r"\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\s+.{1,200}\)"
        r"|(?:additional\s+)?(?:reporting|writing)\s+by\s+(?-i:[A-Z]).{0,150}?;\s*(?:editing|writing)"
        r"\s+by\s+.{1,100}",
        max_length=260,
    ),
]


# Share-button names as a bar writes them; ordinary words ("print", "line", "x") are left out,
# as inside prose they are prose.
NETWORK = (
    r"(?:facebook|twitter|google\s?\+|whatsapp|tumblr|linkedin|stumble(?:upon)?|digg|reddit|newsvine"
    r"|pinterest|telegram|vkontakte|viber|flipboard|pocket|messenger|e-?mail|weibo|wechat)"
)
NAME_WORDS = r"(?-i:[A-Z][\w'’.-]*)(?:\s+(?-i:[A-Z][\w'’.-]*|and|of|the|news|agenc(?:y|ies))){0,5}"


@dataclass(frozen=True)
class InlineRule:
    """Furniture inside a line, cut out wherever `pattern` finds it; the text around it stays."""

    name: str
    pattern: str
    hints: tuple[str, ...] = ()  # for speed: text one of which a line must contain
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))


INLINE_RULES: list[InlineRule] = [
    InlineRule(
        "share_bar",
        # "Send Facebook Twitter Google+ Whatsapp Tumblr linkedin ... Newsvine Permalink http://...":
        # four network names in a row (no commas: a list of them in prose has commas and "and").
        rf"(?:\b(?:send|share)\s*:?\s+)?(?:\b{NETWORK}(?![\w+])\s*[|·•/]?\s*){{4,}}"
        r"(?:permalink\b\s*(?:https?://\S+)?)?",
        hints=("facebook", "twitter", "whatsapp", "linkedin", "reddit", "telegram", "google"),
    ),
    InlineRule(
        "glued_credit",
        # A closing "Source: Al Jazeera and news agencies" glued to the story's last words.
        rf"(?<=\S)\s+sources?\s*:\s*[-–—]?\s*{NAME_WORDS}\.?\s*$",
        hints=("source",),
    ),
    InlineRule(
        "desk_credit",
        # The editors' initials and the agencies a story drew on: "jbh/rt (AFP, Reuters) -".
        r"(?<!\S)(?-i:[a-z]{1,4}(?:/[a-z]{1,4})+)\s*\((?-i:[A-Z][A-Za-z]*)(?:\s*[,/]\s*"
        r"(?-i:[A-Za-z]+))*\)\s*[-–—]?\s*$",
        hints=("/",),
    ),
    InlineRule(
        "related_label",
        # "READ MORE: Other story's headline" inside joined paragraphs: where that headline ends
        # is not marked, so the label goes and its words stay.
        # A shouted label names another piece the same way: "OPINION: ...", "WATCH: ...".
        r"(?<=[.!?\"”’)])\s+(?:read\s+more|also\s+read|read\s+also|learn\s+more|see\s+also"
        r"|(?-i:WATCH|OPINION|VIDEO|LISTEN|PHOTOS|IN PICTURES|INSIDE STORY|RELATED))\s*:\s*(?=\S)",
        hints=(
            "read",
            "learn",
            "see also",
            "watch",
            "opinion",
            "video",
            "listen",
            "photos",
            "pictures",
            "inside story",
            "related",
        ),  # fmt: skip
    ),
    InlineRule(
        "disclaimer",
        # An outlet's closing disclaimer: "The views expressed in this article are the author's
        # own ...", "- TASS is not responsible for the material quoted in the press reviews".
        r"(?:^|(?<=[.!?\"”’])\s|(?<=[.!?\"”’][-–—])\s)\s*[-–—]?\s*(?:(?:the\s+)?(?:views|opinions)\s+expressed\s+(?:in\s+"
        r"this\s+\w+\s+|here\s+)?are\s+(?:(?:those\s+of\s+)?the\s+author'?s?|their|his|her)(?:\s+own)?"
        r"|(?-i:[A-Z][\w.&'’-]*)(?:\s+(?-i:[A-Z][\w.&'’-]*)){0,3}\s+(?:is|are)\s+not\s+responsible"
        r"\s+for\s+(?:the\s+)?(?:content|material|views|opinions)s?\s+(?:quoted|expressed|published"
        r"|of\s+(?:external|other|third[- ]party)\s+(?:web)?sites?))\b"
        r"[^.!?]{0,160}[.!?]?[-–—]?\s*$",
        hints=("expressed", "not responsible"),
    ),
    InlineRule("dash_run", r"(?<!\S)-+(?:\s+-+){3,}(?!\S)", hints=("- -",)),
]


def strip_inline_furniture(line: str) -> str:
    """`line` without the furniture the inline rules find, its spacing kept single."""
    lowered = line.lower()
    for rule in INLINE_RULES:
        if rule.hints and not any(hint in lowered for hint in rule.hints):
            continue
        cut = rule.regex.sub(" ", line)
        if cut != line:
            line = " ".join(cut.split())
            lowered = line.lower()
    return line


def match_furniture(line: str) -> tuple[FurnitureRule, str] | None:
    """The rule `line` is furniture by, and what is left of the line (often ""), or None."""
    lowered = line.lower()
    for rule in RULES:
        if len(line) > rule.max_length and not rule.prefix:
            continue
        if rule.hints and not any(hint in lowered for hint in rule.hints):
            continue
        if rule.search:
            if rule.regex.search(line):
                return rule, ""
            continue
        # A prefix rule takes the shortest furniture it can, so a glued label survives it.
        if not rule.prefix and rule.regex.fullmatch(line):
            return rule, ""
        match = rule.regex.match(line)
        if match and rule.prefix and not line[match.end() :].strip():
            return rule, ""
        if not match or match.end() == 0:
            continue
        rest = line[match.end() :]
        # Only furniture of several words counts when glued to a capital: not "Home" in "HomePod".
        words = re.findall(r"\w+", match.group())
        glued = len(words) > 1 and not line[match.end() - 1].isspace()
        glued = glued and rest[:1].isupper()
        if (rule.prefix and rest.strip()[:1].isupper()) or glued:
            return rule, rest.strip()
    return None


def strip_furniture(lines: list[str]) -> list[str]:
    """`lines` without the furniture the pattern rules find; glued remainders become lines."""
    kept: list[str] = []
    pending = list(reversed(lines))
    in_list = False
    while pending:
        line = pending.pop()
        found = match_furniture(line)
        if found is None:
            if in_list and is_headline(line):
                continue
            in_list = False
            kept.append(strip_inline_furniture(strip_trailing_furniture(line)))
            continue
        rule, rest = found
        in_list = rule.drops_list or (in_list and not rest)
        if rest:
            pending.append(rest)
    return [line for line in kept if line]


def is_headline(line: str) -> bool:
    """A line that reads as another story's headline in a list, not as a sentence of prose."""
    return len(line.split()) <= 25 and not line.endswith((".", "!", "?", '"', "”", ":"))


def strip_trailing_furniture(line: str) -> str:
    lowered = line.lower()
    for rule in RULES:
        if rule.tail_regex is None:
            continue
        if not rule.hints or any(hint in lowered for hint in rule.hints):
            line = rule.tail_regex.sub("", line)
    return line


SHORT_LINE_WORDS = 12
CAPTION_REACH = 10  # lines either side of a name caption where the story must name it
NAME_WORD = re.compile(r"(?:[A-Z][\w’'.-]*|[A-Z]{2,}|de|da|van|von|bin|al|el|la|le|du)$")


def is_short_line(line: str) -> bool:
    return len(line.split()) <= SHORT_LINE_WORDS and not line.endswith((".", ":", "?", "!"))


def drop_repeated_captions(lines: list[str]) -> list[str]:
    """Without short lines repeated on consecutive lines: an image caption scraped twice.

    Every copy goes, since the caption is no part of the story.
    """
    kept = []
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else None
        after = lines[i + 1] if i + 1 < len(lines) else None
        if is_short_line(line) and line in (before, after):
            continue
        kept.append(line)
    return kept


def is_name_line(line: str) -> bool:
    words = line.split()
    if not 1 < len(words) <= 5 or words[0].lower() in ("the", "a", "an"):
        return False
    return all(NAME_WORD.match(word) for word in words)


def drop_name_captions(lines: list[str]) -> list[str]:
    """Without lines that are only a name which the story itself repeats: a photo caption."""
    kept = []
    for i, line in enumerate(lines):
        if is_name_line(line):
            # A caption sits by the paragraphs it illustrates; looking nearby keeps this linear.
            nearby = lines[max(0, i - CAPTION_REACH) : i + CAPTION_REACH + 1]
            if any(line in other and other != line for other in nearby):
                continue
        kept.append(line)
    return kept


def drop_duplicate_paragraphs(lines: list[str]) -> list[str]:
    """Without later copies of a paragraph: pull quotes and captions scraped twice."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = line.casefold()
        if key in seen:
            continue
        seen.add(key)
        kept.append(line)
    return kept


STRUCTURAL_RULES = [drop_repeated_captions, drop_name_captions, drop_duplicate_paragraphs]


def drop_captions(lines: list[str]) -> list[str]:
    """`lines` (an article's lines after its title) without captions and repeated paragraphs."""
    for rule in STRUCTURAL_RULES:
        lines = rule(lines)
    return lines


def clean_lines(lines: list[str]) -> list[str]:
    """Body lines with every furniture rule applied, pattern and structural."""
    return drop_captions(strip_furniture(lines))
