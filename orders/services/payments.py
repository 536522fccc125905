"""Paying a checkout, placing its orders, and gateway webhooks.

Paying reserves stock (with an expiry) and creates one ``Payment`` for the
whole checkout, with an idempotency key we store (a second request reuses
the same payment and provider intent). Completing allocates the reserved
stock and splits the checkout into one order per seller. A webhook that says
the money arrived completes the checkout by itself, so a buyer who closes
the tab still gets their orders; a payment that can no longer be placed, or
that arrives for cancelled orders, is refunded.
"""

import logging
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.reservations import InsufficientStock, Pick, stocks_allocate, stocks_reserve

from ..errors import CheckoutErrorCode as Code
from ..gateways import GatewayError, gateway_for, gateways_enabled
from ..models import (
    Checkout,
    GatewayEvent,
    Order,
    OrderAllocation,
    OrderLine,
    Payment,
    PaymentRefund,
)
from ..pricing import CheckoutPrices, checkout_lines_priced, checkout_prices
from .checkout import checkout_validate
from .orders import _email_later, order_event_add, order_mark_paid, order_number_next

logger = logging.getLogger(__name__)
PS = Payment.Status
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


def _reservation_picks(checkout: Checkout) -> list[Pick]:
    return [
        Pick(r.stock_id, r.stock.variant_id, r.quantity)
        for r in checkout.reservations.select_related("stock")
    ]


def _reserve(checkout: Checkout, prices: CheckoutPrices) -> list[Pick]:
    demands: dict[int, int] = defaultdict(int)
    for part in prices.parts:
        for lp in part.lines:
            demands[lp.variant.pk] += lp.quantity
    try:
        picks = stocks_reserve(demands=dict(demands), release=_reservation_picks(checkout))
    except InsufficientStock:
        raise ValidationError(
            {"lines": ValidationError(_("Stok tidak mencukupi."), code=Code.INSUFFICIENT_STOCK)}
        ) from None
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


def _mark_succeeded(payment: Payment, amount_received: int) -> None:
    if payment.status in (PS.PENDING, PS.FAILED):
        payment.status = PS.SUCCEEDED
        payment.captured_amount = amount_received
        payment.save(update_fields=["status", "captured_amount", "updated_at"])


def _thousands(amount: int) -> str:
    """``630000`` -> ``630.000``: rupiah in a message reads as it does on the page."""
    return f"{amount:,}".replace(",", ".")


def checkout_payment_create(
    *, checkout: Checkout, gateway: str, expected_total: int | None = None
) -> Payment:
    """Reserve the stock and open one payment for the whole checkout at ``gateway``.

    Calling it again with the same cart and gateway answers the same payment
    (and Stripe intent); a changed cart or gateway cancels the old one.
    """
    if gateway not in gateways_enabled():
        raise ValidationError(
            {
                "gateway": ValidationError(
                    _("Metode pembayaran tidak tersedia."), code=Code.GATEWAY_UNAVAILABLE
                )
            }
        )
    stale = None
    with transaction.atomic():
        checkout = Checkout.objects.select_for_update().get(pk=checkout.pk)
        prices = checkout_prices(checkout=checkout, lines=checkout_lines_priced(checkout))
        checkout_validate(checkout=checkout, prices=prices)
        if expected_total is not None and expected_total != prices.total:
            raise ValidationError(
                {
                    "expected_total": ValidationError(
                        _("Total berubah menjadi Rp %(total)s. Periksa kembali keranjang Anda."),
                        code=Code.TOTAL_MISMATCH,
                        params={"total": _thousands(prices.total)},
                    )
                }
            )
        if gateway == Payment.Gateway.STRIPE and prices.total < settings.STRIPE_MIN_CHARGE_IDR:
            raise ValidationError(
                _("Pembayaran kartu minimal Rp %(min)s."),
                code=Code.AMOUNT_BELOW_MINIMUM,
                params={"min": _thousands(settings.STRIPE_MIN_CHARGE_IDR)},
            )
        current = (
            checkout.payments.filter(status__in=[PS.PENDING, PS.SUCCEEDED]).order_by("-pk").first()
        )
        if current and current.status == PS.SUCCEEDED:
            if current.amount != prices.total:
                raise ValidationError(
                    _("Keranjang berubah setelah dibayar. Hubungi kami."), code=Code.TOTAL_MISMATCH
                )
            _reserve(checkout, prices)
            return current
        payment = current
        if current and (current.gateway != gateway or current.amount != prices.total):
            current.status = PS.CANCELLED
            current.save(update_fields=["status", "updated_at"])
            stale, payment = current, None
        _reserve(checkout, prices)
        if payment is None:
            number = checkout.payments.count() + 1
            payment = Payment.objects.create(
                checkout=checkout,
                gateway=gateway,
                amount=prices.total,
                idempotency_key=f"checkout-{checkout.token.hex}-{number}",
            )
    if stale is not None:
        gateway_for(stale.gateway).cancel(payment=stale)
    return _payment_open_at_gateway(payment)


def _payment_open_at_gateway(payment: Payment) -> Payment:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("checkout").get(pk=payment.pk)
        if payment.external_id or payment.status != PS.PENDING:
            return payment
        try:
            result = gateway_for(payment.gateway).create(payment=payment)
        except GatewayError as exc:
            logger.warning("payment %s: gateway refused: %s", payment.pk, exc)
            raise ValidationError(
                _("Penyedia pembayaran sedang bermasalah. Coba lagi."), code=Code.GATEWAY_ERROR
            ) from None
        payment.external_id = result.external_id
        payment.client_secret = result.client_secret
        payment.save(update_fields=["external_id", "client_secret", "updated_at"])
        if result.status == "succeeded":
            _mark_succeeded(payment, result.amount_received)
    return payment


def checkout_complete(*, checkout: Checkout, actor=None) -> list[Order]:
    """Turn a paid (or bank transfer/COD) checkout into one order per seller.

    Safe to call twice and concurrently with the webhook: the second call
    answers the orders of the first. If the stock can no longer be held and
    the money already arrived, it is refunded.
    """
    _payment_sync(checkout_id=checkout.pk)
    try:
        return _complete(checkout_id=checkout.pk)
    except ValidationError as exc:
        if _codes(exc) & UNPLACEABLE:
            payment_refund_unplaced(checkout_id=checkout.pk, actor=actor)
        raise


def _payment_sync(*, checkout_id: int) -> None:
    """Ask the provider whether a pending card payment succeeded (the webhook may be late)."""
    payment = (
        Payment.objects.filter(checkout_id=checkout_id, gateway=Payment.Gateway.STRIPE)
        .exclude(status=PS.CANCELLED)
        .order_by("-pk")
        .first()
    )
    if payment is None or payment.status != PS.PENDING or not payment.external_id:
        return
    try:
        result = gateway_for(payment.gateway).status(payment=payment)
    except GatewayError:
        raise ValidationError(
            _("Penyedia pembayaran sedang bermasalah. Coba lagi."), code=Code.GATEWAY_ERROR
        ) from None
    if result.status == "succeeded" and result.amount_received == payment.amount:
        with transaction.atomic():
            payment = Payment.objects.select_for_update().get(pk=payment.pk)
            _mark_succeeded(payment, result.amount_received)


def _complete(*, checkout_id: int) -> list[Order]:
    with transaction.atomic():
        checkout = Checkout.objects.select_for_update().get(pk=checkout_id)
        if checkout.completed_at:
            return list(checkout.orders.select_related("seller").order_by("pk"))
        payment = checkout.payments.exclude(status=PS.CANCELLED).order_by("-pk").first()
        if payment is None:
            raise ValidationError(_("Buat pembayaran terlebih dahulu."), code=Code.PAYMENT_REQUIRED)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == PS.PENDING and payment.gateway == Payment.Gateway.STRIPE:
            raise ValidationError(
                _("Pembayaran belum kami terima."), code=Code.PAYMENT_NOT_CONFIRMED
            )
        if payment.status not in (PS.PENDING, PS.SUCCEEDED):
            raise ValidationError(_("Pembayaran gagal."), code=Code.PAYMENT_FAILED)
        prices = checkout_prices(checkout=checkout, lines=checkout_lines_priced(checkout))
        checkout_validate(checkout=checkout, prices=prices)
        if prices.total != payment.amount:
            raise ValidationError(
                _("Keranjang berubah setelah pembayaran dibuat. Buat pembayaran lagi."),
                code=Code.TOTAL_MISMATCH,
            )
        picks = _held_picks(checkout, prices)
        stocks_allocate(picks=picks, reference=f"checkout:{checkout.token.hex}")
        checkout.reservations.all().delete()
        orders = _orders_create(checkout=checkout, payment=payment, prices=prices, picks=picks)
        checkout.completed_at = timezone.now()
        checkout.save(update_fields=["completed_at", "updated_at"])
        return orders


def _held_picks(checkout: Checkout, prices: CheckoutPrices) -> list[Pick]:
    """The reservation's picks if they are alive and match the cart; else reserve again."""
    now = timezone.now()
    rows = list(checkout.reservations.select_related("stock"))
    held: dict[int, int] = defaultdict(int)
    for row in rows:
        held[row.stock.variant_id] += row.quantity
    wanted: dict[int, int] = defaultdict(int)
    for part in prices.parts:
        for lp in part.lines:
            wanted[lp.variant.pk] += lp.quantity
    if rows and all(r.expires_at > now for r in rows) and held == wanted:
        return [Pick(r.stock_id, r.stock.variant_id, r.quantity) for r in rows]
    try:
        return _reserve(checkout, prices)
    except ValidationError:
        raise ValidationError(
            _("Waktu pemesanan stok habis dan stok tidak lagi tersedia."),
            code=Code.RESERVATION_EXPIRED,
        ) from None


def _orders_create(
    *, checkout: Checkout, payment: Payment, prices: CheckoutPrices, picks: list[Pick]
) -> list[Order]:
    remaining: dict[int, list[list]] = defaultdict(list)
    for pick in picks:
        remaining[pick.variant_id].append([pick.stock_id, pick.quantity])
    paid = payment.status == PS.SUCCEEDED
    expires = None
    if not paid and payment.gateway == Payment.Gateway.BANK_TRANSFER:
        expires = timezone.now() + timedelta(hours=settings.ORDER_UNPAID_EXPIRY_HOURS)
    regency_id = checkout.ship_village.district.regency_id if checkout.ship_village_id else None
    orders = []
    for part in prices.parts:
        order = Order.objects.create(
            number=order_number_next(),
            checkout=checkout,
            payment=payment,
            seller=part.seller,
            user=checkout.user,
            status=Order.Status.UNPAID,
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
            total=part.total,
            commission_percent=Decimal(str(settings.PLATFORM_COMMISSION_PERCENT)),
            commission_amount=part.commission,
            seller_payout=part.total - part.commission,
            expires_at=expires,
        )
        order_event_add(order=order, type="PLACED", actor=checkout.user)
        for lp in part.lines:
            line = OrderLine.objects.create(
                order=order,
                variant=lp.variant,
                product_name=lp.variant.product.name,
                variant_name=lp.variant.name,
                sku=lp.variant.sku,
                quantity=lp.quantity,
                unit_price=lp.unit_price,
                total=lp.total,
                weight_grams=lp.weight_grams,
            )
            need = lp.quantity
            allocations = []
            for slot in remaining[lp.variant.pk]:
                if need == 0:
                    break
                take = min(need, slot[1])
                if take:
                    allocations.append(OrderAllocation(line=line, stock_id=slot[0], quantity=take))
                    slot[1] -= take
                    need -= take
            OrderAllocation.objects.bulk_create(allocations)
        if paid:
            order_mark_paid(order=order)
        else:
            _email_later(order, "PLACED")
        _seller_email_later(order)
        orders.append(order)
    return orders


def _seller_email_later(order: Order) -> None:
    from ..tasks import seller_new_order_email_send

    order_id = order.pk
    transaction.on_commit(lambda: seller_new_order_email_send.delay(order_id))


def payment_refund_unplaced(*, checkout_id: int, actor=None) -> PaymentRefund | None:
    """Give back a succeeded payment whose checkout could not become orders."""
    with transaction.atomic():
        checkout = Checkout.objects.select_for_update().get(pk=checkout_id)
        if checkout.completed_at:
            return None
        payment = (
            Payment.objects.select_for_update()
            .filter(checkout=checkout, status=PS.SUCCEEDED)
            .order_by("-pk")
            .first()
        )
        if payment is None:
            return None
        amount = payment.captured_amount - payment.refunded_amount
        if amount <= 0:
            return None
        try:
            external_id = gateway_for(payment.gateway).refund(payment=payment, amount=amount)
        except GatewayError:
            logger.exception("refund of unplaced payment %s failed", payment.pk)
            return None
        payment.refunded_amount += amount
        payment.status = PS.REFUNDED
        payment.save(update_fields=["refunded_amount", "status", "updated_at"])
        checkout.reservations.all().delete()
        return PaymentRefund.objects.create(
            payment=payment,
            amount=amount,
            external_id=external_id,
            actor=actor if actor is not None and actor.is_authenticated else None,
        )


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
                _cancel_refund(order)
            elif not order.paid_at:
                order_mark_paid(order=order)


def _cancel_refund(order: Order) -> None:
    """Money for an order already cancelled goes back (the refund path)."""
    from .orders import _refund

    remaining = order.total - order.refunded_amount
    if remaining > 0:
        _refund(order, amount=remaining, actor=None)
        order_event_add(order=order, type="REFUNDED", from_status=order.status, note=str(remaining))


def stripe_event_process(*, event: dict) -> str:
    """Apply one verified Stripe event once; answer what happened (stored with the event).

    Events are deduplicated by id. Each moves a payment only forward
    (pending -> succeeded -> refunded), so late or reordered deliveries change
    nothing. A redelivered success whose orders were never placed (the first
    attempt crashed after recording) places them now.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = GatewayEvent.objects.create(
                    gateway="STRIPE", event_id=event["id"], type=event["type"], payload=event
                )
        except IntegrityError:
            record = None
        if record is None:
            outcome, settle = "duplicate", _unsettled_payment_id(event)
        else:
            outcome, settle = _stripe_event_apply(event)
            record.outcome = outcome
            record.save(update_fields=["outcome"])
    if settle:
        payment_settle(payment_id=settle)
    return outcome


def _intent_id(event: dict) -> str | None:
    obj = event.get("data", {}).get("object", {})
    return obj.get("id") if obj.get("object") == "payment_intent" else obj.get("payment_intent")


def _unsettled_payment_id(event: dict) -> int | None:
    if event.get("type") != "payment_intent.succeeded" or not _intent_id(event):
        return None
    return (
        Payment.objects.filter(
            gateway=Payment.Gateway.STRIPE,
            external_id=_intent_id(event),
            status=PS.SUCCEEDED,
            checkout__completed_at__isnull=True,
        )
        .values_list("pk", flat=True)
        .first()
    )


def _stripe_event_apply(event: dict) -> tuple[str, int | None]:
    from ..gateways.stripe_gateway import from_minor

    obj = event.get("data", {}).get("object", {})
    intent_id = _intent_id(event)
    payment = (
        Payment.objects.select_for_update()
        .filter(gateway=Payment.Gateway.STRIPE, external_id=intent_id)
        .first()
        if intent_id
        else None
    )
    if payment is None:
        return "ignored: unknown payment", None
    if event["type"] == "payment_intent.succeeded":
        received = obj.get("amount_received") or obj.get("amount") or 0
        if from_minor(received) != payment.amount or obj.get("currency") != "idr":
            return "refused: amount or currency differs", None
        if payment.status in (PS.PENDING, PS.FAILED):
            _mark_succeeded(payment, from_minor(received))
            return "succeeded", payment.pk
        if payment.status == PS.CANCELLED:
            return _cancelled_payment_refund(payment, from_minor(received)), None
        return f"no change: payment {payment.status}", None
    if event["type"] == "payment_intent.payment_failed":
        if payment.status == PS.PENDING:
            payment.status = PS.FAILED
            payment.save(update_fields=["status", "updated_at"])
            return "failed", None
        return f"no change: payment {payment.status}", None
    if event["type"] == "charge.refunded":
        refunded = from_minor(obj.get("amount_refunded") or 0)
        if refunded > payment.refunded_amount:
            payment.refunded_amount = refunded
            payment.status = (
                PS.REFUNDED if refunded >= payment.captured_amount else PS.PARTIALLY_REFUNDED
            )
            payment.save(update_fields=["refunded_amount", "status", "updated_at"])
            return "refund recorded", None
        return "no change: refund already recorded", None
    return "ignored: event type", None


def _cancelled_payment_refund(payment: Payment, amount: int) -> str:
    """Money arrived for a payment we had cancelled (cart or gateway changed): give it back.

    Stripe cannot cancel an intent whose card already went through, so the
    buyer may have paid twice; the cancelled one never becomes orders. The
    caller holds the payment row locked and the event is deduplicated, and the
    status moves to REFUNDED, so a later success for it changes nothing.
    """
    try:
        external_id = gateway_for(payment.gateway).refund(payment=payment, amount=amount)
    except GatewayError:
        logger.exception("refund of cancelled payment %s failed", payment.pk)
        raise
    payment.captured_amount = amount
    payment.refunded_amount = amount
    payment.status = PS.REFUNDED
    payment.save(update_fields=["captured_amount", "refunded_amount", "status", "updated_at"])
    PaymentRefund.objects.create(payment=payment, amount=amount, external_id=external_id)
    logger.warning(
        "payment %s: succeeded after it was cancelled; refunded Rp %s (%s)",
        payment.pk,
        _thousands(amount),
        external_id,
    )
    return f"refunded: payment {PS.CANCELLED}"


def reservations_release_expired(*, now=None) -> int:
    """Give back the stock of checkouts whose reservation expired; answer how many checkouts."""
    from catalog.reservations import stocks_unreserve

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
            released += 1
    return released
