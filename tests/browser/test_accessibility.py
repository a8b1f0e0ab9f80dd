"""axe-core finds no serious or critical problem on the pages analysts use."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize(
    "url",
    ["/", "/?q=missile&person=kim-jong-un", "/articles/1/?q=missile", "/entities/kim-jong-un/"],
    ids=["search", "search-filtered", "article", "entity"],
)
def test_pages_have_no_serious_violations(
    analyst_page, collection, serious_violations, screenshot, url
):
    analyst_page.goto(url)
    assert analyst_page.title() != ""
    assert serious_violations(analyst_page) == []
    screenshot(analyst_page)


def test_login_page_has_no_serious_violations(context, serious_violations, screenshot):
    page = context.new_page()
    page.goto("/login/")
    assert serious_violations(page) == []
    screenshot(page)
