"""Fixtures shared by the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def isolated_index(settings, tmp_path):
    """Each test gets an empty search index of its own, in its own temporary folder."""
    settings.NEWSDESK_INDEX_DIR = tmp_path / "index"
    yield settings.NEWSDESK_INDEX_DIR
