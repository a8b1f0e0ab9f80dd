"""A curator merges two spellings of one person in the admin; the search facet follows."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from articles.models import Entity
from articles.tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def person_facet_labels(page) -> dict[str, int]:
    values = page.locator("[data-facet=person] .facet-values > li > .facet-value")
    return {
        value.locator(".facet-label").inner_text(): int(value.locator(".facet-count").inner_text())
        for value in values.all()
    }


def test_merged_entities_show_as_one_facet_value(curator_page, collection, screenshot):
    make_article(
        "Shoygu returns to Pyongyang",
        "Shoygu met Kim again.",
        published=dt.date(2024, 3, 3),
        source="Reuters",
        people=("Sergey Shoygu",),
    )
    page = curator_page
    page.goto("/")
    before = person_facet_labels(page)
    assert before["Sergei Shoigu"] == 2 and before["Sergey Shoygu"] == 1

    page.goto("/admin/articles/entity/")
    for name in ("Sergei Shoigu", "Sergey Shoygu"):
        row = page.locator("#result_list tr", has=page.get_by_role("link", name=name, exact=True))
        row.locator("input[name=_selected_action]").check()
    action = page.locator("select[name=action] option[value=merge_entities]")
    expect(action, "the entity changelist offers the merge_entities action").to_have_count(1)
    page.locator("select[name=action]").select_option("merge_entities")
    page.get_by_role("button", name="Go").click()
    survivor = Entity.objects.get(name="Sergei Shoigu")
    page.locator(f"input[name=survivor][value='{survivor.pk}']").check()
    screenshot(page, "confirm")
    page.get_by_role("button", name="Merge").click()

    page.goto("/")
    after = person_facet_labels(page)
    assert after["Sergei Shoigu"] == 3 and "Sergey Shoygu" not in after
    screenshot(page)
