"""Production settings for the load test: everything as deployed (DEBUG off, Redis
cache and sessions' cookies, manifest static files, JSON logs) except what a load test
on loopback needs: the DUMMY gateway (checkout without a card) and plain HTTP (no TLS
proxy in front, so no HTTPS redirect and no Secure-only cookies).

Used by ``bench/load_test.py`` only; never deploy it.
"""

import os

# production.py refuses DUMMY at import: import it with the real gateways, then add DUMMY.
os.environ["PAYMENT_GATEWAYS"] = "COD,BANK_TRANSFER"

from config.settings.production import *  # noqa: F403

PAYMENT_GATEWAYS = ["DUMMY", "COD", "BANK_TRANSFER"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
