"""Development: the embedded default, DEBUG on unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# The demo shows the ASN participation (off by default in production).
ASN_PARTICIPATION_ENABLED = env.bool("ASN_PARTICIPATION_ENABLED", default=True)
