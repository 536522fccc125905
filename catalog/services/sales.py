"""What sold: the per-product counter behind the "Terlaris" (best selling) sort."""

from django.conf import settings
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Greatest

from catalog.search import product_index_later

from ..models import Product


def product_units_sold_add(*, quantities: dict[int, int]) -> None:
    """Add units sold per product id (negative: taken back by a cancel or refund).

    A counter kept with the order's own transaction, so sorting the catalogue by
    sales reads one column instead of summing order lines on every page view.
    One UPDATE for every product of a checkout (PostgreSQL walks the primary-key
    index in key order, so two orders of the same products lock them in the same
    order); a counter never goes below zero.
    """
    changed = sorted(pk for pk, n in quantities.items() if n)
    if changed:
        added = Case(
            *(When(pk=pk, then=Value(quantities[pk])) for pk in changed),
            default=Value(0),
            output_field=IntegerField(),
        )
        Product.objects.filter(pk__in=changed).update(
            units_sold=Greatest(F("units_sold") + added, 0)
        )
    if changed and getattr(settings, "ELASTICSEARCH_URL", ""):
        product_index_later(changed)  # the Elasticsearch documents carry the count
