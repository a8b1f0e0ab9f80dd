"""From a result to its article, and from the article to an entity's page."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_article_links_to_the_entity_page(analyst_page, collection, screenshot):
    page = analyst_page
    page.goto("/?q=inspects")
    page.locator(".hit-title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kim Jong Un inspects")
    expect(page.locator(".article-body mark").first).to_be_visible()
    screenshot(page, "article")
    page.get_by_role("complementary").get_by_role("link", name="Kim Jong Un", exact=True).click()
    expect(page).to_have_url("/entities/kim-jong-un/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kim Jong Un")
    expect(page.locator(".timeline")).to_be_visible()
    screenshot(page, "entity")
