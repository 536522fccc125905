"""Signed access and refresh tokens (JWT, HS256) for API clients.

An access token lives minutes, a refresh token weeks. Both carry the user's
``jwt_token_key``: rotating it (password change, "sign out everywhere")
revokes every token at once without a token table.
"""

import datetime as dt
from typing import Literal

import jwt
from django.conf import settings
from django.utils import timezone

from .models import User

TokenKind = Literal["access", "refresh"]
ALGORITHM = "HS256"


class TokenError(Exception):
    """The token is malformed, expired, revoked or of the wrong kind."""


def token_issue(*, user: User, kind: TokenKind) -> str:
    ttl = settings.JWT_ACCESS_TTL_SECONDS if kind == "access" else settings.JWT_REFRESH_TTL_SECONDS
    now = timezone.now()
    payload = {
        "sub": str(user.pk),
        "email": user.email,
        "type": kind,
        "key": user.jwt_token_key,
        "iat": now,
        "exp": now + dt.timedelta(seconds=ttl),
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=ALGORITHM)


def token_user(*, token: str, kind: TokenKind) -> User:
    """Return the active user a valid token of ``kind`` belongs to."""
    try:
        payload = jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.PyJWTError as exc:
        raise TokenError(str(exc)) from exc
    if payload.get("type") != kind:
        raise TokenError("wrong token type")
    user = User.objects.filter(pk=payload.get("sub"), is_active=True).first()
    if user is None or user.jwt_token_key != payload.get("key"):
        raise TokenError("token revoked")
    return user
