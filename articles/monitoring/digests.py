"""Digests: one e-mail per user per period with the new hits of their saved searches at that rate.

The subject names the searches; each search lists its new stories (the same story from several
outlets folded into one, "also in N outlets"), each with a snippet marking the words and the
reason it matched, capped at settings.NEWSDESK["DIGEST_MAX_HITS"] with a link to all of them.
Every mail carries a signed one-click unsubscribe link, in its body and its List-Unsubscribe
header (RFC 8058). A user without an e-mail address, or a mail that fails, is reported on the
owner's My searches and in the log; the other users' digests go on.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.monitoring.alerts import note_problem
from articles.monitoring.models import AlertHit, SavedSearch
from articles.search import InvalidParams, SearchParams

logger = logging.getLogger("newsdesk.alerts")

UNSUBSCRIBE_SALT = "newsdesk.monitoring.unsubscribe"
SUBJECT_NAMES = 3  # searches named in a subject; more are counted


@dataclass
class Story:
    """One story of a digest: the article shown, and the other outlets that ran it too."""

    article: Article
    url: str
    snippet_html: str
    reason: str
    also_in: int


@dataclass
class DigestSection:
    saved: SavedSearch
    stories: list[Story]
    total: int  # stories, before the cap
    url: str  # all the search's hits


@dataclass
class DigestReport:
    mails: int = 0
    hits: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        problems = len(self.problems)
        return f"sent {self.mails} digest(s) with {self.hits} hit(s); {problems} problem(s)"


def site_url(path: str) -> str:
    return settings.NEWSDESK["SITE_URL"] + path


def unsubscribe_token(searches: list[SavedSearch]) -> str:
    return signing.dumps(sorted(saved.pk for saved in searches), salt=UNSUBSCRIBE_SALT)


def searches_of_token(token: str) -> list[SavedSearch]:
    """The saved searches a signed unsubscribe token names; raises signing.BadSignature."""
    pks = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(pks, list) or not all(isinstance(pk, int) for pk in pks):
        raise signing.BadSignature("not a list of saved searches")
    return list(SavedSearch.objects.filter(pk__in=pks))


def send_digests(rate: str) -> DigestReport:
    """Mail each user the hits not yet sent of their searches at `rate`."""
    report = DigestReport()
    pending = (
        AlertHit.objects.filter(
            saved_search__rate=rate,
            sent_at__isnull=True,
            created__gte=F("saved_search__alerts_since"),
        )
        .select_related("saved_search__owner", "article__source")
        .order_by("saved_search__name", "saved_search_id", "-article__published", "article_id")
    )
    by_owner: dict = defaultdict(lambda: defaultdict(list))
    for hit in pending:
        by_owner[hit.saved_search.owner][hit.saved_search].append(hit)
    for owner, hits_by_search in by_owner.items():
        problem = send_digest(owner, hits_by_search)
        if problem:
            report.problems.append(problem)
            for saved in hits_by_search:
                note_problem(saved, problem)
            continue
        report.mails += 1
        report.hits += sum(len(hits) for hits in hits_by_search.values())
    return report


def send_digest(owner, hits_by_search: dict[SavedSearch, list[AlertHit]]) -> str:
    """Mail `owner` these hits and mark them sent; returns a problem message, or ""."""
    if not owner.email:
        problem = f"No e-mail address on the account '{owner.get_username()}': alerts are not sent."
        logger.warning("Digest not sent: %s", problem)
        return problem
    sections = [digest_section(saved, hits) for saved, hits in hits_by_search.items()]
    try:
        digest_message(owner, sections).send()
    except Exception as error:
        logger.exception("Digest for %s not sent", owner.get_username())
        return f"The digest could not be sent ({error.__class__.__name__}: {error})."
    ids = [hit.pk for hits in hits_by_search.values() for hit in hits]
    AlertHit.objects.filter(pk__in=ids).update(sent_at=timezone.now())
    for saved in hits_by_search:
        note_problem(saved, "")
    return ""


def digest_message(owner, sections: list[DigestSection]) -> EmailMultiAlternatives:
    searches = [section.saved for section in sections]
    unsubscribe = site_url(reverse("articles:unsubscribe", args=[unsubscribe_token(searches)]))
    context = {
        "owner": owner,
        "sections": sections,
        "unsubscribe_url": unsubscribe,
        "searches_url": site_url(reverse("articles:saved_searches")),
    }
    message = EmailMultiAlternatives(
        subject=digest_subject(sections),
        body=render_to_string("monitoring/digest.txt", context),
        to=[owner.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("monitoring/digest.html", context), "text/html")
    return message


def digest_subject(sections: list[DigestSection]) -> str:
    stories = sum(section.total for section in sections)
    names = [f"“{section.saved.name}”" for section in sections]
    named = ", ".join(names[:SUBJECT_NAMES])
    if len(names) > SUBJECT_NAMES:
        named += f" and {len(names) - SUBJECT_NAMES} more"
    return f"newsdesk: {stories} new article{'s' if stories != 1 else ''} for {named}"


def digest_section(saved: SavedSearch, hits: list[AlertHit]) -> DigestSection:
    stories = fold_copies(saved, hits)
    cap = settings.NEWSDESK["DIGEST_MAX_HITS"]
    return DigestSection(saved, stories[:cap], len(stories), site_url(saved.get_absolute_url()))


def fold_copies(saved: SavedSearch, hits: list[AlertHit]) -> list[Story]:
    """One story per group of near-identical copies among `hits` (store/near_copies.py links a
    copy to its original by `duplicate_of`), counting the other outlets that carry it."""
    root_of = {hit.article_id: hit.article.duplicate_of_id or hit.article_id for hit in hits}
    outlets: dict[int, set] = defaultdict(set)
    copies = Article.objects.filter(
        Q(pk__in=set(root_of.values())) | Q(duplicate_of__in=set(root_of.values()))
    ).values_list("pk", "duplicate_of_id", "source_id")
    for pk, duplicate_of, source_id in copies:
        outlets[duplicate_of or pk].add(source_id or f"article {pk}")
    query = query_words(saved)
    stories, seen = [], set()
    for hit in hits:
        root = root_of[hit.article_id]
        if root in seen:
            continue
        seen.add(root)
        article = hit.article
        own = article.source_id or f"article {article.pk}"
        stories.append(
            Story(
                article=article,
                url=site_url(article.get_absolute_url()),
                snippet_html=search.marked_snippet(article.text, query),
                reason=hit.reason.get("summary", ""),
                also_in=len(outlets[root] - {own}),
            )
        )
    return stories


def query_words(saved: SavedSearch) -> str:
    """The words a saved search looks for, to mark in snippets ("" for a follow)."""
    try:
        return SearchParams.from_query(saved.search_string()).q
    except InvalidParams:  # reported by the alert pass; the snippet just marks nothing
        return ""
