"""What sold: the per-product counter behind the "Terlaris" (best selling) sort."""

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.db.models.functions import Greatest

from catalog.search import product_index_later
from shop import rows

from ..models import Product


def product_units_sold_add(*, quantities: dict[int, int]) -> None:
    """Add units sold per product id (negative: taken back by a cancel or refund).

    A counter kept with the order's own transaction, so sorting the catalogue by
    sales reads one column instead of summing order lines on every page view.
    One hand-written UPDATE over arrays for every product of a checkout (ids in key
    order, so two orders of the same products lock them in the same order); a counter
    never goes below zero.
    """
    statement = product_units_sold_statement(quantities=quantities)
    if statement is None:  # nothing moved
        return
    if not rows.is_postgres():  # SQLite, `make run`'s default
        for pk, n in quantities.items():
            if n:
                Product.objects.filter(pk=pk).update(units_sold=Greatest(F("units_sold") + n, 0))
        return
    with connection.cursor() as cursor:
        cursor.execute(*statement)


def product_units_sold_statement(
    *, quantities: dict[int, int], after: str = ""
) -> tuple[str, list] | None:
    """``product_units_sold_add``'s UPDATE and its parameters (None: nothing to add), for
    a caller that sends it inside its own statement, as a data-modifying WITH query.

    ``after``: the name of another WITH query of that statement, joined in, so that no
    counter row is locked before that query's rows are (a checkout numbers its orders
    first: stock, number row, sales counters is the lock order of every path). Queues
    the Elasticsearch re-index, as ``product_units_sold_add`` does.
    """
    changed = sorted(pk for pk, n in quantities.items() if n)
    if not changed:
        return None
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        product_index_later(changed)  # the Elasticsearch documents carry the count
    joined = f", {after}" if after else ""
    sql = (
        f"UPDATE {Product._meta.db_table} p SET units_sold = greatest(p.units_sold + v.n, 0)"
        f" FROM unnest(%s::bigint[], %s::int[]) AS v(id, n){joined} WHERE p.id = v.id"
    )
    return sql, [changed, [quantities[pk] for pk in changed]]
