"""Turn orders into sales facts, idempotently: an order's rows are replaced whole.

What an order contributes (``order_facts``):

- nothing while it is unpaid, and nothing once cancelled or refunded in full;
- otherwise its goods, dated the day it was paid (WITA), one row per
  product, with money kept in the proportion the buyer did not get back:
  a partial refund of ``R`` on an order of total ``T`` keeps
  ``M - round(M * R / T)`` of each money figure ``M`` (GMV, discounts, the
  lembaga's net), spread over the products in whole rupiah that add up
  exactly (``split_proportionally``).

GMV is the goods at their selling price (before discounts, without
shipping); ``seller_net`` is what reaches the lembaga for the goods
(``seller_payout - shipping_total``: after seller-funded discounts and the
platform's commission). The lembaga's desa, kecamatan, kabupaten and zone
are kept from the order's earlier rows when it is refreshed, so a lembaga
that moves zone later does not move its past sales.
"""

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone

from orders.models import Order, OrderLine
from shop.rows import is_postgres

from .models import Channel, Destination, SalesFact

CHUNK = 1000
FACTS_LOCK_KEY = 530_713  # any constant; one lock for every fact writer
COUNTED_STATUSES = frozenset(
    {
        Order.Status.PAID,
        Order.Status.PROCESSING,
        Order.Status.SHIPPED,
        Order.Status.DELIVERED,
        Order.Status.COMPLETED,
    }
)


def split_proportionally(amount: int, weights: Sequence[int]) -> list[int]:
    """Share ``amount`` rupiah over ``weights`` in whole rupiah that sum to ``amount`` exactly.

    Largest remainder: each share is floored, then the rupiah left over go one
    each to the largest remainders (earliest first on a tie). All-zero weights
    share equally. Works for negative amounts too (the shares mirror).
    """
    if not weights:
        if amount:
            raise ValueError("cannot split a non-zero amount over no weights")
        return []
    if amount < 0:
        return [-share for share in split_proportionally(-amount, weights)]
    total = sum(weights)
    if total <= 0:
        weights, total = [1] * len(weights), len(weights)
    shares = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    left = amount - sum(shares)
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        shares[index] += 1
    return shares


def kept(amount: int, *, refunded: int, total: int) -> int:
    """What stays of ``amount`` after ``refunded`` of an order's ``total`` went back
    (the refund's share rounded half up)."""
    if total <= 0 or refunded <= 0:
        return amount
    return amount - (2 * amount * refunded + total) // (2 * total)


def buyer_key(email: str) -> str:
    """A digest that recognises a returning buyer without keeping their e-mail."""
    return hashlib.sha1(email.strip().lower().encode(), usedforsecurity=False).hexdigest()


def order_channel(order) -> str:
    """Where the sale happened: online, or the channel of the outlet an offline order
    came from (a till receipt on consignment, or an outright delivery to the outlet)."""
    if getattr(order, "channel", "") == "OFFLINE":
        channel = getattr(order, "outlet__channel", "") or Channel.NTT_MART
        return channel if channel in Channel.values else Channel.NTT_MART
    return Channel.ONLINE


def order_destination(order, *, seller_regency_id: str) -> str:
    """The buyer's place relative to the lembaga; pickups and counter sales stay local."""
    if order.ship_village_id:
        regency = order.ship_regency_id or order.ship_village_id[:5]
        return Destination.SAME_REGENCY if regency == seller_regency_id else Destination.NTT
    if order.ship_city or order.ship_province:
        country = (getattr(order, "ship_country", "") or "ID").upper()
        return Destination.OUTSIDE_NTT if country == "ID" else Destination.ABROAD
    return Destination.SAME_REGENCY


def order_discounts(order) -> tuple[int, int]:
    """(government-funded, seller-funded) discount of the order.

    Campaigns funded by the government (promotions) record their share on the
    order as ``discount_government``; until then every discount is the seller's.
    """
    government = min(int(getattr(order, "discount_government", 0) or 0), order.discount_total)
    return government, order.discount_total - government


def order_counts(order) -> bool:
    """Whether the order is a sale now: paid, neither cancelled nor refunded in full."""
    if not order.paid_at or order.status not in COUNTED_STATUSES:
        return False
    return not (order.total > 0 and order.refunded_amount >= order.total)


@dataclass(frozen=True)
class Place:
    """Where the lembaga was when it sold (the snapshot kept with the facts)."""

    village_id: str
    district_id: str
    regency_id: str
    zone_id: int | None


# The order's own columns the facts read; later columns (offline ``channel``, the buyer's
# ``ship_country``, campaigns' ``campaign_id`` and ``discount_government``) are read as
# soon as the orders app has them.
ORDER_COLUMNS = (
    "id",
    "seller_id",
    "status",
    "email",
    "paid_at",
    "ship_village_id",
    "ship_regency_id",
    "ship_city",
    "ship_province",
    "subtotal",
    "shipping_total",
    "discount_total",
    "total",
    "seller_payout",
    "refunded_amount",
    "channel",
    "outlet__channel",
    "ship_country",
    "campaign_id",
    "discount_government",
)
PLACE_COLUMNS = {
    "seller__village_id": "village_id",
    "seller__village__district_id": "district_id",
    "seller__village__district__regency_id": "regency_id",
    "seller__zone_id": "zone_id",
}
LINE_COLUMNS = {
    "id": "id",
    "order_id": "order_id",
    "quantity": "quantity",
    "total": "total",
    "variant__product_id": "product_id",
    "variant__product__category_id": "category_id",
    "variant__product__origin_village_id": "origin_village_id",
    "campaign_id": "campaign_id",
}


def present(model, names) -> list[str]:
    """The names a model has (a lookup counts when its first part is a field)."""
    fields = {f.name for f in model._meta.get_fields()} | {
        f.attname for f in model._meta.concrete_fields
    }
    return [name for name in names if name.split("__")[0] in fields]


def orders_for_facts(order_ids: Sequence[int]) -> list[SimpleNamespace]:
    """The orders as plain rows (cheap to load by the thousand), each with its ``lines``
    and its lembaga's ``place`` now."""
    lines: dict[int, list[SimpleNamespace]] = {}
    line_columns = present(OrderLine, LINE_COLUMNS)
    for row in (
        OrderLine.objects.filter(order_id__in=order_ids).order_by("pk").values(*line_columns)
    ):
        line = SimpleNamespace(**{LINE_COLUMNS[k]: v for k, v in row.items()})
        lines.setdefault(line.order_id, []).append(line)
    result = []
    columns = present(Order, ORDER_COLUMNS)
    for row in (
        Order.objects.filter(pk__in=order_ids).order_by("pk").values(*columns, *PLACE_COLUMNS)
    ):
        place = Place(**{PLACE_COLUMNS[k]: row.pop(k) for k in PLACE_COLUMNS})
        order = SimpleNamespace(**row, place=place, lines=lines.get(row["id"], []))
        result.append(order)
    return result


def order_facts(order, *, place: Place | None = None) -> list[dict]:
    """The fact rows (column -> value) of one order now (see the module docstring); []
    when it is no sale.

    ``order`` is a row of ``orders_for_facts``; ``place`` the snapshot kept
    from its earlier facts, if any.
    """
    if not order_counts(order) or not order.lines:
        return []
    place = place or order.place
    refunded, total = min(order.refunded_amount, order.total), order.total
    government, seller_discount = order_discounts(order)
    money = {
        "gmv": order.subtotal,
        "discount_government": government,
        "discount_seller": seller_discount,
        "seller_net": order.seller_payout - order.shipping_total,
    }
    by_product: dict[int, dict] = {}
    for line in order.lines:
        key = line.product_id if line.product_id is not None else -line.id
        row = by_product.setdefault(
            key,
            {
                "line": line,
                "weight": 0,
                "units": 0,
                "campaign_id": getattr(line, "campaign_id", None)
                or getattr(order, "campaign_id", None),
            },
        )
        row["weight"] += line.total
        row["units"] += line.quantity
    rows = list(by_product.values())
    weights = [row["weight"] for row in rows]
    shares = {
        name: split_proportionally(kept(amount, refunded=refunded, total=total), weights)
        for name, amount in money.items()
    }
    common = {
        "order_id": order.id,
        "day": timezone.localdate(order.paid_at),
        "seller_id": order.seller_id,
        "village_id": place.village_id,
        "district_id": place.district_id,
        "regency_id": place.regency_id,
        "zone_id": place.zone_id,
        "channel": order_channel(order),
        "destination": order_destination(order, seller_regency_id=place.regency_id),
        "buyer_key": buyer_key(order.email) if order.email else "",
    }
    facts = []
    for index, row in enumerate(rows):
        line = row["line"]
        facts.append(
            {
                **common,
                "product_id": line.product_id,
                "category_id": line.category_id,
                "origin_village_id": line.origin_village_id,
                "campaign_id": row["campaign_id"],
                "units": row["units"],
                "orders": 1 if index == 0 else 0,
                **{name: values[index] for name, values in shares.items()},
            }
        )
    return facts


FACT_COLUMNS = (
    "order_id",
    "day",
    "seller_id",
    "product_id",
    "category_id",
    "origin_village_id",
    "village_id",
    "district_id",
    "regency_id",
    "zone_id",
    "channel",
    "campaign_id",
    "destination",
    "buyer_key",
    "gmv",
    "units",
    "orders",
    "discount_government",
    "discount_seller",
    "seller_net",
)


def facts_write(rows: list[dict]) -> None:
    """Insert fact rows: PostgreSQL's COPY (a rebuild writes millions), else bulk_create."""
    if not rows:
        return
    if not is_postgres():
        SalesFact.objects.bulk_create([SalesFact(**row) for row in rows], batch_size=2000)
        return
    table = SalesFact._meta.db_table
    sql = f"COPY {table} ({', '.join(FACT_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(tuple(row[column] for column in FACT_COLUMNS))


def facts_lock(order_ids: Sequence[int]) -> None:
    """Serialise refreshes of the same orders (two at once would both insert).

    PostgreSQL: one transaction-scoped advisory lock for all fact writers, far
    cheaper than locking thousands of order rows; other databases serialise
    writes themselves.
    """
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FACTS_LOCK_KEY])


def facts_refresh(*, order_ids: Iterable[int]) -> int:
    """Replace the facts of these orders by what they contribute now; answer the rows written.

    Safe to run twice or concurrently for the same order: the rows of a
    batch are deleted and written in one transaction under the facts lock,
    so the last run leaves exactly one set.
    """
    ids = sorted(set(order_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            facts_lock(chunk)
            places = facts_places(chunk)
            SalesFact.objects.filter(order_id__in=chunk).delete()
            facts = []
            for order in orders_for_facts(chunk):
                facts.extend(order_facts(order, place=places.get(order.id)))
            facts_write(facts)
            written += len(facts)
    return written


def facts_places(order_ids: Sequence[int]) -> dict[int, Place]:
    """The lembaga's place kept on the orders' existing facts (the snapshot at sale time)."""
    places = {}
    rows = SalesFact.objects.filter(order_id__in=order_ids).values_list(
        "order_id", "village_id", "district_id", "regency_id", "zone_id"
    )
    for order_id, village, district, regency, zone in rows:
        places[order_id] = Place(village, district, regency, zone)
    return places


def order_ids_in_range(*, start, end) -> list[int]:
    """Orders paid between two local dates (both included), and orders with facts there."""
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    paid = Order.objects.filter(paid_at__gte=begin, paid_at__lt=finish).values_list("pk", flat=True)
    stale = SalesFact.objects.filter(day__gte=start, day__lte=end).values_list(
        "order_id", flat=True
    )
    return sorted(set(paid) | set(stale))
