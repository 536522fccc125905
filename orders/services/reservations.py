"""Stock and discounts held for a checkout while it pays: reserve, check, release on expiry.

A ``StockReservation`` row per stock records what a checkout holds and until
when; the units themselves are counted on the ``Stock`` rows by
``catalog.reservations``, which locks them. Campaign budgets and voucher uses
are held alongside, with the same expiry, in promotions' ledger.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.reservations import InsufficientStock, Pick, stocks_reserve, stocks_unreserve
from promotions.models import Redemption
from promotions.offers import Outcome, campaigns_active
from promotions.services import checkout_discounts_hold, checkout_discounts_release

from ..errors import CheckoutErrorCode as Code
from ..models import Checkout, CheckoutLine, Payment, StockReservation
from ..pricing import (
    CheckoutPrices,
    checkout_customer,
    checkout_prices_plain,
    has_earlier_orders,
    promotion_items,
)


def checkout_lock(*, checkout_id: int) -> Checkout:
    """The checkout locked ``FOR UPDATE`` (paying and completing run under this lock).

    The same query reads what the steps after it would otherwise ask one by one:
    the destination (village, district), and whether the checkout has payments,
    reserved stock, held discounts, whether its buyer ordered before, and whether any
    automatic campaign runs.
    """
    mine = {"checkout_id": OuterRef("pk")}
    return (
        Checkout.objects.select_for_update(of=("self",))
        .select_related("ship_village__district")
        .annotate(
            has_payments=Exists(Payment.objects.filter(**mine)),
            has_reservations=Exists(StockReservation.objects.filter(**mine)),
            has_held_discounts=Exists(
                Redemption.objects.filter(**mine, status=Redemption.Status.HELD)
            ),
            has_earlier_orders=has_earlier_orders(),
            has_campaigns=Exists(campaigns_active().filter(voucher_only=False)),
        )
        .get(pk=checkout_id)
    )


def _demands(prices: CheckoutPrices) -> dict[int, int]:
    wanted: dict[int, int] = defaultdict(int)
    for part in prices.parts:
        for lp in part.lines:
            wanted[lp.variant.pk] += lp.quantity
    return dict(wanted)


def checkout_stock_reserve(*, checkout: Checkout, prices: CheckoutPrices) -> list[Pick]:
    """Hold the cart's units for ``CHECKOUT_RESERVATION_MINUTES``, replacing what it held.

    Call inside a transaction that holds the checkout locked.
    """
    held = (
        [
            Pick(r.stock_id, r.stock.variant_id, r.quantity)
            for r in checkout.reservations.select_related("stock")
        ]
        if getattr(checkout, "has_reservations", True)
        else []
    )
    try:
        picks = stocks_reserve(demands=_demands(prices), release=held)
    except InsufficientStock:
        raise ValidationError(
            {"lines": ValidationError(_("Stok tidak mencukupi."), code=Code.INSUFFICIENT_STOCK)}
        ) from None
    if held:
        checkout.reservations.all().delete()
    expires = timezone.now() + timedelta(minutes=settings.CHECKOUT_RESERVATION_MINUTES)
    checkout.reservations.bulk_create(
        [
            checkout.reservations.model(
                checkout=checkout, stock_id=p.stock_id, quantity=p.quantity, expires_at=expires
            )
            for p in picks
        ]
    )
    return picks


def checkout_stock_held(*, checkout: Checkout, prices: CheckoutPrices) -> list[Pick]:
    """The reservation's picks if they are alive and match the cart; else reserve again.

    Raises ``RESERVATION_EXPIRED`` when the reservation lapsed and the stock is gone.
    """
    now = timezone.now()
    rows = list(checkout.reservations.select_related("stock"))
    held: dict[int, int] = defaultdict(int)
    for row in rows:
        held[row.stock.variant_id] += row.quantity
    if rows and all(r.expires_at > now for r in rows) and held == _demands(prices):
        return [Pick(r.stock_id, r.stock.variant_id, r.quantity) for r in rows]
    try:
        return checkout_stock_reserve(checkout=checkout, prices=prices)
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
