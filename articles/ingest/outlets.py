"""The outlet an article's URL names, and a readable name for it when nothing better is known.

"http://www.dw.com/en/..." and "https://dw.com/p/2XWiQ" are one outlet: its key is the
registrable domain ("dw.com", "bbc.co.uk"), found with the Public Suffix List that the `tld`
package ships (read from disk, never fetched). A curated Source registry (the store side) maps
domains to names; `domain_name` is the fallback, so every article with a URL has an outlet, and
`name_in_texts` finds how the outlet's own articles write the name the domain runs together.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from tld import get_tld

ACRONYM_LENGTH = 4  # "dw", "rte", "tass", "bbc": a label this short reads as the outlet's initials


def url_host(url: str) -> str:
    """The host of `url`, lower-case, without "www." and port; "" for anything but a web address."""
    url = (url or "").strip()
    if not re.match(r"https?://", url, re.IGNORECASE):
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed port or bracketed host
        return ""
    return re.sub(r"^www\d*\.", "", host.rstrip(".").lower())


def outlet_domain(url: str) -> str:
    """The registrable domain of `url` ("bbc.co.uk" for news.bbc.co.uk), "" when it has none.

    A host without a public suffix (an address on an intranet, "localhost") is its own outlet.
    """
    host = url_host(url)
    if not host:
        return ""
    found = get_tld(f"http://{host}", as_object=True, fail_silently=True)
    return found.fld if found else host


def domain_hosts(url: str) -> list[str]:
    """The hosts a registry may list for `url`, most specific first, ending with its outlet domain:
    "news.bbc.co.uk", "bbc.co.uk"."""
    host, domain = url_host(url), outlet_domain(url)
    if not domain:
        return []
    labels = host.split(".")
    hosts = [".".join(labels[i:]) for i in range(len(labels))]
    return [h for h in hosts if h == domain or h.endswith("." + domain)]


def domain_name(domain: str) -> str:
    """A readable outlet name from its domain: "dw.com" → "DW", "korea-times.co.kr" → "Korea Times",
    "aljazeera.com" → "Aljazeera"."""
    if re.fullmatch(r"[\d.]+|.*:.*", domain):  # an IP address names nothing better than itself
        return domain
    label = domain_label(domain)
    if label.startswith("xn--"):
        with contextlib.suppress(UnicodeError):
            label = label.encode("ascii").decode("idna")
    words = [word for word in re.split(r"[-_]+", label) if word]
    if len(words) == 1 and len(label) <= ACRONYM_LENGTH:
        return label.upper()
    return " ".join(word.capitalize() for word in words) or domain


# A run of one to four capitalised words (or all-capital ones), as an outlet names itself in text.
CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’&.-]*(?:[ -][A-Z][\w'’&.-]*){0,3}")
MIN_NAME_MENTIONS = 3


def name_in_texts(domain: str, texts: Iterable[str]) -> str:
    """How the outlet's own articles write its name, when the domain spells it without spaces
    ("aljazeera.com" and "told Al Jazeera"): the commonest such wording seen at least three
    times, else ""."""
    label = spelled(domain_label(domain))
    if len(label) < 3:  # "dw": two letters match too many words run together
        return ""
    counts: Counter[str] = Counter()
    for text in texts:
        for match in CAPITALISED_RUN.finditer(text):
            words = match.group().split()
            # Any run of its words may be the name: "Al Jazeera" in "Al Jazeera English".
            for start in range(len(words)):
                for end in range(start + 1, len(words) + 1):
                    wording = " ".join(words[start:end]).strip(".'’-")
                    if spelled(wording) == label:
                        counts[wording] += 1
    if not counts:
        return ""
    wording, count = counts.most_common(1)[0]
    return wording if count >= MIN_NAME_MENTIONS else ""


def domain_label(domain: str) -> str:
    found = get_tld(f"http://{domain}", as_object=True, fail_silently=True)
    return found.domain if found and found.domain else domain.split(".")[0]


def spelled(text: str) -> str:
    """Only the letters and digits of `text`, accents and case aside: how a domain spells it."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum() and char.isascii())
