"""Settings for the OEWG concept-paper portal.

One file, driven by the environment. With no variables set, the portal runs
embedded: SQLite, files and mail under var/, and a Celery broker on a SQLite file.
Production differs only by variables (see README.md, "Configuration").
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The embedded default is for a laptop. In production (an https SITE_URL) a public, well-known key
# would let anyone forge sessions and password-reset links: refuse to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if SITE_URL.startswith("https://"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production (an https SITE_URL) set it to a long random string, "
            "e.g. the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-embedded-mode-set-SECRET_KEY-in-production"  # noqa: S105 (refused above in production)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # Imports every app's rules.py, where its permissions are declared.
    "rules.apps.AutodiscoverRulesConfig",
    "accounts",
    "delegations",
    "agenda",
    "audit",
    "submissions",
    "indexing",
    "notifications",
    "publication",
    "review",
    "rest_framework",
    "drf_spectacular",
    "publicsite",
    "compendium",
    "stakeholders",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database that cannot be reached answers a 503 page rendered without it (portal/errors.py).
    "portal.errors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Writes the language cookie when a login or the profile chose the person's language.
    "accounts.language.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who have not typed their TOTP code yet see the two-factor pages only.
    "accounts.two_factor.TwoFactorMiddleware",
    # Dates and times in the person's own zone, when they chose one in their profile.
    "accounts.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
            # `|when` and `|time_left` in every template: one format for dates and times, zone named;
            # `|ltr`: codes and references read as written inside right-to-left text.
            # `{% main_nav %}`: the navigation of templates/base.html, chosen by the permissions.
            "builtins": ["portal.time_format", "portal.bidi", "portal.navigation"],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "portal.sqlite3",
            # The web process and a worker write at once: take the write lock at
            # BEGIN (no upgrade deadlocks) and wait for it rather than fail.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# Shared by every process of the installation, because the worker's changes (a file indexed) must
# invalidate what the web processes keep (review/queue_cache.py). Production: Redis (a database of
# its own, not the broker's: clearing the cache empties the whole Redis database). Embedded: files
# under var/cache/, which the web process and the worker share on one machine. Tests: in memory.
CACHE_URL = os.environ.get("CACHE_URL", "")
if env_bool("TESTING"):  # never a real Redis: the tests empty the cache between them
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": (
            {"BACKEND": "portal.cache.RedisCache", "LOCATION": CACHE_URL}
            if CACHE_URL
            else {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": VAR_DIR / "cache",
                "OPTIONS": {"MAX_ENTRIES": 2000},
            }
        )
    }
    # Two installations (or the bench's databases) on one cache never read each other's keys.
    CACHES["default"]["KEY_PREFIX"] = str(DATABASES["default"]["NAME"])

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    # Django's model backend, reading the person's delegation with them (one query a request, not two).
    "accounts.backends.ModelBackend",
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sessions: a day of work, ended when the browser closes, cookies never sent to scripts. Read from
# the cache (written through to the database, which keeps them when the cache is emptied).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

# Login rate limiting (django-axes): lock a login+address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Every spelling of an address counts as one (the login ignores case): see accounts/lockout.py.
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("LOGIN_RATE_LIMIT", True)
AXES_VERBOSE = False

# Staff (Chair's team, Secretariat, admins) must pass TOTP when this is on.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", SITE_URL.startswith("https://"))

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
# The switcher and the login remember the language in this cookie (a year), for anonymous visitors too.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SITE_URL.startswith("https://")
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    # Uploaded papers: never under STATIC/MEDIA URLs; served by a view that checks access.
    # Operators with several machines set FILE_STORAGE=storages.backends.s3.S3Storage.
    "default": {
        "BACKEND": os.environ.get("FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
        **({} if os.environ.get("FILE_STORAGE") else {"OPTIONS": {"location": MEDIA_ROOT}}),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "25"))
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# Larger uploads spool to disk instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Past MAX_UPLOAD_MB an uploaded file is counted, not kept (submissions/files.py).
FILE_UPLOAD_HANDLERS = [
    "submissions.files.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ------------------------------------------------------------------
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    from urllib.parse import parse_qs, unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    _mail_options = parse_qs(_mail.query)
    # Django's SMTP backend, telling the outbox when a message is handed over (exactly-once sending).
    EMAIL_BACKEND = "notifications.backends.SmtpBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = _mail.scheme == "submission" or "tls" in _mail_options
    EMAIL_TIMEOUT = 20
else:
    # One .eml file per message under var/mail/, readable in any mail client.
    EMAIL_BACKEND = "notifications.backends.EmlFileBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OEWG portal <no-reply@oewg-portal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
REPLY_TO_EMAIL = os.environ.get("REPLY_TO_EMAIL", "oewg-secretariat@oewg-portal.localhost")
CHAIR_TEAM_EMAIL = os.environ.get("CHAIR_TEAM_EMAIL", "")
SECRETARIAT_EMAIL = os.environ.get("SECRETARIAT_EMAIL", "")
# A mail the server refuses for now is retried after 1, 2, 4… times this, up to MAIL_MAX_ATTEMPTS tries.
MAIL_RETRY_BASE_SECONDS = float(os.environ.get("MAIL_RETRY_BASE_SECONDS", "60"))
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "12"))
# A row "sending" this long belongs to a worker that died (every socket operation times out after
# EMAIL_TIMEOUT): the periodic job recovers it. Messages go out at most MAIL_SEND_RATE a second.
MAIL_STALE_SECONDS = float(os.environ.get("MAIL_STALE_SECONDS", "30"))
MAIL_SEND_RATE = float(os.environ.get("MAIL_SEND_RATE", "10"))

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "filesystem://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged only once done, and redelivered if its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker never gives up on the broker, and tries again every few seconds (portal/celery.py).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CONSUMER = "portal.celery:Consumer"
# Redis redelivers a task that a dead worker held, unacknowledged, after this: just longer than the
# longest a task may run (the hard limits of extraction and of a compendium build, 660 s), so that a
# running task is never handed out twice. No task is queued with a countdown longer than this (mail
# waits in the outbox, not in Redis). A dead worker's extractions and mail are found far sooner from
# the database: see the heartbeat below and notifications/sending.py.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(int(os.environ.get("INDEXING_HARD_TIME_LIMIT", "300")), 660) + 60,
}
if CELERY_BROKER_URL == "filesystem://":
    # The embedded broker: messages are files under var/broker/, no server needed.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    # The stale-work sweep must run while every extraction worker is busy with long files.
    "indexing.tasks.requeue_stale_versions": {"queue": "default"},
    "indexing.*": {"queue": "extraction"},
    "notifications.*": {"queue": "mail"},
    "stakeholders.index_written_input": {"queue": "extraction"},
}
# One hostile file must not starve a worker of memory (KiB per child).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("WORKER_MAX_MEMORY_KB", str(768 * 1024)))
# Extraction of one file: soft limit (the task stops and records why), hard limit (the child is
# killed), attempts before a file is given up, how long "waiting" may last before beat re-sends
# it, and the address space of a worker child (a hostile file fails instead of exhausting memory).
INDEXING_SOFT_TIME_LIMIT = int(os.environ.get("INDEXING_SOFT_TIME_LIMIT", "240"))
INDEXING_HARD_TIME_LIMIT = int(os.environ.get("INDEXING_HARD_TIME_LIMIT", "300"))
INDEXING_MAX_ATTEMPTS = int(os.environ.get("INDEXING_MAX_ATTEMPTS", "3"))
INDEXING_WAITING_GRACE = int(os.environ.get("INDEXING_WAITING_GRACE", "20"))
# A run touches its row this often; one silent for three beats died, and beat (every few
# seconds) hands its version to another run: a killed worker's work resumes within seconds.
INDEXING_HEARTBEAT_SECONDS = int(os.environ.get("INDEXING_HEARTBEAT_SECONDS", "3"))
INDEXING_WORKER_ADDRESS_SPACE_MB = int(os.environ.get("INDEXING_WORKER_ADDRESS_SPACE_MB", "4096"))
CELERY_BEAT_SCHEDULE = {
    # Both are cheap (one indexed query when there is nothing to do) and are what recovery waits for.
    "indexing-requeue-stale": {"task": "indexing.tasks.requeue_stale_versions", "schedule": 5.0},
    "notifications-send-pending": {"task": "notifications.tasks.send_pending", "schedule": 10.0},
    "notifications-daily-digest": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Accredits or not the applicants of rounds whose non-objection period has ended.
    "stakeholders-close-rounds": {"task": "stakeholders.tasks.close_due_rounds", "schedule": 60.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Security (production) ---------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if SITE_URL.startswith("https://"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Forms and messages -----------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The public, read-only JSON API of published papers (publicsite.api); anonymous, paginated.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "publicsite.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [],
    # A refused action (common.errors.ActionRefused) answers its status with a JSON body, never a 500.
    "EXCEPTION_HANDLER": "common.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OEWG published papers API",
    "DESCRIPTION": "Read-only: the papers the working group has published, its sessions, agenda and delegations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
