"""What sold: the per-product counter behind the "Terlaris" (best selling) sort."""

from django.conf import settings
from django.db import connection

from catalog.search import product_index_later

from ..models import Product


def product_units_sold_add(*, quantities: dict[int, int]) -> None:
    """Add units sold per product id (negative: taken back by a cancel or refund).

    A counter kept with the order's own transaction, so sorting the catalogue by
    sales reads one column instead of summing order lines on every page view.
    One hand-written UPDATE over arrays for every product of a checkout (ids in key
    order, so two orders of the same products lock them in the same order); a counter
    never goes below zero.
    """
    changed = sorted(pk for pk, n in quantities.items() if n)
    if changed:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Product._meta.db_table} p"
                " SET units_sold = greatest(p.units_sold + v.n, 0)"
                " FROM unnest(%s::bigint[], %s::int[]) AS v(id, n) WHERE p.id = v.id",
                [changed, [quantities[pk] for pk in changed]],
            )
    if changed and getattr(settings, "ELASTICSEARCH_URL", ""):
        product_index_later(changed)  # the Elasticsearch documents carry the count
