"""The outlet an article's URL names, and a readable name for it when nothing better is known.

"http://www.dw.com/en/..." and "https://dw.com/p/2XWiQ" are one outlet: its key is the
registrable domain ("dw.com", "bbc.co.uk"), found with the Public Suffix List that the `tld`
package ships (read from disk, never fetched). A curated Source registry (the store side) maps
domains to names; `domain_name` is the fallback, so every article with a URL has an outlet.
"""

from __future__ import annotations

import contextlib
import re
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
    found = get_tld(f"http://{domain}", as_object=True, fail_silently=True)
    label = found.domain if found and found.domain else domain.split(".")[0]
    if label.startswith("xn--"):
        with contextlib.suppress(UnicodeError):
            label = label.encode("ascii").decode("idna")
    words = [word for word in re.split(r"[-_]+", label) if word]
    if len(words) == 1 and len(label) <= ACRONYM_LENGTH:
        return label.upper()
    return " ".join(word.capitalize() for word in words) or domain
