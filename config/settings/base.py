"""Settings shared by every environment, read from the environment (12-factor).

Unset variables fall back to the embedded default a newcomer needs: SQLite,
Celery tasks run eagerly, database search, the dummy payment gateway.
"""

import base64
import hashlib
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-key-for-local-development-only-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "graphene_django",
    "shop",
    "sellers",
    "catalog",
    "promotions",
    "orders",
    "orders.outlets",
    "orders.complaints",
    "orders.reviews",
    "shop.monitoring",
]

MIDDLEWARE = [
    "shop.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "shop.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and messages: it sees the cookies they set on the way out.
    "shop.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shop.middleware.LanguageMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Content-Security-Policy (django-csp), in every environment so that tests and the
# browser tests see what production sends: scripts and styles from our own static
# files only (no inline script, no style attribute), Stripe.js for card payments,
# images also from the media host when media sits on object storage.
_MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
_STRIPE_JS = "https://js.stripe.com"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", _STRIPE_JS],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "https://api.stripe.com"],
        "frame-src": [_STRIPE_JS, "https://hooks.stripe.com"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the pages may use: none but card payments (Stripe's Payment Element).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": ["self", f'"{_STRIPE_JS}"'],
    "usb": [],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "shop.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# Optional streaming replica: report reads go there (shop/db_router.py). Tests mirror it
# to the default database.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["shop.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "shop.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "shop:login"
LOGIN_REDIRECT_URL = "shop:home"
LOGOUT_REDIRECT_URL = "shop:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Bahasa Indonesia first, English second; NTT keeps WITA (UTC+8).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Media on local disk by default; on S3-compatible object storage when a
# bucket is configured, so several app servers share one media store.
# Private documents (certificate scans, founding papers) never sit under MEDIA_ROOT:
# only views that check who may read them serve them (see shop/private_files.py).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
# Public media names never change content (originals get a random name, thumbnails a
# hash of their bytes), so they may be cached for a year without revalidation.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "shop.private_files.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "access_key": env("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
        },
    }
    # A bucket of its own, or a prefix of the media bucket that no bucket policy makes
    # public; objects are private (ACL) and read only by the app, never by a URL.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": env("AWS_PRIVATE_STORAGE_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME),
            "location": env("AWS_PRIVATE_LOCATION", default="private"),
            "default_acl": "private",
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }

CACHE_URL = env("CACHE_URL", default="")
# With Redis down or slow, a request waits at most these seconds per cache call,
# and reads and writes of the cache quietly miss (logged) so that pages that only
# read still work. The sign-in attempt counter notices and refuses (fails closed).
REDIS_CACHE_OPTIONS = {
    "CLIENT_CLASS": "django_redis.client.DefaultClient",
    "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_CONNECT_TIMEOUT_SECONDS", default=0.5),
    "SOCKET_TIMEOUT": env.float("CACHE_TIMEOUT_SECONDS", default=0.5),
    "IGNORE_EXCEPTIONS": True,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OVOP NTT <noreply@ovop.nttprov.go.id>")
# The public address links in e-mails start with (no trailing slash needed).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: with no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"  # never used while eager; keeps kombu from guessing a host
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# --- Broker outage: fail fast, never hang a request (issue #10) ---
# Handing a task to a broker that is down raises within about a second instead of
# retrying for ~20 s; the caller (shop.outbox.dispatch) logs it and the outbox
# sweeper delivers the message once the broker is back. The read timeout stays
# above the worker's 1 s blocking poll of Redis (a silent broker: at most that long).
BROKER_CONNECT_TIMEOUT_SECONDS = env.float("BROKER_CONNECT_TIMEOUT_SECONDS", default=1.0)
BROKER_READ_TIMEOUT_SECONDS = env.float("BROKER_READ_TIMEOUT_SECONDS", default=3.0)
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT_SECONDS
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_READ_TIMEOUT_SECONDS,
    "max_retries": 0,  # publishing: one connection attempt, then the error
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_CONNECT_TIMEOUT_SECONDS
# --- Transactional outbox (shop/outbox.py) ---
OUTBOX_SWEEP_AFTER_SECONDS = env.int("OUTBOX_SWEEP_AFTER_SECONDS", default=60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_SWEEP_BATCH = 200
OUTBOX_KEEP_DELIVERED_DAYS = 14
# Task modules outside an app's tasks.py (autodiscovery finds only those).
CELERY_IMPORTS = ["catalog.search.tasks"]
CELERY_BEAT_SCHEDULE = {
    "shop-outbox-sweep": {"task": "shop.tasks.outbox_sweep", "schedule": 60.0},
    "shop-clear-expired-sessions": {
        "task": "shop.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=0),
    },
    "shop-token-families-purge": {
        "task": "shop.tasks.token_families_purge",
        "schedule": crontab(hour=3, minute=15),
    },
    "shop-held-files-purge": {
        # Hourly: a held form file outlives its 24-hour token by at most an hour.
        "task": "shop.tasks.held_files_purge",
        "schedule": crontab(minute=45),
    },
    "orders-release-expired-reservations": {
        "task": "orders.tasks.reservations_release_expired",
        "schedule": 60.0,
    },
    "orders-expire-unpaid": {
        "task": "orders.tasks.orders_expire_unpaid",
        "schedule": 300.0,
    },
    "catalog-certificates-expiry-check": {
        "task": "catalog.tasks.certificates_expiry_check",
        "schedule": crontab(hour=1, minute=0),
    },
    "search-certificates-expired-reindex": {
        "task": "catalog.search.tasks.certificates_expired_reindex",
        "schedule": crontab(hour=1, minute=30),
    },
    "search-synonyms-refold": {
        "task": "catalog.search.tasks.search_synonyms_refold",
        "schedule": crontab(hour=2, minute=30),
    },
    "outlets-stock-sync-requests-purge": {
        "task": "orders.outlets.tasks.stock_sync_requests_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    "complaints-escalate-overdue": {
        "task": "orders.complaints.tasks.complaints_escalate_overdue",
        "schedule": 600.0,
    },
    "orders-complete-delivered": {
        "task": "orders.tasks.orders_complete_delivered",
        "schedule": crontab(minute=20),
    },
    "monitoring-semester-report": {
        # Daily: drafts the report of a period the day after it closes, once.
        "task": "shop.monitoring.tasks.report_generate_closed_period",
        "schedule": crontab(hour=2, minute=0),
    },
}
# POS clients sign in with an outlet's API token (shop/service_clients.py).
SERVICE_CLIENT_AUTHENTICATOR = "orders.outlets.services.api_token_authenticate"
# POS clients (outlets app): requests per token per minute before 429 RATE_LIMITED.
POS_TOKEN_REQUESTS_PER_MINUTE = env.int("POS_TOKEN_REQUESTS_PER_MINUTE", default=120)
# Units a receipt may sell beyond an outlet's shelf (the POS sold them before its count
# reached us); the shelf stops at 0 and the receipt records them for the stock opname.
OUTLET_OVERSELL_UNITS = env.int("OUTLET_OVERSELL_UNITS", default=0)

# Programme monitoring (Pergub VII): the reporting periods of a year, as (month, day) of
# each period's first day; twice a year by default (Semester I Jan-Jun, II Jul-Dec).
MONITORING_PERIOD_STARTS = [(1, 1), (7, 1)]
MONITORING_RANGE_MAX_YEARS = 5

# Catalog: image limits (a decompression bomb is refused from its header),
# thumbnail widths, legality dates.
CATALOG_IMAGE_MAX_BYTES = env.int("CATALOG_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
CATALOG_IMAGE_MAX_PIXELS = env.int("CATALOG_IMAGE_MAX_PIXELS", default=40_000_000)
CATALOG_DOCUMENT_MAX_BYTES = env.int("CATALOG_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
CATALOG_THUMBNAIL_WIDTHS = (200, 400, 800)
CATALOG_EXPIRY_WARNING_DAYS = 30
# The portal dashboard lists published variants with at most this many units free online.
PORTAL_LOW_STOCK = env.int("PORTAL_LOW_STOCK", default=5)
# Halal certification is mandatory for food and beverage of micro and small
# businesses from this day (PP 39/2021 as amended).
CATALOG_HALAL_MANDATORY_FROM = "2026-10-17"

GRAPHENE = {
    "SCHEMA": "shop.graphql.schema.schema",
    "SCHEMA_OUTPUT": "schema.graphql",
    "SCHEMA_INDENT": 2,
    "RELAY_CONNECTION_MAX_LIMIT": 100,
    "ATOMIC_MUTATIONS": False,
}

# Limits that stop an abusive GraphQL request before anything runs.
GRAPHQL_MAX_DEPTH = env.int("GRAPHQL_MAX_DEPTH", default=10)
GRAPHQL_MAX_COST = env.int("GRAPHQL_MAX_COST", default=5000)
GRAPHQL_MAX_ALIASES = env.int("GRAPHQL_MAX_ALIASES", default=15)
GRAPHQL_MAX_MUTATIONS = env.int("GRAPHQL_MAX_MUTATIONS", default=5)
GRAPHQL_PAGE_SIZE_MAX = 100

# GraphQL hardening (issue #10): checked on the raw request before anything is parsed,
# and whether the schema may be introspected (off by default in production).
# 1 MiB: a POS stock sync of 5,000 lines (stockBulkUpdate's limit) is about 400 KB.
GRAPHQL_MAX_BODY_BYTES = env.int("GRAPHQL_MAX_BODY_BYTES", default=1024 * 1024)
GRAPHQL_MAX_NESTING = env.int("GRAPHQL_MAX_NESTING", default=32)
GRAPHQL_INTROSPECTION = env.bool("GRAPHQL_INTROSPECTION", default=True)

# Tokens: a short access token and a long refresh token, both signed JWTs.
JWT_ACCESS_TTL_SECONDS = env.int("JWT_ACCESS_TTL_SECONDS", default=15 * 60)
JWT_REFRESH_TTL_SECONDS = env.int("JWT_REFRESH_TTL_SECONDS", default=30 * 24 * 3600)
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=15 * 60)

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", default="ovop-products")  # the alias

STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
PAYMENT_GATEWAYS = env.list("PAYMENT_GATEWAYS", default=["DUMMY", "BANK_TRANSFER", "COD"])
# Stripe takes IDR in minor units (rupiah x 100) and refuses tiny charges; we refuse
# them first with a clear error (Rp 10.000 keeps clear of Stripe's ~USD 0.50 floor).
STRIPE_MIN_CHARGE_IDR = env.int("STRIPE_MIN_CHARGE_IDR", default=10_000)
# Where a bank transfer goes, shown to the buyer after the order: the platform's
# receiving account(s), as JSON [{"bank": ..., "number": ..., "holder": ...}]; or,
# with BANK_TRANSFER_TO_LEMBAGA, each lembaga's own account (one transfer per order).
BANK_TRANSFER_ACCOUNTS = env.json(
    "BANK_TRANSFER_ACCOUNTS",
    default=[
        {"bank": "Bank NTT", "number": "001.01.02.123456-7", "holder": "OVOP NTT Marketplace"}
    ],
)
# How long a shared cache may keep an anonymous page (shop.middleware.PublicCacheMiddleware).
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=300)
BANK_TRANSFER_TO_LEMBAGA = env.bool("BANK_TRANSFER_TO_LEMBAGA", default=False)

# Checkout and orders.
PLATFORM_COMMISSION_PERCENT = env.float("PLATFORM_COMMISSION_PERCENT", default=5.0)
CHECKOUT_RESERVATION_MINUTES = env.int("CHECKOUT_RESERVATION_MINUTES", default=20)
ORDER_UNPAID_EXPIRY_HOURS = env.int("ORDER_UNPAID_EXPIRY_HOURS", default=48)
ORDER_NUMBER_PREFIX = env("ORDER_NUMBER_PREFIX", default="OVOP")
# Complaints (orders.complaints, issue #17): the buyer may complain until this long after
# delivery (exactly at the limit still counts); a delivered order with no open complaint
# completes by itself once the window is over. The lembaga answers within
# COMPLAINT_RESPONSE_HOURS (and the buyer answers an offer within the same), else staff decide.
COMPLAINT_WINDOW_DAYS = env.int("COMPLAINT_WINDOW_DAYS", default=3)
COMPLAINT_RESPONSE_HOURS = env.int("COMPLAINT_RESPONSE_HOURS", default=48)
COMPLAINT_MAX_PHOTOS = 3
# Personal data (UU 27/2022): the version of the privacy policy a consent refers to.
PRIVACY_POLICY_VERSION = env("PRIVACY_POLICY_VERSION", default="2026-11-30")


def _derived(purpose: str) -> str:
    """A key derived from SECRET_KEY: the development default only (production.py
    requires its own keys, so that changing SECRET_KEY never loses encrypted data)."""
    raw = hashlib.sha256(f"ovop-ntt:{purpose}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(raw).decode("ascii")


# Personal data encrypted at rest (shop.encryption; the ASN's NIP): Fernet keys
# (`Fernet.generate_key()`), comma-separated; the first encrypts, every one decrypts.
PERSONAL_DATA_KEYS = env.list("PERSONAL_DATA_KEYS", default=[]) or [_derived("personal-data")]
# The key of the digests that find an equal value without decrypting (never rotated).
PERSONAL_DATA_DIGEST_KEY = env("PERSONAL_DATA_DIGEST_KEY", default="") or _derived(
    "personal-data-digest"
)

# Trust after the sale (issue #17, orders.reviews).
# A buyer reviews a product of a COMPLETED order up to this many days after completion.
REVIEW_WINDOW_DAYS = env.int("REVIEW_WINDOW_DAYS", default=30)
REVIEW_MAX_PHOTOS = 3
REVIEW_COMMENT_MAX_CHARS = 2000
# Seller standing: an order paid is "shipped on time" when shipped (or handed over)
# within this many hours of payment.
SELLER_SHIP_DEADLINE_HOURS = env.int("SELLER_SHIP_DEADLINE_HOURS", default=48)
# The lembaga's public standing counts the orders and complaints of this many days.
SELLER_STANDING_DAYS = 90

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "shop.request_id.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # One line per finished task drowns everything else when tasks run eagerly.
    "loggers": {"celery.app.trace": {"level": env("CELERY_TRACE_LOG_LEVEL", default="WARNING")}},
}
# ASN participation in campaigns (promotions.asn): a provincial appeal to civil servants
# to buy local, outside the regulation, so off unless the province switches it on. Buyers
# may then record their NIP (with consent); campaign reports count ASN by monthly spend
# against ASN_MONTHLY_TARGET rupiah.
ASN_PARTICIPATION_ENABLED = env.bool("ASN_PARTICIPATION_ENABLED", default=False)
ASN_MONTHLY_TARGET = env.int("ASN_MONTHLY_TARGET", default=100_000)
