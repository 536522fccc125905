"""Catalog reads shared by the storefront, search and checkout."""

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from sellers.models import Seller

from .models import Product, ProductVariant, Stock, StockLocation

# Units count towards online availability when they sit in one of the
# seller's own locations that sells online; NTT Mart shelves sell offline.
ONLINE_STOCK = Q(location__sells_online=True, location__kind=StockLocation.Kind.SELLER)


def products_visible() -> QuerySet[Product]:
    """Products a consumer may see: published, by an ACTIVE seller."""
    return Product.objects.filter(is_published=True, seller__status=Seller.Status.ACTIVE)


def variants_with_availability(
    qs: QuerySet[ProductVariant] | None = None,
) -> QuerySet[ProductVariant]:
    """Annotate ``quantity_available``: online stock minus reservations, never below 0."""
    qs = ProductVariant.objects.all() if qs is None else qs
    online = Stock.objects.filter(ONLINE_STOCK, variant=OuterRef("pk"))
    free = (
        online.values("variant").annotate(n=Sum(F("quantity") - F("quantity_reserved"))).values("n")
    )
    return qs.annotate(quantity_available=Coalesce(Subquery(free), 0))


def variant_quantity_available(variant_id: int) -> int:
    return (
        variants_with_availability(ProductVariant.objects.filter(pk=variant_id))
        .get()
        .quantity_available
    )


def products_in_stock(qs: QuerySet[Product] | None = None) -> QuerySet[Product]:
    """Products with at least one unit available online."""
    qs = products_visible() if qs is None else qs
    available = Stock.objects.filter(
        ONLINE_STOCK, variant__product=OuterRef("pk"), quantity__gt=F("quantity_reserved")
    )
    return qs.filter(Exists(available))
