"""Fixtures shared by the whole suite."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group


@pytest.fixture(autouse=True)
def isolated_index(settings, tmp_path):
    """Each test gets an empty search index and data folder (trained models) of its own."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.NEWSDESK_INDEX_DIR = tmp_path / "index"
    yield settings.NEWSDESK_INDEX_DIR
    from articles import search

    search.close_index()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's on-commit hooks (index writes) at its end, as a commit
    would in production; tests run inside a transaction that never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def curation_group(name: str) -> Group:
    """The Analysts or Curators group a data migration made; transactional tests empty every table
    after them, so write the groups again the way that migration does when they are gone."""
    if not Group.objects.filter(name=name).exists():
        migration = importlib.import_module("articles.migrations.0004_curation_groups")
        migration.create_groups(apps, None)
    return Group.objects.get(name=name)


@pytest.fixture
def analyst(django_user_model):
    """An analyst as the product defines one: in the Analysts group, not staff."""
    user = django_user_model.objects.create_user("analyst", password="analyst-pass-123")
    user.groups.add(curation_group("Analysts"))
    return user


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def curator(django_user_model):
    """A curator as the product defines one: staff, in the Curators group, not a superuser."""
    user = django_user_model.objects.create_user(
        "curator", password="curator-pass-123", is_staff=True
    )
    user.groups.add(curation_group("Curators"))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def superuser(django_user_model):
    """Manages users and groups besides curating."""
    return django_user_model.objects.create_superuser("superuser", password="superuser-pass-123")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def found():
    """`found(q=..., person=[...])`: the ids of the articles a search returns, as a set."""
    from articles import search
    from articles.search import SearchParams

    return lambda **params: {hit.article.pk for hit in search.search(SearchParams(**params)).hits}


@pytest.fixture
def facet():
    """`facet("person", q=...)`: a facet's counts by value for a search."""
    from articles import search
    from articles.search import SearchParams

    def counts(group: str, **params) -> dict[str, int]:
        return {v.value: v.count for v in search.search(SearchParams(**params)).facets[group]}

    return counts


@pytest.fixture
def admin_form_data():
    """`admin_form_data(response)`: the admin change form on `response` (its inlines included) as a
    browser would post it back unchanged; update the dict with the fields a test edits."""

    def form_data(response) -> dict:
        data = {}

        def add(form, prefix=""):
            for name in form.fields:
                value = form[name].value()
                if value is None or value is False:
                    continue
                data[f"{prefix}{name}"] = "on" if value is True else value

        add(response.context["adminform"].form)
        for inline in response.context["inline_admin_formsets"]:
            formset = inline.formset
            add(formset.management_form, f"{formset.prefix}-")
            for form in formset.forms:
                add(form, f"{form.prefix}-")
        return data

    return form_data
