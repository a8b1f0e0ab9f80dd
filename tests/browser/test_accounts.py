"""Logging in through the form, and the admin refusing an analyst."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_analyst_logs_in_through_the_form(context, analyst, collection, screenshot):
    page = context.new_page()
    page.goto("/")
    expect(page).to_have_url("/login/?next=/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("didn't match")
    screenshot(page, "refused")

    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("analyst-pass-123")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/")
    expect(page.locator(".result-count strong")).to_have_text("8")
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("analyst")
    screenshot(page)


def test_analyst_is_refused_the_admin(analyst_page, screenshot):
    page = analyst_page
    page.goto("/admin/articles/entity/")
    expect(page).to_have_url("/admin/login/?next=/admin/articles/entity/")
    expect(page.locator("body")).to_contain_text("not authorized to access this page")
    expect(page.locator("#result_list")).to_have_count(0)
    screenshot(page)
