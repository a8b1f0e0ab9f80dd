"""Topics of articles: up to three IPTC Media Topics each, with a confidence in [0, 1].

Two sources, one answer. The zero-shot lexicon (topic_lexicon.py) knows all 17 top-level topics and
needs no labels. Once curators have labelled enough articles, `manage.py train_topics` saves a
trained model (topic_model.py) under DATA_DIR/models/; from then on, the topics it was trained for
are scored by the model and every other topic still by the lexicon.

Each source has its own threshold, because their confidences mean different things. A model
confidence (how far the text moves the topic's probability from the model's no-evidence baseline
towards 1) is kept from 0.5. A lexicon confidence (the topic's share of the evidence of the text's
three strongest topics, damped when the evidence is thin) is kept from 0.2: one clear subject
scores 0.5 to 0.9, a second real subject 0.2 to 0.4, a passing mention below 0.1.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from django.conf import settings

from articles.enrich import ArticleText, FoundTopic
from articles.enrich.topics.lexicon import TopicLexicon
from articles.enrich.topics.model import TopicModel

logger = logging.getLogger("newsdesk.enrich")

MAX_TOPICS = 3
LEXICON_THRESHOLD = 0.2
MODEL_THRESHOLD = 0.5
MODEL_FILENAME = "topics.npz"


class TopicClassifier:
    """The model's topics scored by the model, all others by the lexicon."""

    def __init__(self, lexicon: TopicLexicon, model: TopicModel | None = None):
        self.lexicon = lexicon
        self.model = model

    def confidences(self, texts: list[ArticleText]) -> list[dict[str, float]]:
        """Every topic's confidence for each text, whatever its threshold."""
        merged = self.lexicon.confidences(texts)
        if self.model is not None:
            for scores, model_scores in zip(merged, self.model.confidences(texts), strict=True):
                scores.update(model_scores)
        return merged

    def threshold(self, qcode: str) -> float:
        if self.model is not None and qcode in self.model.qcodes:
            return MODEL_THRESHOLD
        return LEXICON_THRESHOLD

    def classify(self, texts: list[ArticleText]) -> list[list[FoundTopic]]:
        results = []
        for scores in self.confidences(texts):
            kept = [(c, q) for q, c in scores.items() if c >= self.threshold(q)]
            kept.sort(key=lambda pair: (-pair[0], pair[1]))
            results.append([FoundTopic(q, round(min(c, 1.0), 4)) for c, q in kept[:MAX_TOPICS]])
        return results


@functools.cache
def load_lexicon() -> TopicLexicon:
    return TopicLexicon()


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "models" / MODEL_FILENAME


_loaded: dict[Path, tuple[tuple[int, int], TopicModel]] = {}


def load_saved_model(path: Path | None = None) -> TopicModel | None:
    """The saved model, read once per process and again whenever the file changes; or None.

    A model file that cannot be read is logged as an error and the lexicon is used instead, so a
    bad file never stops enrichment; `train_topics` writes a good one.
    """
    if path is None:
        if not settings.configured:  # used outside Django: no data folder, no saved model
            return None
        path = model_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    version = (stat.st_mtime_ns, stat.st_size)
    if path in _loaded and _loaded[path][0] == version:
        return _loaded[path][1]
    try:
        model = TopicModel.load(path)
    except Exception:
        logger.exception("Cannot read the topic model %s; using zero-shot topics only", path)
        return None
    _loaded[path] = (version, model)
    return model


def current_classifier() -> TopicClassifier:
    return TopicClassifier(load_lexicon(), load_saved_model())


def classify_topics(
    texts: list[ArticleText], classifier: TopicClassifier | TopicModel | None = None
) -> list[list[FoundTopic]]:
    """Up to MAX_TOPICS topics per text, best first, each above its source's threshold.

    Without `classifier`, uses the saved model if there is one, else the lexicon alone. Pass
    `TopicClassifier(load_lexicon())` to force zero-shot topics, or a `TopicModel` to use that
    model (with the lexicon for the topics it lacks).
    """
    if isinstance(classifier, TopicModel):
        classifier = TopicClassifier(load_lexicon(), classifier)
    return (classifier or current_classifier()).classify(texts)
