"""Monitoring: saved searches and follows, the alerts they raise on new articles, digests, feeds
and each user's search history.

- `models.py`: SavedSearch, AlertHit, SearchHistory (re-exported by `articles.models`).
- `alerts.py`: what a saved search asks for now (`params_of`), and matching a batch of newly
  imported articles against every saved search (`alert_new_articles`, called by the importer).
- `digests.py`: one mail per user per period, and the signed one-click unsubscribe.
- `feeds.py`: an Atom feed of a saved search's hits at a URL with a revocable token.
- `views.py`, `forms.py`: the pages.
The periodic sending is in `articles/tasks.py`; `manage.py send_alerts` does the same for cron.

This package imports nothing at the top: `articles.models` imports its models module.
"""
