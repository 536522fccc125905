"""Signed access and refresh tokens (JWT, HS256) for API clients.

An access token lives minutes, a refresh token weeks. Every token carries the
user's ``token_version``: raising it (password change, deactivation,
``tokensDeactivateAll``) revokes every token at once. A refresh token also
belongs to a ``RefreshTokenFamily`` (one per sign-in) and names its ``jti``:
each use answers a new refresh token, and the family accepts only the newest,
so a refresh token works once and a copied one gives itself away.
"""

import datetime as dt
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, Literal

import jwt
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from .models import RefreshTokenFamily, User

TokenKind = Literal["access", "refresh"]
ALGORITHM = "HS256"

logger = logging.getLogger(__name__)


class TokenError(Exception):
    """The token is malformed, expired, revoked or of the wrong kind."""


@dataclass(frozen=True)
class IssuedTokens:
    user: User
    token: str
    refresh_token: str


def _encode(*, user: User, kind: TokenKind, ttl: int, **claims: Any) -> str:
    now = timezone.now()
    payload = {
        "sub": str(user.pk),
        "type": kind,
        "ver": user.token_version,
        "iat": now,
        "exp": now + dt.timedelta(seconds=ttl),
        **claims,
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def _access(*, user: User, family: RefreshTokenFamily | None) -> str:
    claims = {"fam": str(family.pk)} if family is not None else {}
    return _encode(user=user, kind="access", ttl=settings.JWT_ACCESS_TTL_SECONDS, **claims)


def _refresh(*, user: User, family: RefreshTokenFamily) -> str:
    return _encode(
        user=user,
        kind="refresh",
        ttl=settings.JWT_REFRESH_TTL_SECONDS,
        fam=str(family.pk),
        jti=family.current_jti,
    )


def token_pair_issue(*, user: User) -> IssuedTokens:
    """Start a new token family (one sign-in) and answer its access and refresh token."""
    family = RefreshTokenFamily.objects.create(user=user, current_jti=secrets.token_hex(16))
    return IssuedTokens(
        user=user,
        token=_access(user=user, family=family),
        refresh_token=_refresh(user=user, family=family),
    )


def token_issue(*, user: User, kind: TokenKind) -> str:
    """One token; a refresh token starts its own family (scripts and tests use this)."""
    if kind == "access":
        return _access(user=user, family=None)
    return token_pair_issue(user=user).refresh_token


def _decode(token: str, *, kind: TokenKind) -> dict[str, Any]:
    try:
        payload = jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.PyJWTError as exc:
        raise TokenError(str(exc)) from exc
    if payload.get("type") != kind:
        raise TokenError("wrong token type")
    sub, ver = payload.get("sub"), payload.get("ver")
    if not (isinstance(sub, str) and sub.isdigit()) or not isinstance(ver, int):
        raise TokenError("malformed token")
    family = payload.get("fam")
    if family is not None or kind == "refresh":
        try:
            payload["fam"] = uuid.UUID(str(family))
        except ValueError as exc:
            raise TokenError("malformed token") from exc
    if kind == "refresh" and not isinstance(payload.get("jti"), str):
        raise TokenError("malformed token")
    return payload


def token_user(*, token: str, kind: Literal["access"] = "access") -> User:
    """Return the active user a valid access token belongs to.

    One query: the user must be active, still at the token's version, and the
    token's family (if it has one) not revoked.
    """
    payload = _decode(token, kind=kind)
    users = User.objects.filter(pk=payload["sub"], is_active=True, token_version=payload["ver"])
    if payload.get("fam") is not None:
        users = users.filter(
            Exists(
                RefreshTokenFamily.objects.filter(
                    pk=payload["fam"], user=OuterRef("pk"), revoked_at__isnull=True
                )
            )
        )
    user = users.first()
    if user is None:
        raise TokenError("token revoked")
    return user


def refresh_token_rotate(*, token: str) -> IssuedTokens:
    """Spend a refresh token: answer a new access and refresh token of the same family.

    A refresh token that is valid but no longer the family's newest was used
    before: the family is revoked (and stays revoked) and the call fails.
    """
    payload = _decode(token, kind="refresh")
    reused = False
    with transaction.atomic():
        family = (
            RefreshTokenFamily.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=payload["fam"], user_id=payload["sub"])
            .first()
        )
        if family is None or family.revoked_at is not None:
            raise TokenError("token revoked")
        user = family.user
        if not user.is_active or user.token_version != payload["ver"]:
            raise TokenError("token revoked")
        if not secrets.compare_digest(family.current_jti, payload["jti"]):
            family.revoked_at = timezone.now()
            family.save(update_fields=["revoked_at"])
            reused = True
        else:
            family.current_jti = secrets.token_hex(16)
            family.rotated_at = timezone.now()
            family.save(update_fields=["current_jti", "rotated_at"])
    if reused:
        logger.warning("Refresh token reused: family %s of user %s revoked", family.pk, user.pk)
        raise TokenError("refresh token reused")
    return IssuedTokens(
        user=user,
        token=_access(user=user, family=family),
        refresh_token=_refresh(user=user, family=family),
    )


def user_tokens_revoke(*, user: User) -> None:
    """Raise the user's token version and close their families: every token stops working."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
        RefreshTokenFamily.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    user.refresh_from_db(fields=["token_version"])


def token_families_purge(*, now: dt.datetime | None = None) -> int:
    """Delete families whose newest refresh token has expired; answers how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.JWT_REFRESH_TTL_SECONDS)
    deleted, _ = RefreshTokenFamily.objects.filter(rotated_at__lt=cutoff).delete()
    return deleted
