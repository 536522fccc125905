"""What sold: the per-product counter behind the "Terlaris" (best selling) sort."""

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Greatest

from catalog.search import product_index_later

from ..models import Product


def product_units_sold_add(*, quantities: dict[int, int]) -> None:
    """Add units sold per product id (negative: taken back by a cancel or refund).

    A counter kept with the order's own transaction, so sorting the catalogue by
    sales reads one column instead of summing order lines on every page view.
    Rows are updated in id order (no deadlock between two orders of the same
    products) and never go below zero.
    """
    changed = sorted(pk for pk, n in quantities.items() if n)
    for pk in changed:
        Product.objects.filter(pk=pk).update(
            units_sold=Greatest(F("units_sold") + quantities[pk], 0)
        )
    if changed and getattr(settings, "ELASTICSEARCH_URL", ""):
        product_index_later(changed)  # the Elasticsearch documents carry the count
