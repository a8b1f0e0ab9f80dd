"""axe-core finds no serious or critical problem on the pages analysts use."""

import pytest

from articles.models import Article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PAGES = {
    "search": lambda: "/",
    "search-filtered": lambda: "/?q=missile&person=kim-jong-un&date_from=2023-01-01",
    "article": lambda: (
        Article.objects.get(title__contains="inspects").get_absolute_url() + "?q=missile"
    ),
    "entity": lambda: "/entities/kim-jong-un/",
}


@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_serious_violations(
    analyst_page, collection, serious_violations, screenshot, name
):
    analyst_page.goto(PAGES[name]())
    assert analyst_page.title() != ""
    assert serious_violations(analyst_page) == []
    screenshot(analyst_page)


def test_login_page_has_no_serious_violations(context, serious_violations, screenshot):
    page = context.new_page()
    page.goto("/login/")
    assert serious_violations(page) == []
    screenshot(page)
