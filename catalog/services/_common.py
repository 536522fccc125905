"""Helpers every catalog service uses."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from sellers.models import Seller
from sellers.selectors import seller_user_can_manage

from ..errors import CatalogErrorCode


def _field_error(field: str, message: str, code: CatalogErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _require_manager(*, user, seller: Seller) -> None:
    if not seller_user_can_manage(user=user, seller=seller):
        raise PermissionDenied(_("Anda tidak dapat mengelola produk lembaga ini."))
