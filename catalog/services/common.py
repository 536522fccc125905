"""Helpers every catalog service uses (public names: shared across modules)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sellers.models import Seller
from shop.access import Access, require

from ..errors import CatalogErrorCode


def field_error(field: str, message: str, code: CatalogErrorCode) -> ValidationError:
    """A ``ValidationError`` on one field with a ``CatalogErrorCode``."""
    return ValidationError({field: ValidationError(message, code=code)})


def require_manager(*, user, seller: Seller) -> None:
    """Refuse (``PermissionDenied``) a user who may not manage this lembaga's products."""
    require(
        Access(user).may_manage_seller(seller), _("Anda tidak dapat mengelola produk lembaga ini.")
    )
