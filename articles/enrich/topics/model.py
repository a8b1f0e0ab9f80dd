"""Trained topics: TF-IDF and one logistic regression per topic (one-vs-rest, so several may apply).

The model is saved as a NumPy archive of plain arrays (vocabulary, idf, weights) and read back with
`allow_pickle=False`: loading a model file never runs code, and the file does not depend on the
scikit-learn version that wrote it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from articles.enrich import ArticleText

# Fewer curated examples than this and a topic's regression mostly learns the examples' quirks;
# topics below it keep their zero-shot confidence.
MIN_ARTICLES_PER_TOPIC = 20
# A one-vs-rest model needs articles outside each topic to learn what the topic is not.
MIN_TOPICS = 2

VECTORIZER_OPTIONS = {
    "lowercase": True,
    "stop_words": "english",
    "ngram_range": (1, 2),
    "sublinear_tf": True,
    "dtype": np.float32,
}


class NotEnoughLabels(ValueError):
    """Raised when too few topics have MIN_ARTICLES_PER_TOPIC labelled articles."""


def sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-values))


def model_input(text: ArticleText) -> str:
    # The headline twice: it names the subject more reliably than any body sentence.
    return f"{text.title}\n{text.title}\n{text.body}"


@dataclass
class TopicModel:
    qcodes: list[str]
    vectorizer: TfidfVectorizer
    coef: np.ndarray  # one row of weights per topic
    intercept: np.ndarray
    counts: dict[str, int] = field(default_factory=dict)  # labelled articles per topic
    trained: str = ""  # ISO date and time of training
    source: str = ""  # "database" or the corpus it was trained from

    def confidences(self, texts: list[ArticleText]) -> list[dict[str, float]]:
        """For each text, a confidence for each topic the model was trained for.

        The model only ever saw articles of its own topics, so for a text it has no evidence
        about, its probability is the baseline `sigmoid(intercept)` (about 0.5), not 0. The
        confidence is how far the text's evidence moves the probability from that baseline
        towards 1: `(p - p0) / (1 - p0)`, and 0 when the evidence points away from the topic.
        """
        if not texts:
            return []
        features = self.vectorizer.transform([model_input(t) for t in texts])
        probabilities = sigmoid(features @ self.coef.T + self.intercept)
        baseline = sigmoid(self.intercept)
        confidences = np.clip((probabilities - baseline) / (1.0 - baseline), 0.0, 1.0)
        return [dict(zip(self.qcodes, row.tolist(), strict=True)) for row in confidences]

    def save(self, path: Path) -> None:
        """Write the model atomically, so a process reading it never sees half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"counts": self.counts, "trained": self.trained, "source": self.source}
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as file:
            try:
                np.savez_compressed(
                    file,
                    qcodes=np.array(self.qcodes),
                    vocabulary=self.vectorizer.get_feature_names_out().astype(str),
                    idf=self.vectorizer.idf_,
                    coef=self.coef,
                    intercept=self.intercept,
                    meta=np.array(json.dumps(meta)),
                )
            except BaseException:
                os.unlink(file.name)
                raise
        os.chmod(file.name, 0o644)  # readable by the web server's user, like the code
        os.replace(file.name, path)

    @classmethod
    def load(cls, path: Path) -> TopicModel:
        with np.load(path, allow_pickle=False) as data:
            vocabulary = {term: i for i, term in enumerate(data["vocabulary"].tolist())}
            vectorizer = TfidfVectorizer(vocabulary=vocabulary, **VECTORIZER_OPTIONS)
            vectorizer.idf_ = data["idf"]
            meta = json.loads(str(data["meta"]))
            return cls(
                qcodes=data["qcodes"].tolist(),
                vectorizer=vectorizer,
                coef=data["coef"],
                intercept=data["intercept"],
                counts=meta["counts"],
                trained=meta["trained"],
                source=meta["source"],
            )


def count_labels(labels: list[set[str]]) -> Counter[str]:
    return Counter(qcode for article_labels in labels for qcode in article_labels)


def train_topic_model(
    texts: list[ArticleText],
    labels: list[set[str]],
    source: str,
    min_per_topic: int = MIN_ARTICLES_PER_TOPIC,
) -> TopicModel:
    """Fit a model for every topic with at least `min_per_topic` labelled articles.

    An article labelled with some topics is taken as a counter-example of every other topic.
    Raises NotEnoughLabels when fewer than MIN_TOPICS topics qualify.
    """
    counts = count_labels(labels)
    # A topic every article has gives no counter-examples to learn from.
    qcodes = sorted(q for q, n in counts.items() if min_per_topic <= n < len(labels))
    if len(qcodes) < MIN_TOPICS:
        have = ", ".join(f"{q}: {n}" for q, n in counts.most_common()) or "none"
        raise NotEnoughLabels(
            f"Training needs at least {min_per_topic} labelled articles for each of at least "
            f"{MIN_TOPICS} topics; labelled articles per topic: {have}."
        )
    # On a small curated set, a term in two articles is already worth keeping.
    vectorizer = TfidfVectorizer(min_df=2, max_df=0.9, max_features=50_000, **VECTORIZER_OPTIONS)
    features = vectorizer.fit_transform([model_input(t) for t in texts])
    coefs, intercepts = [], []
    for qcode in qcodes:
        target = np.array([qcode in article_labels for article_labels in labels])
        regression = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000)
        regression.fit(features, target)
        coefs.append(regression.coef_[0])
        intercepts.append(regression.intercept_[0])
    return TopicModel(
        qcodes=qcodes,
        vectorizer=vectorizer,
        coef=np.array(coefs, dtype=np.float32),
        intercept=np.array(intercepts, dtype=np.float32),
        counts={q: counts[q] for q in qcodes},
        trained=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        source=source,
    )
