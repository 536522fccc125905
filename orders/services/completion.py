"""Checkout completion: a paid cart becomes one order per seller, and late money settles.

Completing allocates the reserved stock and splits the checkout into one
order per seller. A gateway notification that the money arrived settles the
payment by itself (places the orders, or marks them paid), so a buyer who
closes the tab still gets their orders; a payment that can no longer be
placed, or that arrives for cancelled orders, is refunded.
"""

import logging
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.reservations import Pick, stocks_allocate
from catalog.search import product_index_later
from promotions.services import checkout_discounts_redeem
from shop import outbox, rows

from .. import notifications
from ..errors import CheckoutErrorCode as Code
from ..gateways import PaymentNotification
from ..models import (
    Checkout,
    GatewayEvent,
    Order,
    OrderAllocation,
    OrderEvent,
    OrderEventType,
    OrderLine,
    Payment,
    StockReservation,
)
from ..pricing import CheckoutPrices, checkout_prices_plain, discounts_apply
from .checkout import AddressInput, checkout_details_save, checkout_validate
from .orders import order_event_add, order_mark_paid, order_numbers_assign
from .payments import (
    checkout_payment_create,
    payment_notification_apply,
    payment_refund,
    payment_refund_unplaced,
    payment_sync,
)
from .reservations import checkout_discounts_hold_for, checkout_lock, checkout_stock_held

logger = logging.getLogger(__name__)
PS = Payment.Status
S = Order.Status
# Failures after which the money of an already-succeeded payment goes back.
UNPLACEABLE = {
    Code.RESERVATION_EXPIRED,
    Code.INSUFFICIENT_STOCK,
    Code.VARIANT_UNAVAILABLE,
    Code.TOTAL_MISMATCH,
}


def _codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


def checkout_place(
    *, checkout: Checkout, gateway: str, expected_total: int | None, actor
) -> list[Order]:
    """Open the payment and, unless the buyer still pays by card, place the orders.

    The checkout page's last step. Answers the orders placed, or none while a
    card payment waits for the buyer on the card page (which completes it).
    """
    payment = checkout_payment_create(
        checkout=checkout, gateway=gateway, expected_total=expected_total
    )
    if payment.gateway == Payment.Gateway.STRIPE:
        return []
    return checkout_complete(checkout=checkout, actor=actor)


def checkout_submit(
    *,
    checkout: Checkout,
    email: str,
    address: AddressInput,
    age_confirmed: bool,
    shipping_methods: dict[int, int],
    place: bool,
    gateway: str = "",
    expected_total: int | None = None,
    actor=None,
) -> list[Order] | None:
    """The checkout page's one form, step by step: save the contact, address, age and
    shipping methods (every submit, so the total shown is the total charged); then, if
    the buyer pressed "place", open the payment and place the orders.

    Answers None when nothing was placed, else what ``checkout_place`` answers (no
    orders yet for a card payment: the card page completes it). A failing step raises
    its ``ValidationError`` and the later steps do not run.
    """
    checkout_details_save(
        checkout=checkout,
        email=email,
        address=address,
        age_confirmed=age_confirmed,
        shipping_methods=shipping_methods,
    )
    if not place:
        return None
    return checkout_place(
        checkout=checkout, gateway=gateway, expected_total=expected_total, actor=actor
    )


def checkout_complete(*, checkout: Checkout, actor=None) -> list[Order]:
    """Turn a paid (or bank transfer/COD) checkout into one order per seller.

    Safe to call twice and concurrently with the webhook: the second call
    answers the orders of the first. If the stock can no longer be held and
    the money already arrived, it is refunded.
    """
    try:
        try:
            return _complete(checkout_id=checkout.pk)
        except ValidationError as exc:
            if Code.PAYMENT_NOT_CONFIRMED not in _codes(exc):
                raise
            # A card payment still pending here: ask the provider (its webhook may be
            # late), then try once more. Only this case calls out, not every completion.
            payment_sync(checkout_id=checkout.pk)
            return _complete(checkout_id=checkout.pk)
    except ValidationError as exc:
        if _codes(exc) & UNPLACEABLE:
            payment_refund_unplaced(checkout_id=checkout.pk, actor=actor)
        raise


def _complete(*, checkout_id: int) -> list[Order]:
    with transaction.atomic():
        checkout = checkout_lock(checkout_id=checkout_id)
        if checkout.completed_at:
            return list(checkout.orders.select_related("seller").order_by("pk"))
        payment = _payment_lock(checkout_id=checkout.pk)
        if payment is None:
            raise ValidationError(_("Buat pembayaran terlebih dahulu."), code=Code.PAYMENT_REQUIRED)
        if payment.status == PS.PENDING and payment.gateway == Payment.Gateway.STRIPE:
            raise ValidationError(
                _("Pembayaran belum kami terima."), code=Code.PAYMENT_NOT_CONFIRMED
            )
        if payment.status not in (PS.PENDING, PS.SUCCEEDED):
            raise ValidationError(_("Pembayaran gagal."), code=Code.PAYMENT_FAILED)
        prices = checkout_prices_plain(checkout=checkout)
        outcome = checkout_discounts_hold_for(checkout=checkout, prices=prices)
        discounts_apply(checkout=checkout, prices=prices, outcome=outcome)
        checkout_validate(checkout=checkout, prices=prices)
        if prices.total != payment.amount:
            raise ValidationError(
                _("Keranjang berubah setelah pembayaran dibuat. Buat pembayaran lagi."),
                code=Code.TOTAL_MISMATCH,
            )
        picks = checkout_stock_held(checkout=checkout, prices=prices)
        with outbox.batched():  # the e-mails, facts and the re-index: one INSERT
            orders = _orders_create(checkout=checkout, payment=payment, prices=prices, picks=picks)
            product_index_later(sorted({lp.variant.product_id for lp in prices.lines}))
        if any(share.amount > 0 for share in outcome.shares):  # the hold wrote redemptions
            checkout_discounts_redeem(
                checkout_id=checkout.pk, orders_by_seller={o.seller_id: o.pk for o in orders}
            )
        # Last, the rows other checkouts wait for, each held from here to COMMIT only:
        # the stock rows (in primary-key order), the year's order-number row, the
        # products' sales counters - in the same order as every other path.
        stocks_allocate(picks=picks, reference=f"checkout:{checkout.token.hex}", reindex=False)
        sold: dict[int, int] = defaultdict(int)
        if payment.status == PS.SUCCEEDED:  # paid at once: "Terlaris", as order_mark_paid
            for lp in prices.lines:
                sold[lp.variant.product_id] += lp.quantity
        order_numbers_assign(orders=orders, sold=sold)  # the counters after the number row
        return orders


def _payment_lock(*, checkout_id: int) -> Payment | None:
    """The checkout's live payment (the latest not cancelled), locked; hand-written
    like the checkout's other hot queries (``shop.rows``)."""
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`: one writer
        live = Payment.objects.filter(checkout_id=checkout_id).exclude(status=PS.CANCELLED)
        return live.order_by("-pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rows.columns(Payment, 'p')} FROM {Payment._meta.db_table} p"
            " WHERE p.checkout_id = %s AND p.status <> %s ORDER BY p.id DESC LIMIT 1"
            " FOR UPDATE",
            [checkout_id, PS.CANCELLED.value],
        )
        row = cursor.fetchone()
    return None if row is None else rows.take(Payment, row, 0)[0]


def _orders_create(
    *, checkout: Checkout, payment: Payment, prices: CheckoutPrices, picks: list[Pick]
) -> list[Order]:
    """One order per seller part, with its lines, stock allocations, history and
    notifications: each kind of row written in one INSERT for the whole checkout.

    The orders carry provisional numbers (unique: the checkout is locked) until
    ``order_numbers_assign`` gives them theirs, just before COMMIT."""
    remaining: dict[int, list[list]] = defaultdict(list)
    for pick in picks:
        remaining[pick.variant_id].append([pick.stock_id, pick.quantity])
    paid = payment.status == PS.SUCCEEDED
    now = timezone.now()
    expires = None
    if not paid and payment.gateway == Payment.Gateway.BANK_TRANSFER:
        expires = now + timedelta(hours=settings.ORDER_UNPAID_EXPIRY_HOURS)
    regency_id = checkout.ship_village.district.regency_id if checkout.ship_village_id else None
    orders = [
        Order(
            number=f"~{checkout.pk}-{index}",
            checkout=checkout,
            payment=payment,
            seller=part.seller,
            user=checkout.user,
            status=Order.Status.PAID if paid else Order.Status.UNPAID,
            paid_at=now if paid else None,
            email=checkout.email,
            ship_name=checkout.ship_name,
            ship_phone=checkout.ship_phone,
            ship_street=checkout.ship_street,
            ship_village=checkout.ship_village,
            ship_city=checkout.ship_city,
            ship_province=checkout.ship_province,
            ship_postal_code=checkout.ship_postal_code,
            ship_regency_id=regency_id,
            shipping_method=part.selected.method,
            shipping_method_name=part.selected.method.name,
            subtotal=part.subtotal,
            shipping_total=part.shipping,
            discount_total=part.discount,
            discount_government=part.discount_government,
            total=part.total,
            commission_percent=Decimal(str(settings.PLATFORM_COMMISSION_PERCENT)),
            commission_amount=part.commission,
            seller_payout=part.payout,
            expires_at=expires,
        )
        for index, part in enumerate(prices.parts)
    ]
    buyer = checkout.user if checkout.user_id else None  # the PLACED step is the buyer's
    events = []
    for order in orders:
        events.append(
            OrderEvent(order=order, type=OrderEventType.PLACED, to_status=S.UNPAID, actor=buyer)
        )
        if paid:  # the PAID step is the payment's (no actor)
            events.append(
                OrderEvent(
                    order=order, type=OrderEventType.PAID, from_status=S.UNPAID, to_status=S.PAID
                )
            )
    lines = []
    for order, part in zip(orders, prices.parts, strict=True):
        for lp in part.lines:
            lines.append(
                OrderLine(
                    order=order,
                    variant=lp.variant,
                    product_name=lp.variant.product.name,
                    variant_name=lp.variant.name,
                    sku=lp.variant.sku,
                    quantity=lp.quantity,
                    unit_price=lp.unit_price,
                    total=lp.total,
                    weight_grams=lp.weight_grams,
                    discount=lp.discount,
                    discount_government=lp.discount_government,
                    campaign=lp.campaign,
                    voucher=lp.voucher,
                )
            )
    allocations = []
    for line in lines:
        need = line.quantity
        for slot in remaining[line.variant_id]:
            if need == 0:
                break
            take = min(need, slot[1])
            if take:
                allocations.append(OrderAllocation(line=line, stock_id=slot[0], quantity=take))
                slot[1] -= take
                need -= take
    checkout.completed_at = now
    checkout.updated_at = now
    _placed_write(
        checkout=checkout, orders=orders, lines=lines, allocations=allocations, events=events
    )
    for order in orders:  # written by hand, no signal sent; its receivers (monitoring) need it
        post_save.send(sender=Order, instance=order, created=True, update_fields=None, raw=False)
    for order in orders:
        if paid:
            notifications.notify_order_paid(order)
        else:
            notifications.notify_order_placed(order)
        notifications.notify_seller_new_order(order)
    return orders


@cache
def _place_statement() -> str:
    """The statement of ``_placed_write``, written once per process (``shop.rows``)."""
    orders = rows.insert(Order, returning="id, number")
    lines = rows.insert(
        OrderLine, link="order_id", parent="o", key="o.number", returning="id, variant_id"
    )
    allocations = rows.insert(
        OrderAllocation, link="line_id", parent="l", key="l.variant_id::text", returning=""
    )
    events = rows.insert(OrderEvent, link="order_id", parent="o", key="o.number", returning="")
    return f"""
        WITH gone AS (DELETE FROM {StockReservation._meta.db_table} WHERE checkout_id = %s),
             done AS (UPDATE {Checkout._meta.db_table}
                         SET completed_at = %s, updated_at = %s WHERE id = %s),
             o AS ({orders}), l AS ({lines}), a AS ({allocations}), e AS ({events})
        SELECT 'o', o.id, o.number FROM o
         UNION ALL SELECT 'l', l.id, l.variant_id::text FROM l"""


def _placed_write(
    *,
    checkout: Checkout,
    orders: list[Order],
    lines: list[OrderLine],
    allocations: list[OrderAllocation],
    events: list[OrderEvent],
) -> None:
    """Write what placing a checkout writes outside the hot rows, in one statement: the
    reservations deleted (the stock rows still count them until ``stocks_allocate``),
    the checkout's ``completed_at``, the orders, their lines, allocations and history.

    One round trip instead of six, and none of ``bulk_create``'s compiling: both were
    CPU and latency paid by every buyer. Lines and allocations find their order and
    line by the order's provisional number and the line's variant (one line per
    variant in a checkout); the instances get the ids written, as ``bulk_create``
    gives them.
    """
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`
        _placed_write_plain(checkout, orders, lines, allocations, events)
        return
    params = [
        checkout.pk,
        checkout.completed_at,
        checkout.updated_at,
        checkout.pk,
        *rows.insert_params(Order, orders),
        *rows.insert_params(OrderLine, lines, keys=[line.order.number for line in lines]),
        *rows.insert_params(
            OrderAllocation, allocations, keys=[str(a.line.variant_id) for a in allocations]
        ),
        *rows.insert_params(OrderEvent, events, keys=[event.order.number for event in events]),
    ]
    written = rows.fetch(_place_statement(), params)
    order_ids = {number: pk for kind, pk, number in written if kind == "o"}
    line_ids = {int(variant): pk for kind, pk, variant in written if kind == "l"}
    rows.inserted(orders, [order_ids[order.number] for order in orders])
    rows.inserted(lines, [line_ids[line.variant_id] for line in lines])
    for line in lines:
        line.order = line.order  # sets order_id from the order's new id
    for allocation in allocations:
        allocation.line = allocation.line
    for event in events:
        event.order = event.order


def _placed_write_plain(
    checkout: Checkout,
    orders: list[Order],
    lines: list[OrderLine],
    allocations: list[OrderAllocation],
    events: list[OrderEvent],
) -> None:
    """``_placed_write`` through the ORM, a statement per kind of row (SQLite).

    ``bulk_create`` links each row to its parent's id written just before (it sets
    ``order_id`` from ``order``, as ``save`` does), so no re-linking is needed here."""
    StockReservation.objects.filter(checkout_id=checkout.pk).delete()
    Checkout.objects.filter(pk=checkout.pk).update(
        completed_at=checkout.completed_at, updated_at=checkout.updated_at
    )
    Order.objects.bulk_create(orders)
    OrderLine.objects.bulk_create(lines)
    OrderAllocation.objects.bulk_create(allocations)
    OrderEvent.objects.bulk_create(events)


def payment_settle(*, payment_id: int) -> None:
    """After the money arrived: place the orders, mark them paid, or refund cancelled ones."""
    payment = Payment.objects.select_related("checkout").get(pk=payment_id)
    if payment.status != PS.SUCCEEDED:
        return
    if not payment.checkout.completed_at:
        try:
            checkout_complete(checkout=payment.checkout)
        except ValidationError as exc:
            logger.warning("payment %s: checkout not placed: %s", payment.pk, _codes(exc))
        return
    with transaction.atomic():
        for order in Order.objects.select_for_update().filter(payment=payment).order_by("pk"):
            if order.status == Order.Status.CANCELLED and not order.paid_at:
                order_mark_paid(order=order, note="paid after cancellation")
                remaining = order.total - order.refunded_amount
                if remaining > 0:  # money for an order already cancelled goes back
                    payment_refund(order=order, amount=remaining, actor=None)
                    order_event_add(
                        order=order,
                        type=OrderEventType.REFUNDED,
                        from_status=order.status,
                        note=str(remaining),
                    )
            elif not order.paid_at:
                order_mark_paid(order=order)


def payment_notification_process(*, notification: PaymentNotification) -> str:
    """Apply one verified gateway event once; answer what happened (stored with the event).

    Events are deduplicated by id. A redelivered success whose orders were
    never placed (the first attempt crashed after recording) places them now.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = GatewayEvent.objects.create(
                    gateway=notification.gateway,
                    event_id=notification.event_id,
                    type=notification.event_type,
                    payload=notification.payload,
                )
        except IntegrityError:
            record = None
        if record is None:
            outcome, settle = "duplicate", _unsettled_payment_id(notification)
        else:
            outcome, settle = payment_notification_apply(notification=notification)
            record.outcome = outcome
            record.save(update_fields=["outcome"])
    if settle:
        payment_settle(payment_id=settle)
    return outcome


def _unsettled_payment_id(notification: PaymentNotification) -> int | None:
    if notification.kind != PaymentNotification.SUCCEEDED or not notification.external_id:
        return None
    return (
        Payment.objects.filter(
            gateway=notification.gateway,
            external_id=notification.external_id,
            status=PS.SUCCEEDED,
            checkout__completed_at__isnull=True,
        )
        .values_list("pk", flat=True)
        .first()
    )
