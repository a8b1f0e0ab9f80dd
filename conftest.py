"""Fixtures shared by the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def isolated_index(settings, tmp_path):
    """Each test gets an empty search index of its own."""
    settings.NEWSDESK_INDEX_DIR = tmp_path / "index"
    from articles import search

    search.reset_index()
    yield settings.NEWSDESK_INDEX_DIR
    search.close_index()
