"""Settings for License Drafter: one file, driven by environment variables.

With no environment set, the app runs for local development on SQLite (``db.sqlite3`` in the
data folder, beside ``manage.py`` by default), with DEBUG off and a secret key of its own made
on first start. A server sets ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and
``DATABASE_URL``; see ``docs/deployment.md``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from drafting.env import env_bool, env_int, env_list, env_rates, env_str, local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
CLAUSES_DIR = Path(env_str("LICENSE_DRAFTER_CLAUSES_DIR", str(BASE_DIR / "clauses")))
# The data folder: the SQLite database, the local secret key and the rendered files.
DATA_DIR = Path(env_str("LICENSE_DRAFTER_DATA_DIR", str(BASE_DIR)))

# Debug pages only when asked for: the README's start command serves the app's own pages.
DEBUG = env_bool("DJANGO_DEBUG", False)
# Local development: no host names configured (the app answers on loopback only) and
# DJANGO_DEBUG not explicitly off. It relaxes what a laptop without TLS needs relaxed
# (secure cookies, HTTPS redirect, HSTS, hashed static files) and makes a secret key on first
# start; anywhere else start-up stops without DJANGO_SECRET_KEY.
LOCAL_DEVELOPMENT = "DJANGO_ALLOWED_HOSTS" not in os.environ and env_bool("DJANGO_DEBUG", True)
if LOCAL_DEVELOPMENT and "DJANGO_SECRET_KEY" not in os.environ:
    SECRET_KEY = local_secret_key(DATA_DIR / "secret_key")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "drafting.apps.DraftingConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "drafting.urls"
WSGI_APPLICATION = "drafting.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Production keeps a database connection open per worker (opening one to PostgreSQL costs a
# server process and an authentication per request); the health check before each request
# replaces a connection that a database restart broke.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0 if LOCAL_DEVELOPMENT else 600, minimum=0),
        conn_health_checks=True,
    )
}
# SQLite with several editors: write-ahead logging lets readers go on while one writer
# writes, every transaction takes the write lock when it begins (a read that later writes
# would otherwise fail at once with "database is locked" when another writer got in first),
# and a writer waits up to the timeout (seconds) for the lock instead of failing.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("LICENSE_DRAFTER_SQLITE_TIMEOUT_SECONDS", 20, minimum=1),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "draft-list"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if LOCAL_DEVELOPMENT
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Locally, static files are served from their folders without collectstatic, also with DEBUG
# off; a server serves the hashed files collectstatic made.
WHITENOISE_USE_FINDERS = LOCAL_DEVELOPMENT
WHITENOISE_AUTOREFRESH = LOCAL_DEVELOPMENT

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Development prints mail (password resets) to the console; production sends it by SMTP.
if LOCAL_DEVELOPMENT and not env_bool("DJANGO_EMAIL_SMTP", False):
    MAILERS: dict[str, dict[str, object]] = {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 25, minimum=1),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
                "username": env_str("DJANGO_EMAIL_HOST_USER", "") or None,
                "password": env_str("DJANGO_EMAIL_HOST_PASSWORD", "") or None,
                "timeout": env_int("DJANGO_EMAIL_TIMEOUT_SECONDS", 10, minimum=1),
            },
        }
    }
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "license-drafter@localhost")
# The app's public address, for links in notification emails (no trailing slash needed).
SITE_URL = env_str("LICENSE_DRAFTER_SITE_URL", "http://127.0.0.1:8000")

# Security headers on every response. Scripts and styles come from our own static files only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not LOCAL_DEVELOPMENT)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if LOCAL_DEVELOPMENT else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL_DEVELOPMENT
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not LOCAL_DEVELOPMENT)
SESSION_COOKIE_SECURE = not LOCAL_DEVELOPMENT
CSRF_COOKIE_SECURE = not LOCAL_DEVELOPMENT
SESSION_COOKIE_HTTPONLY = True
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The cache every web worker and server shares (rate-limit counts, render marks): a table in
# the database by default, made by a migration, so no other service is needed; Redis when
# LICENSE_DRAFTER_REDIS_URL is set (``pip install redis``).
CACHES: dict[str, dict[str, object]]
if env_str("LICENSE_DRAFTER_REDIS_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("LICENSE_DRAFTER_REDIS_URL"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "license_drafter_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Rate limits per client (drafting/ratelimits.py): {limit: (count, seconds)}. The client is
# the connecting address, or, behind LICENSE_DRAFTER_TRUSTED_PROXIES proxies, the address the
# last of them added to LICENSE_DRAFTER_CLIENT_IP_HEADER.
RATE_LIMITS = env_rates(
    "LICENSE_DRAFTER_RATE_LIMITS",
    {
        "share-miss": (20, 600),  # wrong, revoked or expired share links
        "sign-in": (20, 600),  # failed sign-ins
        "draft-new": (60, 3600),  # drafts started
        "draft-import": (30, 3600),  # answers files uploaded
    },
)
RATE_LIMIT_TRUSTED_PROXIES = env_int("LICENSE_DRAFTER_TRUSTED_PROXIES", 0)
RATE_LIMIT_CLIENT_HEADER = "HTTP_" + env_str(
    "LICENSE_DRAFTER_CLIENT_IP_HEADER", "X-Forwarded-For"
).upper().replace("-", "_")

# Input limits: the largest legitimate request is an imported answers file.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_BODY_BYTES", 1_048_576, minimum=1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Uploads count against the same body limit (Django's own limit leaves files out).
FILE_UPLOAD_HANDLERS = [
    "drafting.uploads.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

TASKS = {
    "default": {
        "BACKEND": env_str(
            "DJANGO_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Every handler redacts link tokens (/d/<token>/, /s/<token>/) from what it writes
# (drafting.logredact). Django's own loggers are configured here too, so that their default
# handlers (runserver's request lines, mails to ADMINS) are replaced by redacting ones.
_REDACT = {"filters": ["redact_tokens"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_tokens": {"()": "drafting.logredact.RedactTokens"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", **_REDACT},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            **_REDACT,
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "redact_tokens"],
        },
    },
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# Rendering --------------------------------------------------------------------------------
# Owned by drafting/rendering/ (see its package docstring). PDF and DOCX render in a warm
# child process with a wall-clock and a memory limit; rendered files are cached on disk.
# Production runs the tasks on django_tasks_db: DJANGO_TASKS_BACKEND=
# django_tasks_db.DatabaseBackend and `python manage.py db_worker` beside the web servers.
RENDER_IN_WORKER = env_bool("LICENSE_DRAFTER_RENDER_IN_WORKER", True)
RENDER_TIMEOUT_SECONDS = env_int("LICENSE_DRAFTER_RENDER_TIMEOUT_SECONDS", 30, minimum=1)
# The render child's address space (RLIMIT_AS), not its resident size: a child that has
# rendered a PDF maps about 310 MiB. 0 turns the limit off.
RENDER_MEMORY_LIMIT_BYTES = env_int("LICENSE_DRAFTER_RENDER_MEMORY_LIMIT_BYTES", 1024**3)
# Renders before the child is replaced: 100 keeps its resident size near 135 MiB (200 let it
# reach 147 MiB; docs/performance.md), for one child start (milliseconds) per 100 renders.
RENDER_RECYCLE_AFTER = env_int("LICENSE_DRAFTER_RENDER_RECYCLE_AFTER", 100, minimum=1)
# A render that hit the time or memory limit is not tried again for this long: asking again
# shows the error at once (0: always try again).
RENDER_FAILURE_MEMORY_SECONDS = env_int(
    "LICENSE_DRAFTER_RENDER_FAILURE_MEMORY_SECONDS", 24 * 3600, minimum=0
)
RENDER_CACHE_DIR = Path(env_str("LICENSE_DRAFTER_RENDER_CACHE_DIR", str(DATA_DIR / "rendered")))
# Least recently used files beyond this are removed (0: never).
RENDER_CACHE_MAX_BYTES = env_int("LICENSE_DRAFTER_RENDER_CACHE_MAX_BYTES", 2 * 1024**3)
# Saving a wizard step queues renders of the new revision. Off by default with the immediate
# backend, which would render inside the save request itself; on with a real queue.
# A save that does not lead to the review page queues its renders this long ahead, so that
# the next save usually supersedes them before a worker spends a PDF on them (0: at once).
RENDER_STEP_DELAY_SECONDS = env_int("LICENSE_DRAFTER_RENDER_STEP_DELAY_SECONDS", 20)
RENDER_QUEUE_ON_SAVE = env_bool(
    "LICENSE_DRAFTER_RENDER_QUEUE_ON_SAVE",
    not TASKS["default"]["BACKEND"].endswith(".ImmediateBackend"),
)
