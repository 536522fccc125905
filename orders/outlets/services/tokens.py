"""POS API tokens: one secret per client of one outlet, shown once and stored hashed.

A token reads ``ovop_pos_<prefix>_<secret>``: the prefix finds the row, the
secret is compared with its SHA-256 (a random 32-byte secret needs no slow
hash). Each token acts as its own service user with no roles, so every
question the access policy asks about it ends at its outlet and scopes.
"""

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import StockLocation
from shop.models import User
from shop.service_clients import ServiceClientThrottled

from ..errors import OutletErrorCode as Code
from ..models import ApiToken
from .common import field_error, require_outlet, require_outlet_manager

TOKEN_PREFIX = "ovop_pos_"
# Recording the last use is a write; once a minute per token is enough to see it is alive.
LAST_USE_RESOLUTION = timedelta(minutes=1)


class TokenThrottled(ServiceClientThrottled):
    """The token sent more requests this minute than ``POS_TOKEN_REQUESTS_PER_MINUTE``."""


@dataclass(frozen=True)
class IssuedApiToken:
    api_token: ApiToken
    token: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    user,
    location: StockLocation,
    name: str,
    scopes: list[str] | None = None,
    expires_at: datetime | None = None,
) -> IssuedApiToken:
    """Issue a POS token for one outlet; the clear token is only in this answer."""
    require_outlet_manager(user)
    require_outlet(location)
    name = (name or "").strip()
    if not name:
        raise field_error("name", _("Nama wajib diisi."), Code.REQUIRED)
    if len(name) > 100:
        raise field_error("name", _("Nama paling panjang 100 karakter."), Code.INVALID)
    scopes = sorted(set(scopes or ApiToken.Scope.values))
    if not scopes or any(s not in ApiToken.Scope.values for s in scopes):
        raise field_error("scopes", _("Cakupan harus stock dan/atau sales."), Code.INVALID)
    if expires_at is not None and expires_at <= timezone.now():
        raise field_error("expiresAt", _("Tanggal kedaluwarsa harus di masa depan."), Code.INVALID)
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    service_user = User.objects.create_user(
        email=f"pos-{uuid.uuid4().hex}@token.ovop.invalid", password=None
    )
    api_token = ApiToken.objects.create(
        location=location,
        user=service_user,
        name=name,
        prefix=prefix,
        key_hash=_digest(secret),
        scopes=scopes,
        created_by=user,
        expires_at=expires_at,
    )
    return IssuedApiToken(api_token=api_token, token=f"{TOKEN_PREFIX}{prefix}_{secret}")


@transaction.atomic
def api_token_revoke(*, user, api_token: ApiToken) -> ApiToken:
    """Stop a token at once (its next request answers 401); revoking twice is refused."""
    require_outlet_manager(user)
    api_token = ApiToken.objects.select_for_update().get(pk=api_token.pk)
    if api_token.revoked_at is not None:
        raise field_error("id", _("Token ini sudah dicabut."), Code.ALREADY_REVOKED)
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    User.objects.filter(pk=api_token.user_id).update(is_active=False)
    return api_token


def api_token_authenticate(*, token: str, client_ip: str | None = None) -> User | None:
    """The service user of a valid token, or None (unknown, wrong, revoked or expired)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, secret = token[len(TOKEN_PREFIX) :].partition("_")
    if not prefix or not secret:
        return None
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if api_token is None or not hmac.compare_digest(api_token.key_hash, _digest(secret)):
        return None
    now = timezone.now()
    if api_token.expires_at is not None and api_token.expires_at <= now:
        return None
    if not api_token.user.is_active:
        return None
    _throttle(api_token, now)
    last = api_token.last_used_at
    if last is None or now - last >= LAST_USE_RESOLUTION or api_token.last_used_ip != client_ip:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now, last_used_ip=client_ip)
    user = api_token.user
    user.api_token = api_token  # the access policy reads the scope without another query
    return user


def _throttle(api_token: ApiToken, now: datetime) -> None:
    """Count the token's requests per clock minute (in the shared cache); refuse the excess."""
    limit = getattr(settings, "POS_TOKEN_REQUESTS_PER_MINUTE", 120)
    key = f"pos-token-rate:{api_token.prefix}:{now:%Y%m%d%H%M}"
    if cache.add(key, 1, timeout=90):
        return
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=90)
        return
    if used > limit:
        raise TokenThrottled(api_token.prefix)
