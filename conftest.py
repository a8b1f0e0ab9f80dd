"""Fixtures shared by the whole suite."""

import pytest


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


@pytest.fixture
def analyst(django_user_model):
    return django_user_model.objects.create_user("analyst", password="analyst-pass-123")


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_superuser("curator", password="curator-pass-123")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
