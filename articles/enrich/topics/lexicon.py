"""Zero-shot topics: a committed lexicon per IPTC subject, scored with TF-IDF-like weights.

No labelled article went into it: the terms come from the IPTC names and descriptions and from
hand-curated news vocabulary (data/topic_lexicon.txt; the method is in data/README.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

from articles.enrich import ArticleText

LEXICON_PATH = Path(__file__).parents[1] / "data" / "topic_lexicon.txt"

TITLE_WEIGHT = 2  # a headline word counts as two body words: headlines name the subject
# Raw evidence at which a topic's confidence reaches 1 - 1/e of its share: about four strong
# (weight 3) terms seen once each, or two seen three times each.
EVIDENCE_SCALE = 12.0
SHARED_AMONG = 3  # confidence is a share of the evidence of this many strongest topics
# Capitalised "Labour" is nearly always the British party: it is read as the word "labourparty",
# which the lexicon lists under politics, so that it does not count for the labour topic.
PARTY_RE = re.compile(r"\bLabour\b")
WORD_RE = re.compile(r"[a-z0-9]+(?:['’&\-][a-z0-9]+)*|[$£€]")


def normalise_word(word: str) -> str:
    """The form used to compare words: no possessive "'s", and a plural made singular."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    return WORD_RE.findall(PARTY_RE.sub("labourparty", text).lower())


class TopicLexicon:
    """Weighted terms per topic; `confidences` gives every topic's confidence for each text."""

    def __init__(self, path: Path = LEXICON_PATH):
        self.names: dict[str, str] = {}
        terms = self._read(path)
        self.qcodes = list(self.names)
        index = {qcode: i for i, qcode in enumerate(self.qcodes)}
        # A term listed under k topics says less about each of them: its weight is divided by k,
        # the lexicon's own inverse document frequency.
        spread = Counter(term for term, _, _ in terms)
        self._words: dict[str, dict[int, float]] = {}
        self._prefixes: dict[str, dict[int, float]] = {}
        self._phrases: dict[tuple[str, ...], dict[int, float]] = {}
        for term, qcode, weight in terms:
            entry, value = None, weight / spread[term]
            if term.endswith("*"):
                entry = self._prefixes.setdefault(term[:-1], {})
            elif " " in term:
                words = tuple(normalise_word(w) for w in term.split())
                entry = self._phrases.setdefault(words, {})
            else:
                entry = self._words.setdefault(normalise_word(term), {})
            entry[index[qcode]] = max(entry.get(index[qcode], 0.0), value)
        self._phrase_starts: dict[str, list[tuple[str, ...]]] = {}
        for words in self._phrases:
            self._phrase_starts.setdefault(words[0], []).append(words)
        self._word_cache: dict[str, tuple[tuple[int, float], ...]] = {}

    def _read(self, path: Path) -> list[tuple[str, str, float]]:
        terms, qcode = [], None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@"):
                qcode, _, name = line[1:].strip().partition(" ")
                self.names[qcode] = name
                continue
            weight, _, rest = line.partition(" ")
            if qcode is None or not weight.isdigit():
                raise ValueError(f"{path}:{number}: expected '@ qcode name' or 'weight terms'")
            terms += [(t.strip(), qcode, float(weight)) for t in rest.split(",") if t.strip()]
        # A term listed twice under one topic counts once, at its highest weight.
        best: dict[tuple[str, str], float] = {}
        for term, q, weight in terms:
            best[term, q] = max(best.get((term, q), 0.0), weight)
        return [(term, q, weight) for (term, q), weight in best.items()]

    def _lookup(self, word: str) -> tuple[tuple[int, float], ...]:
        """Topic weights for one normalised word: its own, plus those of matching prefixes."""
        found = self._word_cache.get(word)
        if found is not None:
            return found
        weights = dict(self._words.get(word, {}))
        for end in range(3, len(word) + 1):
            for topic, value in self._prefixes.get(word[:end], {}).items():
                weights[topic] = max(weights.get(topic, 0.0), value)
        found = tuple(weights.items())
        if len(self._word_cache) > 200_000:  # bound memory on endless streams of new words
            self._word_cache.clear()
        self._word_cache[word] = found
        return found

    def evidence(self, text: ArticleText) -> list[float]:
        """Raw score per topic: the sum of its terms' weights times their sublinear frequency."""
        words = [normalise_word(w) for w in tokenize(text.title) * TITLE_WEIGHT]
        words += [normalise_word(w) for w in tokenize(text.body)]
        counts = Counter(words)
        for i, word in enumerate(words):
            for phrase in self._phrase_starts.get(word, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    counts[phrase] += 1
        scores = [0.0] * len(self.qcodes)
        for term, n in counts.items():
            weights = self._phrases[term].items() if isinstance(term, tuple) else self._lookup(term)
            for topic, value in weights:
                scores[topic] += value * (1.0 + math.log(n))
        return scores

    def confidences(self, texts: list[ArticleText]) -> list[dict[str, float]]:
        """For each text, a confidence in [0, 1] for every topic of the lexicon.

        A topic's confidence is its share of the evidence of the text's three strongest topics
        (at most three are assigned, so a long tail of passing mentions does not dilute them),
        damped when the evidence is thin: share * (1 - exp(-score / EVIDENCE_SCALE)).
        """
        results = []
        for text in texts:
            scores = self.evidence(text)
            total = sum(sorted(scores, reverse=True)[:SHARED_AMONG])
            results.append(
                {
                    qcode: min(score / total, 1.0) * (1.0 - math.exp(-score / EVIDENCE_SCALE))
                    if score
                    else 0.0
                    for qcode, score in zip(self.qcodes, scores, strict=True)
                }
            )
        return results
