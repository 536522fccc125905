"""The buyer's wishlist: products saved for later."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shop.access import Access, require

from ..errors import CatalogErrorCode
from ..models import WishlistItem
from ..selectors import products_visible


def _require_buyer(user) -> None:
    require(
        Access(user).may_keep_buyer_lists(),
        _("Masuk terlebih dahulu untuk menyimpan produk."),
    )


def wishlist_add(*, user, product_id) -> WishlistItem:
    """Save a product the buyer may see; saving it twice keeps one entry."""
    _require_buyer(user)
    product = (
        products_visible(user=user).filter(pk=product_id).first()
        if str(product_id).isdigit()
        else None
    )
    if product is None:
        raise ValidationError(
            {
                "product": ValidationError(
                    _("Produk tidak ditemukan."), code=CatalogErrorCode.NOT_FOUND
                )
            }
        )
    existing = WishlistItem.objects.filter(user=user, product=product).first()
    if existing is not None:
        return existing
    limit = getattr(settings, "WISHLIST_LIMIT", 200)
    if WishlistItem.objects.filter(user=user).count() >= limit:
        raise ValidationError(
            _("Wishlist penuh (paling banyak %(n)s produk)."),
            code=CatalogErrorCode.INVALID,
            params={"n": limit},
        )
    try:
        with transaction.atomic():
            return WishlistItem.objects.create(user=user, product=product)
    except IntegrityError:  # saved at the same moment in another tab
        return WishlistItem.objects.get(user=user, product=product)


def wishlist_remove(*, user, product_id) -> None:
    """Take a product off the buyer's wishlist (nothing happens if it was not on it)."""
    _require_buyer(user)
    if str(product_id).isdigit():
        WishlistItem.objects.filter(user=user, product_id=int(product_id)).delete()
