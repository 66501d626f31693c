"""Settings shared by every environment, read from environment variables."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable, refusing values that mean neither."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a yes/no value, not {value!r}.")


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "themes",
    "recommendations",
    "partners",
    "discussion",
    "alerts",
    "opendata",
    "api",
    "dossiers",
    "pages",
    # Only management commands: the benchmark's data builder and runner (`make bench`).
    "bench",
    # Last: the demo is built on every app above, and none of them knows it.
    "demo",
]

MIDDLEWARE = [
    # First: the health check answers the orchestrator before host or HTTPS checks; then every
    # request gets its id, its client address (behind the trusted proxy) and its log line.
    "core.health.HealthCheckMiddleware",
    "core.middleware.RequestContextMiddleware",
    "core.middleware.UndecodableFormMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside every middleware that adds headers, so a page served from the cache gets them too.
    "core.middleware.PublicPageCacheMiddleware",
    # Inside the page cache: a page is kept with its Open Graph tags, not given them again at
    # every reading (they depend only on what the cache key holds: the address and language).
    "opendata.middleware.OpenGraphMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "assises_site.urls"
WSGI_APPLICATION = "assises_site.wsgi.application"

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
                "themes.context_processors.navigation",
                "demo.context_processors.demo_mode",
                "opendata.context_processors.follow",
                "pages.context_processors.footer_pages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A connection kept across requests is checked before reuse, so a database restart heals itself.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database, safe for a small organisation's concurrent writers: readers never
    # block the writer (WAL), a writer waits up to SQLITE_BUSY_TIMEOUT seconds for another one
    # instead of failing with "database is locked", and each transaction takes the write lock
    # when it begins (IMMEDIATE), so two transactions never deadlock upgrading a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-be"
LANGUAGES = [
    ("fr-be", _("Français")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Where `manage.py backup` writes when no --output is given.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# The frozen letters and dossiers go through Django's storage API: the local filesystem by
# default (MEDIA_ROOT, a volume in docker-compose), an S3-compatible object store with
# MEDIA_STORAGE=s3 (django-storages; install requirements/s3.txt for boto3). The site serves
# them itself, with their headers, whatever the storage.
MEDIA_STORAGE = (os.environ.get("MEDIA_STORAGE") or "filesystem").strip().lower()
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Private objects, never overwritten: a frozen file keeps its name and content.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}.")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Everything the pages need is served by the site itself: no CDN, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "assises@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools report every step of a PDF at INFO: keep only their problems.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Follow-up rules: days a recipient has to answer, and days without news before a
# recommendation shows up on the coordination's dashboard.
RESPONSE_DEADLINE_DAYS = int(os.environ.get("RESPONSE_DEADLINE_DAYS", "60"))
STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "90"))
# An answer link works until the answer deadline plus these days.
ANSWER_LINK_EXTRA_DAYS = int(os.environ.get("ANSWER_LINK_EXTRA_DAYS", "90"))
# Reminders to recipients: this many days before the deadline, on it, and this many days after.
REMINDER_BEFORE_DAYS = int(os.environ.get("REMINDER_BEFORE_DAYS", "14"))
REMINDER_AFTER_DAYS = int(os.environ.get("REMINDER_AFTER_DAYS", "14"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "partners:start"
LOGOUT_REDIRECT_URL = "home"
FORMAT_MODULE_PATH = ["assises_site.formats"]

# Who publishes the site, for the legal notice on the about and contact pages. Never invented:
# until they are configured, the pages say so.
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", "")
PUBLISHER_ADDRESS = os.environ.get("PUBLISHER_ADDRESS", "").replace("\\n", "\n")
PUBLISHER_EMAIL = os.environ.get("PUBLISHER_EMAIL", "")

# Absolute address of the site, for the links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The reverse proxies in front of the site, counted from gunicorn outwards: with 1, the client's
# address is the last one the proxy appended to X-Forwarded-For; with 0 (the default, nothing in
# front), X-Forwarded-For is ignored and the connection's address is the client's.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Follow-up dates cannot be earlier than this (the Assises ran from 2012 to 2015; the document
# gives no date for the day), nor later than today. ISO format, YYYY-MM-DD.
FOLLOW_UP_EARLIEST_DATE = datetime.date.fromisoformat(
    os.environ.get("FOLLOW_UP_EARLIEST_DATE", "2012-01-01")
)

# Limits on what one client or account can repeat (counted in the database, so every gunicorn
# worker sees the same counts): password-reset e-mails per address and per client address, per
# hour; versions of one comment while it can be edited; co-signatures of one recommendation by
# one organisation per day.
PASSWORD_RESETS_PER_EMAIL = int(os.environ.get("PASSWORD_RESETS_PER_EMAIL", "3"))
PASSWORD_RESETS_PER_CLIENT = int(os.environ.get("PASSWORD_RESETS_PER_CLIENT", "10"))
COMMENT_EDITS_PER_WINDOW = int(os.environ.get("COMMENT_EDITS_PER_WINDOW", "5"))
COSIGNATURES_PER_DAY = int(os.environ.get("COSIGNATURES_PER_DAY", "3"))

# Where to plug an error tracker: the dotted path of a callable(request, exception), called for
# every unhandled error after it has been logged with its traceback (see core/middleware.py).
ERROR_REPORTER = os.environ.get("ERROR_REPORTER", "")

# Repeated failed logins lock out for a while the client address they come from, whatever user
# names were tried (one password against every account is stopped too), and the pair of that
# user name and address. The address is the real client's behind the trusted proxy.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with the reader's profile loaded with the account and the
    # permissions kept in the shared cache, exactly (core/auth.py).
    "core.auth.AccountBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"
# Login names longer than an account's are cut before django-axes stores them (its column holds
# 255 characters; a longer one was a 500 on PostgreSQL).
AXES_USERNAME_CALLABLE = "core.security.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Background jobs (Django's Tasks framework, through the django-tasks backport): stored in the
# database and run by `manage.py run_worker`, which `make run` and docker compose start. Jobs
# that must come back regularly are enqueued by that worker every so many seconds.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
PERIODIC_TASKS = {
    "alerts.tasks.sweep": int(os.environ.get("ALERTS_SWEEP_SECONDS", "600")),
    # The outbox: e-mails whose sending failed are tried again when due.
    "core.tasks.sweep_emails": int(os.environ.get("EMAIL_SWEEP_SECONDS", "300")),
    # Both are safe to run often: a reminder step and a day's digest each go out once.
    "recommendations.tasks.send_reminders": int(os.environ.get("REMINDERS_SECONDS", "3600")),
    "discussion.tasks.send_coordination_digests": int(os.environ.get("DIGESTS_SECONDS", "3600")),
}

# The read-only API: anonymous clients are rate limited, and only read methods exist.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    # Behind the reverse proxy, the throttle counts each visitor's forwarded address, by the same
    # rule as the rest of the site (TRUSTED_PROXY_COUNT, read further up).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du suivi des Assises de l’Insertion — Wallonie picarde",
    "DESCRIPTION": (
        "Lecture seule. Les recommandations, leurs destinataires, transmissions et réponses, "
        "l’historique daté du suivi, et le document des Assises. Licence ouverte CC BY 4.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# E-mail alerts for anyone: how many subscription requests one address (IP or e-mail) may make
# per hour, and how many times a failed alert is tried again before it is given up.
ALERTS_REQUESTS_PER_HOUR = int(os.environ.get("ALERTS_REQUESTS_PER_HOUR", "10"))
ALERTS_MAX_ATTEMPTS = int(os.environ.get("ALERTS_MAX_ATTEMPTS", "8"))

# The outbox of the site's other e-mails (invitations, answer links, notices): how many times a
# failed one is tried (2, 4, 8… minutes apart), and how many days a sent one is kept.
EMAIL_MAX_ATTEMPTS = int(os.environ.get("EMAIL_MAX_ATTEMPTS", "8"))
EMAIL_KEPT_DAYS = int(os.environ.get("EMAIL_KEPT_DAYS", "30"))

# Whole pages for anonymous readers come from a cache every process shares (see core/cache.py):
# Redis when REDIS_URL is set (production, docker compose), else files on this machine, which
# every process of `make run` or of one server shares. PUBLIC_PAGE_CACHE=0 turns it off.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)
PUBLIC_PAGE_CACHE_ALIAS = "pages"
# The API keeps its own per-client throttle (REST_FRAMEWORK below): its answers are not cached.
PUBLIC_PAGE_CACHE_EXEMPT_PREFIXES = ["/api/"]
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", str(60 * 60 * 24)))
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "assises")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{alias}",
        }
        for alias in ("default", PUBLIC_PAGE_CACHE_ALIAS)
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        PUBLIC_PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(BASE_DIR / ".cache" / "pages")),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
