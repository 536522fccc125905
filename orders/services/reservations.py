"""Stock and discounts held for a checkout while it pays: reserve, check, release on expiry.

A ``StockReservation`` row per stock records what a checkout holds and until
when; the units themselves are counted on the ``Stock`` rows by
``catalog.reservations``, which locks them. Campaign budgets and voucher uses
are held alongside, with the same expiry, in promotions' ledger.
"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Stock
from catalog.reservations import InsufficientStock, Pick, stocks_reserve, stocks_unreserve
from promotions.models import Redemption
from promotions.offers import Outcome, campaigns_active
from promotions.services import checkout_discounts_hold, checkout_discounts_release
from sellers.models import District, Village
from shop import rows

from ..errors import CheckoutErrorCode as Code
from ..models import Checkout, CheckoutLine, Payment, StockReservation
from ..pricing import (
    CheckoutPrices,
    checkout_customer,
    checkout_prices_plain,
    has_earlier_orders,
    promotion_items,
)

# Stand-ins compiled into the locking query's facts, replaced by the real values per call.
_SOME_CHECKOUT = -530_000_001
_SOME_TIME = datetime(2000, 1, 1, tzinfo=UTC)


FACTS = (
    "has_payments",
    "has_reservations",
    "has_held_discounts",
    "has_earlier_orders",
    "has_campaigns",
)


def _facts(*, now: datetime) -> dict:
    """The ``FACTS`` read with the checkout's lock, as ORM expressions."""
    mine = {"checkout_id": OuterRef("pk")}
    return {
        "has_payments": Exists(Payment.objects.filter(**mine)),
        "has_reservations": Exists(StockReservation.objects.filter(**mine)),
        "has_held_discounts": Exists(
            Redemption.objects.filter(**mine, status=Redemption.Status.HELD)
        ),
        "has_earlier_orders": has_earlier_orders(),
        "has_campaigns": Exists(campaigns_active(now=now).filter(voucher_only=False)),
    }


@cache
def _lock_statement() -> tuple[str, tuple]:
    """The locking query of ``checkout_lock``, written once per process (``shop.rows``).

    Its facts (payments, reserved stock, held discounts, earlier orders, running
    campaigns) are the ORM's own expressions - ``campaigns_active`` and
    ``has_earlier_orders`` stay the one definition of each - compiled once around
    stand-in values and joined laterally to the locked row.
    """
    facts = (
        Checkout.objects.order_by()
        .filter(pk=_SOME_CHECKOUT)
        .annotate(**_facts(now=_SOME_TIME))
        .values(*FACTS)
    )
    facts_sql, facts_params = facts.query.sql_with_params()
    sql = f"""
        SELECT {rows.columns(Checkout, "c")}, {rows.columns(Village, "vi")},
               {rows.columns(District, "d")}, {", ".join(f"f.{name}" for name in FACTS)}
          FROM {Checkout._meta.db_table} c
          LEFT JOIN {Village._meta.db_table} vi ON vi.code = c.ship_village_id
          LEFT JOIN {District._meta.db_table} d ON d.code = vi.district_id
         CROSS JOIN LATERAL ({facts_sql}) f
         WHERE c.id = %s
           FOR UPDATE OF c"""
    return sql, tuple(facts_params)


def checkout_lock(*, checkout_id: int) -> Checkout:
    """The checkout locked ``FOR UPDATE`` (paying and completing run under this lock).

    The same query reads what the steps after it would otherwise ask one by one:
    the destination (village, district), and whether the checkout has payments,
    reserved stock, held discounts, whether its buyer ordered before, and whether any
    automatic campaign runs. Hand-written around the ORM's expressions (see
    ``_lock_statement``): compiling it cost more CPU than answering it.
    """
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`: one writer
        return _checkout_lock_plain(checkout_id)
    sql, facts_params = _lock_statement()
    now = timezone.now()
    params = [
        checkout_id if value == _SOME_CHECKOUT else now if value == _SOME_TIME else value
        for value in facts_params
    ]
    found = rows.fetch(sql, [*params, checkout_id])
    if not found:
        raise Checkout.DoesNotExist(f"no checkout {checkout_id}")
    row = found[0]
    checkout, at = rows.take(Checkout, row, 0)
    village, at = rows.take(Village, row, at)
    district, at = rows.take(District, row, at)
    if village is not None:
        village.district = district
        checkout.ship_village = village
    for name, value in zip(FACTS, row[at:], strict=True):
        setattr(checkout, name, value)
    return checkout


def _checkout_lock_plain(checkout_id: int) -> Checkout:
    """``checkout_lock`` through the ORM, unlocked (SQLite has one writer at a time)."""
    return (
        Checkout.objects.select_related("ship_village__district")
        .annotate(**_facts(now=timezone.now()))
        .get(pk=checkout_id)
    )


def _demands(prices: CheckoutPrices) -> dict[int, int]:
    wanted: dict[int, int] = defaultdict(int)
    for lp in prices.lines:
        wanted[lp.variant.pk] += lp.quantity
    return dict(wanted)


def _reserved(checkout: Checkout) -> list[tuple[Pick, datetime]]:
    """What the checkout holds, as (pick, expiry), by stock row; one hand-written query
    (see ``shop.rows``)."""
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`
        found = StockReservation.objects.filter(checkout=checkout).select_related("stock")
        return [
            (Pick(r.stock_id, r.stock.variant_id, r.quantity), r.expires_at)
            for r in found.order_by("stock_id")
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.stock_id, s.variant_id, r.quantity, r.expires_at"
            f" FROM {StockReservation._meta.db_table} r"
            f" JOIN {Stock._meta.db_table} s ON s.id = r.stock_id"
            " WHERE r.checkout_id = %s ORDER BY r.stock_id",
            [checkout.pk],
        )
        return [
            (Pick(stock, variant, quantity), expires)
            for stock, variant, quantity, expires in cursor.fetchall()
        ]


def checkout_stock_reserve(*, checkout: Checkout, prices: CheckoutPrices) -> list[Pick]:
    """Hold the cart's units for ``CHECKOUT_RESERVATION_MINUTES``, replacing what it held.

    Call inside a transaction that holds the checkout locked.
    """
    held = (
        [pick for pick, _expires in _reserved(checkout)]
        if getattr(checkout, "has_reservations", True)
        else []
    )
    return _reserve(checkout, prices, held)


def _reserve(checkout: Checkout, prices: CheckoutPrices, held: list[Pick]) -> list[Pick]:
    expires = timezone.now() + timedelta(minutes=settings.CHECKOUT_RESERVATION_MINUTES)

    def reservations_write(picks: list[Pick]) -> list[tuple[str, list]]:
        """The checkout's reservation rows replaced by ``picks``, sent with the stock rows'
        UPDATE (hand-written, ``shop.rows``: the last statement before COMMIT; the DELETE
        sees the rows from before the statement, so the new rows stay)."""
        writes = []
        if held:
            table = StockReservation._meta.db_table
            writes.append((f"DELETE FROM {table} WHERE checkout_id = %s", [checkout.pk]))
        reservations = [
            StockReservation(
                checkout=checkout, stock_id=p.stock_id, quantity=p.quantity, expires_at=expires
            )
            for p in picks
        ]
        if not rows.is_postgres():  # SQLite, the embedded default of `make run`
            return [lambda: _reservations_replace(checkout, reservations)]
        if reservations:
            statement = rows.insert(StockReservation, returning="")
            writes.append((statement, rows.insert_params(StockReservation, reservations)))
        return writes

    try:
        return stocks_reserve(demands=_demands(prices), release=held, then=reservations_write)
    except InsufficientStock:
        raise ValidationError(
            {"lines": ValidationError(_("Stok tidak mencukupi."), code=Code.INSUFFICIENT_STOCK)}
        ) from None


def _reservations_replace(checkout: Checkout, reservations: list[StockReservation]) -> None:
    """The reservation rows' writes of ``_reserve`` through the ORM (SQLite)."""
    StockReservation.objects.filter(checkout=checkout).delete()
    StockReservation.objects.bulk_create(reservations)


def checkout_stock_held(*, checkout: Checkout, prices: CheckoutPrices) -> list[Pick]:
    """The reservation's picks if they are alive and match the cart; else reserve again.

    Raises ``RESERVATION_EXPIRED`` when the reservation lapsed and the stock is gone.
    """
    now = timezone.now()
    reserved = _reserved(checkout)
    picks = [pick for pick, _expires in reserved]
    held: dict[int, int] = defaultdict(int)
    for pick in picks:
        held[pick.variant_id] += pick.quantity
    if reserved and all(expires > now for _pick, expires in reserved) and held == _demands(prices):
        return picks
    try:
        return _reserve(checkout, prices, picks)
    except ValidationError:
        raise ValidationError(
            _("Waktu pemesanan stok habis dan stok tidak lagi tersedia."),
            code=Code.RESERVATION_EXPIRED,
        ) from None


def checkout_discounts_hold_for(
    *, checkout: Checkout, lines: list[CheckoutLine] | None = None, prices=None
) -> Outcome:
    """Hold the checkout's campaign discounts and voucher use until the stock hold expires.

    Call inside the transaction that holds the checkout locked, before the
    final prices are computed (they then count exactly what was held). An
    invalid or used-up voucher refuses the payment with its code. ``prices``:
    the checkout's prices before discounts, when the caller has them; answers
    the outcome, for ``discounts_apply``.
    """
    shell = prices if prices is not None else checkout_prices_plain(checkout=checkout, lines=lines)
    expires = timezone.now() + timedelta(minutes=settings.CHECKOUT_RESERVATION_MINUTES)
    regency = checkout.ship_village.district.regency_id if checkout.ship_village_id else ""
    return checkout_discounts_hold(
        checkout_id=checkout.pk,
        items=promotion_items(shell.parts),
        customer=checkout_customer(checkout),
        voucher_code=checkout.voucher_code,
        expires_at=expires,
        regency_code=regency,
        held=getattr(checkout, "has_held_discounts", None),
        campaigns=getattr(checkout, "has_campaigns", None),
    )


def reservations_release_expired(*, now=None) -> int:
    """Give back the stock of checkouts whose reservation expired; answer how many checkouts."""
    now = now or timezone.now()
    ids = list(
        Checkout.objects.filter(reservations__expires_at__lt=now, completed_at__isnull=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    released = 0
    for pk in ids:
        with transaction.atomic():
            checkout = Checkout.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if checkout is None or checkout.completed_at:
                continue
            expired = checkout.reservations.filter(expires_at__lt=now).select_related("stock")
            picks = [Pick(r.stock_id, r.stock.variant_id, r.quantity) for r in expired]
            stocks_unreserve(picks=picks)
            expired.delete()
            checkout_discounts_release(checkout_id=checkout.pk)
            released += 1
    return released
