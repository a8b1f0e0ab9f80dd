"""The search page as an analyst uses it: query, facets, chips, histogram, export, keyboard."""

import csv
import re

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ALL_ARTICLES = 8  # the two seeds and the six articles of the `collection` fixture


def result_count(page) -> int:
    return int(page.locator(".result-count strong").inner_text())


def test_search_shows_highlighted_snippets(analyst_page, collection, screenshot, docs_screenshot):
    page = analyst_page
    page.goto("/")
    page.get_by_label("Search articles").fill("missile")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=missile"))
    marks = page.locator(".hit-snippet mark")
    expect(marks.first).to_be_visible()
    assert all(text.lower().startswith("missile") for text in marks.all_inner_texts())
    assert 0 < result_count(page) <= ALL_ARTICLES
    expect(page.locator(".hit")).to_have_count(result_count(page))
    screenshot(page)
    docs_screenshot(page)


def test_person_facet_narrows_the_results_and_shows_a_chip(analyst_page, collection, screenshot):
    page = analyst_page
    page.goto("/")
    assert result_count(page) == ALL_ARTICLES
    facet = page.locator("[data-facet=person] .facet-value", has_text="Sergei Shoigu")
    expected = int(facet.locator(".facet-count").inner_text())
    facet.click()
    expect(page).to_have_url(re.compile(r"person=sergei-shoigu"))
    expect(page.get_by_role("link", name="Remove filter Sergei Shoigu")).to_be_visible()
    assert result_count(page) == expected == 2
    screenshot(page)


def test_removing_the_chip_restores_the_results(analyst_page, collection, screenshot):
    page = analyst_page
    page.goto("/?person=sergei-shoigu")
    assert result_count(page) == 2
    page.get_by_role("link", name="Remove filter Sergei Shoigu").click()
    expect(page.get_by_role("link", name="Remove filter Sergei Shoigu")).to_have_count(0)
    assert "person=" not in page.url
    assert result_count(page) == ALL_ARTICLES
    screenshot(page)


def test_histogram_bar_narrows_the_dates(analyst_page, collection, screenshot):
    page = analyst_page
    page.goto("/")
    bar = page.locator(".histogram a").first
    label = bar.get_attribute("aria-label")  # "2023-09: 1 article"
    expected = int(re.search(r": (\d+) article", label).group(1))
    bar.click()
    expect(page).to_have_url(re.compile(r"date_from=\d{4}-\d\d-\d\d&date_to=\d{4}-\d\d-\d\d"))
    expect(page.get_by_role("link", name="Remove date range")).to_be_visible()
    assert result_count(page) == expected < ALL_ARTICLES
    screenshot(page)


def test_export_csv_is_the_result_set(analyst_page, collection, screenshot):
    page = analyst_page
    page.goto("/?q=missile")
    shown = result_count(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == "newsdesk-export.csv"
    with open(download.path(), encoding="utf-8", newline="") as exported:
        rows = list(csv.reader(exported))
    assert rows[0][:3] == ["id", "title", "url"] and "snippet" in rows[0]
    assert len(rows) - 1 == shown > 0
    screenshot(page)


def test_slash_focuses_the_search_box(analyst_page, collection, screenshot):
    page = analyst_page
    page.goto("/")
    box = page.get_by_label("Search articles")
    expect(box).not_to_be_focused()
    page.keyboard.press("/")
    expect(box).to_be_focused()
    expect(box).to_have_value("")  # the slash is a shortcut, not typed
    screenshot(page)

    page.goto(Article.objects.first().get_absolute_url())  # every page has the search box
    page.keyboard.press("/")
    expect(page.get_by_label("Search articles")).to_be_focused()
    page.keyboard.type("seoul")
    page.keyboard.press("Enter")
    expect(page).to_have_url("/?q=seoul")


def test_facet_values_filter_and_expand_in_place(analyst_page, collection, screenshot):
    page = analyst_page
    page.goto("/")
    places = page.locator("[data-facet=place]")
    visible = places.locator(".facet-value:visible")
    all_places = (
        places.locator(".facet-count").count() - places.locator(".facet-more .facet-count").count()
    )
    assert all_places > 8  # enough places for the filter box and "More"
    page.get_by_label("Filter places").fill("mosc")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Moscow")
    page.get_by_label("Filter places").fill("")
    expect(visible).to_have_count(8)
    places.get_by_text("More").click()
    expect(visible).to_have_count(all_places)  # in the same list, not repeated below it
    screenshot(page)


def test_narrow_screen_folds_the_facets_into_a_panel(analyst_page, collection, screenshot):
    page = analyst_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    person = page.locator("[data-facet=person] .facet-value").first
    expect(person).to_be_hidden()
    expect(page.locator(".hit").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(page, "folded")
    page.get_by_text("Filters", exact=True).click()
    expect(person).to_be_visible()
    screenshot(page, "open")


def test_search_works_without_javascript(
    browser, live_server, give_session, analyst, collection, screenshot
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        give_session(context, analyst)
        page = context.new_page()
        page.goto("/?q=missile")
        expect(page.locator(".hit-snippet mark").first).to_be_visible()
        places = page.locator("[data-facet=place]")
        places.get_by_text("More").click()  # a plain <details> list below the first values
        expect(places.locator(".facet-more .facet-value").first).to_be_visible()
        page.locator("[data-facet=person] .facet-value", has_text="Sergei Shoigu").click()
        expect(page.get_by_role("link", name="Remove filter Sergei Shoigu")).to_be_visible()
        screenshot(page)
    finally:
        context.close()
