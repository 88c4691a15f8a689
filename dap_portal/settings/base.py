"""Settings of the DAP portal (DJANGO_SETTINGS_MODULE=dap_portal.settings.base), read from the
environment through django-environ; every variable is listed in docs/configuration.md.

Every value has a default that makes the embedded demo work with no server at all:
SQLite under var/, an embedded Celery broker, e-mail written to files under var/.
Production sets DJANGO_DEBUG=false and a real DJANGO_SECRET_KEY.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("DAP_VAR_DIR", default=str(BASE_DIR / "var")))


DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Secrets are read as they are: django-environ takes a value starting with "$" for the name of
# another variable, and Django's own key generator uses "$".
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY mangler. Sæt en lang, tilfældig nøgle i miljøet "
            "(eller DJANGO_DEBUG=true til lokal demo)."
        )
    SECRET_KEY = "django-insecure-dap-portal-demo-only-never-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ops",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "accounts",
    "projects",
    "budgets",
    "meetings",
]

MIDDLEWARE = [
    # First, so that every log line of a request, even a refused one, carries its id.
    "ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Pages for a signed-in user: private, no-store; sign-out clears the browser's copies.
    "dap_portal.caching.private_pages",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's UserSessionsMiddleware, throttled to once a minute per session and client.
    "accounts.middleware.user_sessions",
    "accounts.middleware.session_timeouts",
    "accounts.middleware.second_factor_enrolment",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "dap_portal.urls"

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
                "meetings.offline.context.offline",
                "meetings.people.context.people",
                "meetings.meetingday.context.follow_poll",
            ],
            "builtins": ["dap_portal.templatetags.danish"],
        },
    },
]

WSGI_APPLICATION = "dap_portal.wsgi.application"

VAR_DIR.mkdir(parents=True, exist_ok=True)
# Unset or empty: SQLite under var/. Persistent connections: DATABASE_URL=...?conn_max_age=60.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'dap_portal.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the Celery worker share the demo database.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CSRF_FAILURE_VIEW = "dap_portal.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "meetings:meeting_list"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # allauth's, with an address as sign-in name only once it is verified.
    "accounts.backends.AuthenticationBackend",
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Where bilag, their renditions, cached PDFs and meeting packs live: "filesystem" (MEDIA_ROOT,
# the default) or "s3" (an S3-compatible bucket shared by every web and worker process).
DAP_STORAGE = env.str("DAP_STORAGE", default="").strip().lower() or "filesystem"
# How long a presigned download URL of the bucket is valid, in seconds.
DAP_DOWNLOAD_URL_SECONDS = env.int("DAP_DOWNLOAD_URL_SECONDS", default=60)
# Serve downloads from the bucket by a redirect to a presigned URL (after the access check)
# instead of streaming them through the web process.
DAP_DOWNLOAD_REDIRECT = env.bool("DAP_DOWNLOAD_REDIRECT", default=False)
if DAP_STORAGE == "s3":
    if not env.str("AWS_STORAGE_BUCKET_NAME", default=""):
        raise ImproperlyConfigured(
            "DAP_STORAGE=s3 kræver AWS_STORAGE_BUCKET_NAME (bucketens navn)."
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Keys from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the
            # machine's role; never in a file.
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            # Private objects: only presigned URLs handed out after the access check open them.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": DAP_DOWNLOAD_URL_SECONDS,
            "file_overwrite": False,
        },
    }
elif DAP_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"DAP_STORAGE skal være filesystem eller s3, ikke {DAP_STORAGE!r}.")
# Bilag live here and are only ever served through a view that checks access.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = None

# Largest bilag accepted, in bytes; default 50 MB.
DAP_BILAG_MAX_BYTES = env.int("DAP_BILAG_MAX_BYTES", default=50 * 1024 * 1024)
# Largest upload on 'Importér arkiv' (one file or a zip), in bytes; default 500 MB.
DAP_ARCHIVE_MAX_BYTES = env.int("DAP_ARCHIVE_MAX_BYTES", default=500 * 1024 * 1024)
# Longest the OCR of one scanned archive PDF (OCRmyPDF and Tesseract) may take, in seconds.
DAP_ARCHIVE_OCR_TIMEOUT = env.float("DAP_ARCHIVE_OCR_TIMEOUT", default=300.0)
# Longest a LibreOffice conversion of one bilag to PDF may take, in seconds.
DAP_CONVERSION_TIMEOUT = env.float("DAP_CONVERSION_TIMEOUT", default=120.0)
# Address space a LibreOffice conversion may use; default 3 GiB.
DAP_CONVERSION_MEMORY_BYTES = env.int("DAP_CONVERSION_MEMORY_BYTES", default=3 * 1024**3)
# Word/Excel/PowerPoint files are zip archives: what they may unpack to (zip bombs).
DAP_OFFICE_MAX_UNPACKED_BYTES = env.int("DAP_OFFICE_MAX_UNPACKED_BYTES", default=200 * 1024**2)
DAP_OFFICE_MAX_RATIO = env.int("DAP_OFFICE_MAX_RATIO", default=100)
# The most the streams of one PDF may inflate to when its text is read (deflate bombs).
DAP_PDF_MAX_DECODED_BYTES = env.int("DAP_PDF_MAX_DECODED_BYTES", default=200 * 1024**2)
# The upload's file check, run on every file a restore brings in (ops never imports meetings).
DAP_RESTORE_FILE_CHECK = "meetings.bilag.services.restored_file_problem"
# Shown in the footer of page 1 of the agenda PDF, e.g. for accessibility questions, and on
# the portal's own accessibility statement (/was).
DAP_ACCESSIBILITY_CONTACT = env.str("DAP_ACCESSIBILITY_CONTACT", default="")
# The accessibility statement made in the WAS-Tool (webtilgængelighedsloven): /was and every
# page's footer lead there. Empty: /was shows the portal's own short statement.
DAP_ACCESSIBILITY_STATEMENT_URL = env.str("DAP_ACCESSIBILITY_STATEMENT_URL", default="").strip()
# Days a meeting stored on a member's device for offline reading is kept before it is removed.
DAP_OFFLINE_MAX_AGE_DAYS = env.int("DAP_OFFLINE_MAX_AGE_DAYS", default=30)
# Seconds between the asks of a member following a meeting on its day, and of the room screen.
DAP_FOLLOW_POLL_SECONDS = env.int("DAP_FOLLOW_POLL_SECONDS", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery: Redis in production and CI; a broker on the file system for the embedded demo.
# (The file-system broker ignores the host; naming one keeps kombu from warning "No hostname
# was supplied" at every start of the demo.)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "filesystem://localhost/"

# Cache: one Redis shared by every web process in production (REDIS_URL, else a Redis
# broker's URL); local memory of each process in the demo. The one cache setting: pages, PDFs
# and the failed-sign-in counters (lockout, accounts/) all live here.
REDIS_URL = env.str("REDIS_URL", default="") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dap",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dap-portal",
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for folder in ("queue", "processed", "control"):
        (VAR_DIR / "celery" / folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Beat (run exactly once): the reminder scan every minute hands due reminders to workers.
CELERY_BEAT_SCHEDULE = {
    "scan-reminders": {"task": "meetings.tasks.scan_reminders", "schedule": 60.0},
    # Written procedures: close at the deadline, remind who has not answered.
    "scan-procedures": {"task": "meetings.procedures.scan", "schedule": 60.0},
    # Minutes in høring: tacit approval at the deadline, one reminder before it.
    "scan-hoering": {"task": "meetings.hoering.scan", "schedule": 60.0},
    # Follow-up actions: remind the responsible before the due date.
    "scan-actions": {"task": "meetings.actions.scan", "schedule": 60.0},
    # 'Importér arkiv': uploads never confirmed are removed a day on (files and row).
    "expire-archive-batches": {"task": "meetings.archive.expire", "schedule": 3600.0},
}

# E-mail: the SMTP server of EMAIL_URL (smtp+tls://user:password@host:587, smtp://host:25,
# smtp+ssl://...), default smtp+tls://localhost:587 in production; in the demo, files under
# var/mail that the demo user can read.
EMAIL_URL = env.str("EMAIL_URL", default="") or ("" if DEBUG else "smtp+tls://localhost:587")
if EMAIL_URL:
    _smtp = env.email_url_config(EMAIL_URL)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp["EMAIL_HOST"],
                "port": _smtp["EMAIL_PORT"],
                "username": _smtp["EMAIL_HOST_USER"] or "",
                "password": _smtp["EMAIL_HOST_PASSWORD"] or "",
                "use_tls": _smtp.get("EMAIL_USE_TLS", False),
                "use_ssl": _smtp.get("EMAIL_USE_SSL", False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = env.str("DAP_FROM_EMAIL", default="DAP-portalen <noreply@dap.example>")
DAP_REPLY_TO_EMAIL = env.str("DAP_REPLY_TO_EMAIL", default="sekretariat@dap.example")
# Where links in e-mail and calendar entries point (no trailing slash).
DAP_BASE_URL = env.str("DAP_BASE_URL", default="http://localhost:8000").rstrip("/")
# The right-hand side of calendar UIDs: keep it stable for the life of the installation.
DAP_CALENDAR_DOMAIN = env.str("DAP_CALENDAR_DOMAIN", default="dap-portal.local")

# Content Security Policy: no inline script, nothing from other origins.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the shared Redis cache, written through to the database (every web
# instance sees a sign-out at once); with a cache of each process (the demo), only the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
# Absolute lifetime of a session; accounts.middleware also ends it after this many seconds
# whatever the activity, and after DAP_SESSION_IDLE_SECONDS without a request.
SESSION_COOKIE_AGE = env.int("DAP_SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
DAP_SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE
DAP_SESSION_IDLE_SECONDS = env.int("DAP_SESSION_IDLE_SECONDS", default=30 * 60)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The load balancer asks instances over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Logs: one JSON object per line with the request id (production, for the log collector);
# plain lines in the demo. DAP_LOG_FORMAT=json or text overrides.
DAP_LOG_FORMAT = env.str("DAP_LOG_FORMAT", default="").strip().lower() or (
    "text" if DEBUG else "json"
)

from .signin import *  # noqa: E402, F403
from .signin import SIGNIN_EXTRA_APPS, SIGNIN_FORM_ACTION_ORIGINS  # noqa: E402

INSTALLED_APPS += SIGNIN_EXTRA_APPS
SECURE_CSP["form-action"] += SIGNIN_FORM_ACTION_ORIGINS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ops.logging.json_formatter"},  # python-json-logger
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if DAP_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every layout step at INFO; only its warnings are worth reading.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
