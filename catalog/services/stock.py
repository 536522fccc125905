"""Stock of a seller's own location, with the ledger."""

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.search import product_index_later
from sellers.models import Seller

from ..errors import CatalogErrorCode
from ..models import (
    ProductVariant,
    Stock,
    StockLocation,
    StockMovement,
)
from .common import field_error, require_manager


def stock_location_ensure_for_seller(*, seller: Seller) -> StockLocation:
    """Answer the seller's own SELLER location, creating it once (when it becomes ACTIVE)."""
    location = (
        StockLocation.objects.filter(seller=seller, kind=StockLocation.Kind.SELLER)
        .order_by("pk")
        .first()
    )
    if location is None:
        location = StockLocation.objects.create(
            seller=seller,
            kind=StockLocation.Kind.SELLER,
            name=seller.name[:150],
            regency_id=seller.regency_code,
            address=seller.address,
        )
    return location


@transaction.atomic
def stock_set(
    *,
    user,
    variant: ProductVariant,
    quantity: int,
    reason: str = StockMovement.Reason.COUNT,
    note: str = "",
) -> Stock:
    """Set the units of a variant in its seller's own location, writing the ledger row."""
    seller = variant.product.seller
    require_manager(user=user, seller=seller)
    if quantity is None or quantity < 0:
        raise field_error("quantity", _("Stok tidak boleh negatif."), CatalogErrorCode.NEGATIVE)
    if reason not in StockMovement.Reason.values:
        raise field_error("reason", _("Alasan tidak dikenal."), CatalogErrorCode.INVALID)
    location = stock_location_ensure_for_seller(seller=seller)
    stock, _created = Stock.objects.get_or_create(variant=variant, location=location)
    stock = Stock.objects.select_for_update().get(pk=stock.pk)
    if quantity < stock.quantity_reserved:
        raise field_error(
            "quantity",
            _("Stok tidak boleh kurang dari jumlah yang sedang dipesan (%(n)s).")
            % {"n": stock.quantity_reserved},
            CatalogErrorCode.BELOW_RESERVED,
        )
    delta = quantity - stock.quantity
    if delta:
        stock.quantity = quantity
        stock.save(update_fields=["quantity", "updated_at"])
        StockMovement.objects.create(
            stock=stock,
            delta=delta,
            quantity_after=quantity,
            reason=reason,
            actor=user if getattr(user, "is_authenticated", False) else None,
            note=(note or "")[:255],
        )
        product_index_later([variant.product_id])
    return stock
