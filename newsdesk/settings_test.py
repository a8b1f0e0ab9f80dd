"""Settings for the test suite: production settings, served over plain http.

The test client and Django's live server speak http, as `make run` does; everything else, CSP,
rate limiting and the rest, stays as in production.
"""

from newsdesk.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = False
# Tasks run in the caller, inside the test's transaction; tests of real workers set it to 0.
HUEY = {**HUEY, "immediate": env_bool("NEWSDESK_TASKS_IMMEDIATE", True)}  # noqa: F405
