"""Section labels: the short line a page shows above a headline ("World News", "Sport")."""

from __future__ import annotations

import re

# Labels news sites use for their sections, lower case. Grow it as new sites come in.
KNOWN_SECTIONS = {
    "news",
    "world",
    "world news",
    "breaking news",
    "latest news",
    "top news",
    "top stories",
    "national",
    "national news",
    "local news",
    "local",
    "international",
    "politics",
    "business",
    "economy",
    "markets",
    "finance",
    "money",
    "sport",
    "sports",
    "opinion",
    "analysis",
    "editorial",
    "commentary",
    "features",
    "asia",
    "asia pacific",
    "asia-pacific",
    "europe",
    "americas",
    "middle east",
    "africa",
    "us news",
    "u.s. news",
    "uk news",
    "india news",
    "china",
    "korea",
    "north korea",
    "south korea",
    "defense",
    "defence",
    "security",
    "science",
    "technology",
    "tech",
    "health",
    "environment",
    "climate",
    "culture",
    "arts",
    "entertainment",
    "lifestyle",
    "travel",
    "education",
    "crime",
    "law",
    "justice",
    "diplomacy",
    "military",
    "energy",
    "weather",
}
# Last words that make a short capitalised line a section label rather than a short headline.
LABEL_ENDINGS = {
    "news",
    "world",
    "politics",
    "affairs",
    "business",
    "sport",
    "sports",
    "opinion",
    "analysis",
    "economy",
    "tech",
    "technology",
    "entertainment",
    "culture",
    "science",
    "health",
    "desk",
    "region",
    "nation",
    "updates",
}
BREADCRUMB = re.compile(r"\s*(?:>|›|»|/|\|)\s*")


def is_label(text: str) -> bool:
    words = text.split()
    if text.lower() in KNOWN_SECTIONS:
        return True
    if not 1 <= len(words) <= 3 or len(text) > 30 or re.search(r"[\d,:;!?\"“”()]", text):
        return False
    if not all(word[0].isupper() or word == "&" for word in words):
        return False
    return text.isupper() or words[-1].lower() in LABEL_ENDINGS


def section_label(line: str) -> str | None:
    """The section `line` names ("World News"; the last step of "Home > World > Asia"), or None."""
    parts = [part for part in BREADCRUMB.split(line) if part]
    if len(parts) > 1:
        steps = [part for part in parts if part.lower() != "home"]
        if all(is_label(part) for part in steps):
            return steps[-1] if steps else None
        # "Home / World News / <the headline>": the step before the headline.
        if parts[0].lower() == "home" and len(steps) > 1 and is_label(steps[-2]):
            return steps[-2]
        return None
    return line if is_label(line) else None
