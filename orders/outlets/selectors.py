"""Outlet reads: the staff page's shelf, deliveries and day, and what outlets owe a lembaga."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Stock, StockLocation, StockMovement
from orders.models import Order
from orders.selectors import PAYOUT_STATUSES
from shop.access import Access

from .models import OfflineReceipt, OutletAssortment, OutletDelivery, Terms


def outlets_for_user(*, user) -> QuerySet[StockLocation]:
    """Outlets the user may run: all for Disperindag staff, else their linked ones."""
    access = Access(user)
    qs = StockLocation.objects.filter(kind=StockLocation.Kind.NTT_MART).select_related("regency")
    if access.may_manage_outlets():
        return qs.order_by("name")
    return qs.filter(pk__in=access.operated_outlets).order_by("name")


def outlet_stock_rows(*, location: StockLocation) -> QuerySet[OutletAssortment]:
    """What the outlet carries, on which terms, and how many units sit on its shelf."""
    return (
        OutletAssortment.objects.filter(location=location)
        .select_related("variant__product__seller")
        .annotate(
            on_shelf=Coalesce(
                Sum("variant__stocks__quantity", filter=Q(variant__stocks__location=location)), 0
            )
        )
        .order_by("variant__product__seller__name", "variant__sku")
    )


def outlet_deliveries(*, location: StockLocation, limit: int = 20) -> QuerySet[OutletDelivery]:
    return (
        OutletDelivery.objects.filter(location=location)
        .select_related("seller", "received_by")
        .annotate(units=Coalesce(Sum("lines__quantity"), 0))
        .order_by("-received_at")[:limit]
    )


def day_bounds(day) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


@dataclass
class OutletDay:
    receipts: list[OfflineReceipt]
    count: int
    total: int


def outlet_sales_of_day(*, location: StockLocation, day=None) -> OutletDay:
    """The receipts of one day (WITA) at the outlet, voided ones shown but not summed."""
    start, end = day_bounds(day or timezone.localdate())
    receipts = list(
        OfflineReceipt.objects.filter(location=location, sold_at__gte=start, sold_at__lt=end)
        .annotate(units=Coalesce(Sum("lines__quantity"), 0))
        .order_by("-sold_at")
    )
    kept = [r for r in receipts if r.voided_at is None]
    return OutletDay(receipts=receipts, count=len(kept), total=sum(r.total for r in kept))


@dataclass
class OutletStatement:
    outlet: StockLocation
    consignment_units: int
    outright_units: int
    consignment_sales: int
    consignment_owed: int
    outright_owed: int

    @property
    def owed(self) -> int:
        return self.consignment_owed + self.outright_owed


def seller_outlet_statements(*, seller) -> list[OutletStatement]:
    """Per outlet: the lembaga's units still there on consignment, and what it is owed.

    Consignment: what the receipts sold, less the outlet's margin. Outright:
    the purchase price of the goods delivered. Cancelled (voided) orders drop out.
    """
    orders = (
        Order.objects.filter(
            seller=seller, channel=Order.Channel.OFFLINE, status__in=PAYOUT_STATUSES
        )
        .values("outlet_id", "payment__gateway")
        .annotate(total=Sum("total"), payout=Sum("seller_payout"), n=Count("pk"))
    )
    money: dict[int, dict[str, tuple[int, int]]] = {}
    for row in orders:
        kind = "outright" if row["payment__gateway"] == "OUTLET_PURCHASE" else "consignment"
        total, payout = money.setdefault(row["outlet_id"], {}).get(kind, (0, 0))
        money[row["outlet_id"]][kind] = (total + row["total"], payout + row["payout"])
    units = (
        Stock.objects.filter(
            location__kind=StockLocation.Kind.NTT_MART, variant__product__seller=seller
        )
        .values("location_id", "variant__outlet_assortment__terms")
        .filter(variant__outlet_assortment__location_id=F("location_id"))
        .annotate(n=Sum("quantity"))
    )
    shelf: dict[int, dict[str, int]] = {}
    for row in units:
        shelf.setdefault(row["location_id"], {})[row["variant__outlet_assortment__terms"]] = row[
            "n"
        ]
    ids = set(money) | set(shelf)
    outlets = StockLocation.objects.filter(pk__in=ids).select_related("regency").order_by("name")
    return [
        OutletStatement(
            outlet=o,
            consignment_units=shelf.get(o.pk, {}).get(Terms.CONSIGNMENT, 0),
            outright_units=shelf.get(o.pk, {}).get(Terms.OUTRIGHT, 0),
            consignment_sales=money.get(o.pk, {}).get("consignment", (0, 0))[0],
            consignment_owed=money.get(o.pk, {}).get("consignment", (0, 0))[1],
            outright_owed=money.get(o.pk, {}).get("outright", (0, 0))[1],
        )
        for o in outlets
    ]


@dataclass
class OpnameRow:
    stock: Stock
    counted_at: datetime | None
    system_before: int | None
    counted: int | None
    difference: int
    difference_value: int
    movements: list
    oversold: int = 0  # units receipts sold beyond the shelf since the last count


def outlet_opname_rows(*, location: StockLocation, ledger_rows: int = 5) -> list[OpnameRow]:
    """Per SKU: the last count against what the system held then, in units and rupiah,
    with the ledger rows behind the stock (newest first). Three queries for any size."""
    stocks = list(
        Stock.objects.filter(location=location)
        .select_related("variant__product")
        .order_by("variant__sku")
    )
    counts: dict[int, StockMovement] = {}
    for move in StockMovement.objects.filter(
        stock__location=location, reason=StockMovement.Reason.COUNT
    ).order_by("stock_id", "-created_at", "-pk"):
        counts.setdefault(move.stock_id, move)
    recent: dict[int, list[StockMovement]] = {}
    for move in (
        StockMovement.objects.filter(stock__location=location)
        .select_related("actor")
        .order_by("-created_at", "-pk")[: max(1, len(stocks)) * ledger_rows]
    ):
        rows = recent.setdefault(move.stock_id, [])
        if len(rows) < ledger_rows:
            rows.append(move)
    oversold: list[tuple] = list(
        OfflineReceipt.objects.filter(location=location, voided_at__isnull=True)
        .exclude(oversold={})
        .values_list("sold_at", "oversold")
    )
    result = []
    for stock in stocks:
        count = counts.get(stock.pk)
        delta = count.delta if count else 0
        result.append(
            OpnameRow(
                stock=stock,
                counted_at=stock.counted_at or (count.created_at if count else None),
                system_before=(count.quantity_after - count.delta) if count else None,
                counted=count.quantity_after if count else None,
                difference=delta,
                difference_value=delta * stock.variant.price,
                movements=recent.get(stock.pk, []),
                oversold=sum(
                    units.get(stock.variant.sku, 0)
                    for sold_at, units in oversold
                    if stock.counted_at is None or sold_at >= stock.counted_at
                ),
            )
        )
    return result
