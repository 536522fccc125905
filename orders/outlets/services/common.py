"""Helpers every outlets service uses."""

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.models import StockLocation
from shop.access import Access, require

from ..errors import OutletErrorCode

MAX_QUANTITY = 1_000_000  # units of one SKU at one place: more is a typo, not stock


def field_error(field: str | None, message: str, code: OutletErrorCode) -> ValidationError:
    """A ``ValidationError`` on one field (or the whole request) with an ``OutletErrorCode``."""
    if field is None:
        return ValidationError(message, code=code)
    return ValidationError({field: ValidationError(message, code=code)})


def body_hash(body: Any) -> str:
    """A stable fingerprint of a request body: the same body, the same hash."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def require_outlet(location: StockLocation) -> None:
    """Refuse a location that is not an offline outlet."""
    if location.kind != StockLocation.Kind.NTT_MART:
        raise field_error(
            "location", _("Lokasi ini bukan gerai luring."), OutletErrorCode.NOT_AN_OUTLET
        )


def require_outlet_manager(user) -> None:
    require(Access(user).may_manage_outlets(), _("Hanya petugas gerai Disperindag."))


def require_stock_access(user, location: StockLocation, *, scope: str) -> None:
    """Refuse a user (or POS token) that may not change this location's stock or sales."""
    require(
        Access(user).may_sync_stock_of(location, scope=scope),
        _("Token atau akun ini tidak berlaku untuk lokasi stok ini."),
    )
