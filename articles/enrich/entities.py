"""People, organisations and places in articles: a spaCy NER model, rules, one name per entity.

    extract_entities(texts, registry) -> one list of FoundEntity per text

The model ships in `model/` (see its README for how it was trained and how well it does);
settings.NEWSDESK["NER_PIPELINE"] names another one. It is loaded once per process.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from articles.enrich import ArticleText, FoundEntity, Registry
from articles.enrich.canonical import Mention, canonical_entities, normalise_name
from articles.enrich.gazetteer import load_gazetteer
from articles.enrich.rules import apply_rules

__all__ = ["extract_entities", "find_mentions", "load_pipeline", "normalise_name"]

MODEL_PATH = Path(__file__).parent / "model"
BATCH_SIZE = 32
# Below this many texts, starting worker processes costs more than it saves.
MIN_TEXTS_PER_PROCESS = 64


@cache
def load_pipeline(name: str | None = None) -> Language:
    """The NER pipeline: `name`, else settings.NEWSDESK["NER_PIPELINE"], else the shipped one."""
    if name is None:
        from django.conf import settings

        name = settings.NEWSDESK.get("NER_PIPELINE", "") if settings.configured else ""
    nlp = spacy.load(name or MODEL_PATH)
    unused = [pipe for pipe in nlp.pipe_names if pipe not in ("tok2vec", "ner")]
    nlp.select_pipes(disable=unused)
    return nlp


def article_text(text: ArticleText) -> str:
    """What the model reads: the title, a blank line, the body."""
    return f"{text.title.strip()}\n\n{text.body.strip()}"


def is_title_case(title: str) -> bool:
    """ "Kim Jong Un Conducts Weapon Tests": capitals carry no signal, so names blur into words."""
    words = [w for w in title.split() if w[:1].isalpha() and len(w) > 3]
    capitalised = [w for w in words if w[:1].isupper() and not w.isupper()]
    return len(words) >= 3 and len(capitalised) >= 0.8 * len(words)


def trim_title_mentions(mentions: list[Mention], title_end: int) -> list[Mention]:
    """In a Title Case title keep only the part of a mention that the body also names."""
    body_names = {m.key: m for m in mentions if m.start > title_end}
    kept = []
    for mention in mentions:
        if mention.start > title_end or mention.key in body_names:
            kept.append(mention)
            continue
        for name in sorted(body_names, key=len, reverse=True):
            at = f" {mention.key} ".find(f" {name} ")
            if at >= 0:
                body = body_names[name]
                start = mention.start + mention.text.casefold().find(body.text.casefold())
                if start >= mention.start:
                    kept.append(Mention(start, start + len(body.text), body.text, body.kind))
                break
    return kept


def find_doc_mentions(doc: Doc, title_end: int) -> list[Mention]:
    gazetteer = load_gazetteer()
    mentions = [
        Mention(span.start_char, span.end_char, span.text, kind, acronym_of=expansion)
        for span, kind, expansion in apply_rules(doc, gazetteer)
    ]
    if is_title_case(doc.text[:title_end]):
        mentions = trim_title_mentions(mentions, title_end)
    return mentions


def parse_texts(texts: list[str]) -> list[Doc]:
    nlp = load_pipeline()
    processes = min(os.cpu_count() or 1, len(texts) // MIN_TEXTS_PER_PROCESS, 2) or 1
    return list(nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=processes))


def find_mentions(
    texts: list[ArticleText], registry: Registry | None = None
) -> list[tuple[str, list[Mention]]]:
    """Each article's text as the model read it and its mentions, with canonical names and kinds.

    `extract_entities` counts these; `evaluate_entities` scores them span by span.
    """
    registry = registry or Registry()
    places = load_gazetteer().places
    full_texts = [article_text(text) for text in texts]
    results = []
    for text, article, doc in zip(texts, full_texts, parse_texts(full_texts), strict=True):
        mentions = find_doc_mentions(doc, len(text.title.strip()))
        results.append((article, canonical_entities(mentions, registry, places)[1]))
    return results


def extract_entities(texts: list[ArticleText], registry: Registry) -> list[list[FoundEntity]]:
    """The people, organisations and places each text mentions, most mentioned first."""
    places = load_gazetteer().places
    full_texts = [article_text(text) for text in texts]
    entities = []
    for text, doc in zip(texts, parse_texts(full_texts), strict=True):
        mentions = find_doc_mentions(doc, len(text.title.strip()))
        entities.append(canonical_entities(mentions, registry, places)[0])
    return entities
