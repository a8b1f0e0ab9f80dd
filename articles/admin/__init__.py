"""The curators' workspace. Whatever a curator changes here is recorded as curated, so that
re-import and re-extraction keep it, reaches the search index when the transaction commits, and is
logged with the curator's name on the object's history page.

The operations themselves live in articles/store/curation.py; these modules only ask and report.
"""

from django.contrib import admin

from articles.admin import (  # noqa: F401 - registers the admins
    articles,
    entities,
    entity_links,
    jobs,
    links,
    sources,
    tokens,
    topics,
)

admin.site.site_header = "newsdesk curation"
admin.site.site_title = "newsdesk"
