"""Settings for newsdesk.

Every value that differs between a laptop and a deployment is read from the environment, with a
default that is safe for local use. See the README's "Settings" table.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("NEWSDESK_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
NEWSDESK_INDEX_DIR = Path(os.environ.get("NEWSDESK_INDEX_DIR", DATA_DIR / "index")).resolve()


def read_secret_key() -> str:
    """The key from the environment, or one generated once and kept in the data directory.

    A generated key never leaves this machine and is readable by its owner only, so a local run
    (debug or not) needs no setup; deployments set DJANGO_SECRET_KEY, shared by all their servers.
    """
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = read_secret_key()
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "huey.contrib.djhuey",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login: anonymous requests, the API and the CSV export included, are
    # redirected to /login/ and never receive data.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsdesk.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'newsdesk.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets searches read while an import writes; IMMEDIATE transactions take the write lock up
    # front, so two writers wait for each other (up to the timeout) instead of failing mid-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Seconds a write waits for another writer's lock before "database is locked".
        "timeout": float(os.environ.get("NEWSDESK_DB_TIMEOUT", 30)),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username+address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:search"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("NEWSDESK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Served over TLS, directly or behind a proxy. On by default when DEBUG is off; a local
# production-mode run over plain http (`make serve`) sets DJANGO_SECURE_SSL_REDIRECT=0.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL_REDIRECT else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    # Only behind a proxy that sets this header itself: otherwise any client could claim https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: the pages load newsdesk.css and newsdesk.js, nothing else.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login attempts (django-axes): 5 failures for one username from one address lock that pair out
# for 15 minutes; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSDESK_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSDESK_LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The API (articles/api/): personal tokens (or a browser's session), JSON only, throttled per
# token. NEWSDESK_API_RATE is "<requests>/<second|minute|hour|day>"; the counts live in the
# default cache, so each web process counts on its own.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "articles.api.authentication.BearerAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("NEWSDESK_API_RATE", "120/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.ListCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "newsdesk API",
    "DESCRIPTION": "Search the collection from scripts and notebooks (README, section API).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The docs page's Swagger UI from the installed sidecar package: it works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve static files straight from their source folders: one machine, no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "newsdesk": {
            "handlers": ["console"],
            "level": os.environ.get("NEWSDESK_LOG_LEVEL", "INFO"),
        },
        "huey": {
            "handlers": ["console"],
            "level": os.environ.get("NEWSDESK_LOG_LEVEL", "INFO"),
        },
    },
}

# The task queue (Huey) for long work: articles/tasks.py, run by `manage.py run_huey`. One machine
# keeps the queue in a SQLite file beside the database (no server); with NEWSDESK_REDIS_URL, workers
# on several machines share one Redis queue (and one database, DATABASE_URL: PostgreSQL).
REDIS_URL = os.environ.get("NEWSDESK_REDIS_URL", "")
HUEY = {
    # Workers take tasks from the queue of this name: one per deployment sharing a Redis server.
    "name": os.environ.get("NEWSDESK_QUEUE_NAME", "newsdesk"),
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL}
    if REDIS_URL
    else {"filename": str(DATA_DIR / "tasks.sqlite3")},
    "results": False,  # outcomes are kept on the Job rows
    # Run each task at once in the caller instead of queueing it (the test suite does).
    "immediate": env_bool("NEWSDESK_TASKS_IMMEDIATE", False),
    "consumer": {
        "workers": int(os.environ.get("NEWSDESK_TASK_WORKERS", 1)),
        "worker_type": "thread",
    },
}

# E-mail (alert digests): printed on the console unless an SMTP server is given.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("DJANGO_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsdesk <newsdesk@localhost>")

# newsdesk's own settings.
NEWSDESK = {
    # The address of the site as readers reach it: the links in alert e-mails start with it.
    "SITE_URL": os.environ.get("NEWSDESK_SITE_URL", "http://localhost:8000").rstrip("/"),
    # Stories listed per saved search in one digest; the rest are behind a link to all of them.
    "DIGEST_MAX_HITS": int(os.environ.get("NEWSDESK_DIGEST_MAX_HITS", 20)),
    # Largest file the importer reads, in bytes; larger files are reported and skipped.
    "MAX_IMPORT_BYTES": int(os.environ.get("NEWSDESK_MAX_IMPORT_BYTES", 50 * 1024 * 1024)),
    # The spaCy pipeline used for entities: a path, or the name of an installed package
    # such as "en_core_web_sm". Empty means the pipeline that ships in articles/enrich/model/.
    "NER_PIPELINE": os.environ.get("NEWSDESK_NER_PIPELINE", ""),
    # Hits on one page of the search page and the API (SearchParams.per_page by default).
    "RESULTS_PER_PAGE": 20,
    # Seconds an index writer waits for another one before giving up (IndexBusy): the articles
    # then stay flagged `needs_indexing` and the next write or `check_index --repair` catches up.
    "INDEX_LOCK_TIMEOUT": float(os.environ.get("NEWSDESK_INDEX_LOCK_TIMEOUT", 10)),
    # Articles still flagged `needs_indexing` that each successful index write also picks up.
    "INDEX_RETRY_BATCH": 500,
    # Seconds without a heartbeat after which a running job's worker is taken for dead and the job
    # is queued again (articles/jobs/queue.py); a live worker beats every quarter of this.
    "JOB_STALE_SECONDS": float(os.environ.get("NEWSDESK_JOB_STALE_SECONDS", 60)),
}
