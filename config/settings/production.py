"""Production: refuses to start without a real secret key or with the dummy gateway."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CACHE_URL,
    LOGGING,
    PAYMENT_GATEWAYS,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    env,
)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY.startswith("dev-") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production."
    )
_gateways = {g.strip().upper() for g in PAYMENT_GATEWAYS}
if "DUMMY" in _gateways:
    raise ImproperlyConfigured("The DUMMY payment gateway is not allowed in production.")
if "STRIPE" in _gateways and not (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET):
    raise ImproperlyConfigured(
        "The STRIPE gateway needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET in production."
    )
# Personal data keys of their own: derived from SECRET_KEY (the development default),
# a rotated SECRET_KEY would make every encrypted NIP unreadable.
_personal_keys = env.list("PERSONAL_DATA_KEYS", default=[])
_digest_key = env("PERSONAL_DATA_DIGEST_KEY", default="")
if not _personal_keys or len(_digest_key) < 32:
    raise ImproperlyConfigured(
        "PERSONAL_DATA_KEYS (Fernet keys) and PERSONAL_DATA_DIGEST_KEY (32+ random "
        "characters) must be set in production."
    )
for _key in _personal_keys:
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "Each key of PERSONAL_DATA_KEYS must be a Fernet key (Fernet.generate_key())."
        ) from None
PERSONAL_DATA_KEYS = _personal_keys
PERSONAL_DATA_DIGEST_KEY = _digest_key
if not CACHE_URL:
    # Sign-in rate limits and other counters must be shared by every worker process.
    raise ImproperlyConfigured("CACHE_URL (Redis) must be set in production.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer and the orchestrator probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One JSON object per line on stderr, for the log collector: time, level, logger,
# message, the request id (shop/request_id.py) and any ``extra`` fields.
LOGGING = {
    **LOGGING,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "request_id", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
            "json_ensure_ascii": False,
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
}

# GraphQL hardening (issue #10): the schema is public in SDL; live introspection is off.
GRAPHQL_INTROSPECTION = env.bool("GRAPHQL_INTROSPECTION", default=False)
