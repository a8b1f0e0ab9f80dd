"""The API for scripts and notebooks, versioned under /api/v1/ (Django REST framework).

Personal tokens (`Authorization: Bearer ...`, models.py, authentication.py), throttled per token
(throttling.py); the search takes the search page's parameters (articles/filters.py, the one
declaration) and walks every hit with a cursor (pagination.py); exports stream a whole result set
(articles.search.walk_hits). The OpenAPI schema is at /api/schema/, its docs page at /api/docs/.
"""
