"""Browser journeys: Debian's Chromium driven by Playwright against Django's live server.

One browser for the whole session, a fresh context (cookies, storage, downloads) for each test.
Each test runs in real transactions, so index writes happen on commit as in production; the
seed articles plus a few made here give several people, sources and months to click through.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from articles.tests.factories import make_article

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run beside
# it. The test code is synchronous all the same, as pytest-django's docs explain.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
DOCS_SCREENSHOT = settings.BASE_DIR / "docs" / "screenshot-search.png"
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
TIMEOUT_MS = 10_000  # a missing element fails the test in seconds, not after Playwright's 30 s


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    problems = []
    context.on("weberror", lambda error: problems.append(f"script error: {error.error}"))
    context.on("console", lambda message: note_policy_violation(message, problems))
    yield context
    context.close()
    assert problems == [], "the pages raised script errors or broke their Content-Security-Policy"


def note_policy_violation(message, problems: list[str]) -> None:
    # Chromium reports a blocked inline script or style on the console; our pages have none.
    if message.type == "error" and "Content Security Policy" in message.text:
        problems.append(f"CSP: {message.text} ({message.location.get('url')})")


def log_in(context, user, url: str) -> None:
    """Give the browser a session for `user` (the login form has a test of its own)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])


@pytest.fixture
def give_session(live_server):
    """give_session(context, user) logs `user` in for a context a test made itself."""
    return lambda context, user: log_in(context, user, live_server.url)


@pytest.fixture
def analyst_page(context, analyst, live_server):
    log_in(context, analyst, live_server.url)
    return context.new_page()


@pytest.fixture
def curator_page(context, curator, live_server):
    log_in(context, curator, live_server.url)
    return context.new_page()


@pytest.fixture
def collection(transactional_db):
    """The two seed articles (through the real importer and enrichment) and six more made here,
    from September 2023 to June 2024, so that facets, the histogram and pages have some variety."""
    restore_topics()
    call_command("import_articles", str(settings.BASE_DIR / "seeds"), "--quiet")
    made = [
        (
            "Shoigu visits Pyongyang for talks on arms",
            dt.date(2023, 9, 12),
            "Reuters",
            ("Sergei Shoigu", "Kim Jong Un"),
            ("Pyongyang",),
            ("conflict-war-and-peace",),
        ),
        (
            "Missile launch over the East Sea",
            dt.date(2023, 11, 22),
            "Yonhap",
            ("Kim Jong Un",),
            ("Seoul",),
            ("conflict-war-and-peace",),
        ),
        (
            "Seoul votes in parliamentary election",
            dt.date(2024, 4, 10),
            "Korea Times",
            ("Yoon Suk Yeol", "Lee Jae-myung"),
            ("Seoul",),
            ("politics",),
        ),
        (
            "Trade talks in Beijing end without a deal",
            dt.date(2024, 1, 18),
            "Reuters",
            ("Xi Jinping", "Yoon Suk Yeol"),
            ("Beijing",),
            ("economy-business-and-finance",),
        ),
        (
            "Flood warnings along the Han river",
            dt.date(2024, 6, 30),
            "Yonhap",
            (),
            ("Seoul",),
            ("weather",),
        ),
        (
            "Missile factories work around the clock",
            dt.date(2024, 2, 5),
            "UPI",
            ("Kim Jong Un",),
            ("North Korea",),
            ("conflict-war-and-peace",),
        ),
    ]
    for title, published, source, people, places, topics in made:
        body = f"{title}. Officials said the missile programme and the talks would go on."
        make_article(
            title,
            body,
            published=published,
            source=source,
            people=people,
            places=places,
            topics=topics,
        )


def restore_topics() -> None:
    """Transactional tests empty every table after them, the IPTC topics that a data migration
    wrote included: write them again the way that migration does."""
    migration = importlib.import_module("articles.migrations.0002_iptc_topics")
    migration.load_topics(apps, None)


@pytest.fixture
def screenshot(request):
    """screenshot(page) saves the whole page as var/screenshots/<test name>.png for a reviewer."""

    def save(page, suffix: str = "") -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")
        path = SCREENSHOTS / f"{name}{'-' + suffix if suffix else ''}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def docs_screenshot():
    """docs_screenshot(page) refreshes the README's picture, only when NEWSDESK_DOCS_SCREENSHOT=1,
    so that an ordinary run never changes a committed file."""

    def save(page) -> None:
        if os.environ.get("NEWSDESK_DOCS_SCREENSHOT") == "1":
            page.screenshot(path=str(DOCS_SCREENSHOT))

    return save


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def serious_violations(axe_source):
    """serious_violations(page) runs axe-core on the page and returns its serious and critical
    findings as short lines ("color-contrast: .hit-meta"), so a failure says what to fix."""

    def run(page) -> list[str]:
        # evaluate() runs outside the page's Content-Security-Policy, which forbids inline scripts.
        page.evaluate(axe_source + "\n;undefined")
        report = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{rule['id']} ({rule['impact']}): "
            + json.dumps([node["target"] for node in rule["nodes"]][:5])
            for rule in report["violations"]
            if rule["impact"] in ("serious", "critical")
        ]

    return run
