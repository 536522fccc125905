"""Helpers every catalog service uses."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sellers.models import Seller
from shop.access import Access, require

from ..errors import CatalogErrorCode


def _field_error(field: str, message: str, code: CatalogErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _require_manager(*, user, seller: Seller) -> None:
    require(
        Access(user).may_manage_seller(seller), _("Anda tidak dapat mengelola produk lembaga ini.")
    )
