"""Payment actions: open a payment for a checkout, record that it succeeded, refund it.

Opening a payment reserves the checkout's stock (with an expiry) and creates
one ``Payment`` for the whole checkout, with an idempotency key we store (a
second request reuses the same payment and provider intent). A gateway's
webhook arrives here as a provider-neutral ``PaymentNotification`` (each
gateway module reads its own JSON) and moves a payment only forward.
Placing the orders of a paid checkout is ``completion``'s job.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from promotions.services import checkout_discounts_release

from ..errors import CheckoutErrorCode as Code
from ..errors import OrderErrorCode
from ..gateways import GatewayError, PaymentNotification, gateway_for, gateways_enabled
from ..models import Checkout, Order, Payment, PaymentRefund
from ..pricing import checkout_prices_plain, discounts_apply
from .checkout import checkout_validate
from .reservations import checkout_discounts_hold_for, checkout_lock, checkout_stock_reserve

logger = logging.getLogger(__name__)
PS = Payment.Status


def _thousands(amount: int) -> str:
    """``630000`` -> ``630.000``: rupiah in a message reads as it does on the page."""
    return f"{amount:,}".replace(",", ".")


def payment_mark_succeeded(*, payment: Payment, amount_received: int) -> None:
    """Record that the money of a pending (or failed) payment arrived; the caller holds its lock."""
    if payment.status in (PS.PENDING, PS.FAILED):
        payment.status = PS.SUCCEEDED
        payment.captured_amount = amount_received
        payment.save(update_fields=["status", "captured_amount", "updated_at"])


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
    stale, opened = None, False
    with transaction.atomic():
        checkout = checkout_lock(checkout_id=checkout.pk)
        prices = checkout_prices_plain(checkout=checkout)
        outcome = checkout_discounts_hold_for(checkout=checkout, prices=prices)
        discounts_apply(checkout=checkout, prices=prices, outcome=outcome)
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
        earlier = list(checkout.payments.order_by("-pk")) if checkout.has_payments else []
        current = next((p for p in earlier if p.status in (PS.PENDING, PS.SUCCEEDED)), None)
        if current and current.status == PS.SUCCEEDED:
            if current.amount != prices.total:
                raise ValidationError(
                    _("Keranjang berubah setelah dibayar. Hubungi kami."), code=Code.TOTAL_MISMATCH
                )
            checkout_stock_reserve(checkout=checkout, prices=prices)
            return current
        payment = current
        if current and (current.gateway != gateway or current.amount != prices.total):
            current.status = PS.CANCELLED
            current.save(update_fields=["status", "updated_at"])
            stale, payment = current, None
        if payment is None:
            payment = Payment(
                checkout=checkout,
                gateway=gateway,
                amount=prices.total,
                idempotency_key=f"checkout-{checkout.token.hex}-{len(earlier) + 1}",
            )
            if gateway_for(gateway).local:  # no call out: opened before the insert
                _payment_open(payment)
                opened = True
            payment.save()
        # Last, the stock rows other checkouts wait for: locked from here to COMMIT only
        # (a refusal rolls the payment back with the rest).
        checkout_stock_reserve(checkout=checkout, prices=prices)
    if stale is not None:
        gateway_for(stale.gateway).cancel(payment=stale)
    if opened:
        return payment
    return _payment_open_at_gateway(payment)


def _payment_open_at_gateway(payment: Payment) -> Payment:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("checkout").get(pk=payment.pk)
        if payment.external_id or payment.status != PS.PENDING:
            return payment
        _payment_open(payment)
        payment.save(
            update_fields=[
                "external_id",
                "client_secret",
                "status",
                "captured_amount",
                "updated_at",
            ]
        )
    return payment


def _payment_open(payment: Payment) -> None:
    """Open ``payment`` at its gateway and set what it answered (the caller saves)."""
    try:
        result = gateway_for(payment.gateway).create(payment=payment)
    except GatewayError as exc:
        logger.warning("payment %s: gateway refused: %s", payment.pk, exc)
        raise ValidationError(
            _("Penyedia pembayaran sedang bermasalah. Coba lagi."), code=Code.GATEWAY_ERROR
        ) from None
    payment.external_id = result.external_id
    payment.client_secret = result.client_secret
    if result.status == "succeeded" and payment.status in (PS.PENDING, PS.FAILED):
        payment.status = PS.SUCCEEDED
        payment.captured_amount = result.amount_received


def payment_sync(*, checkout_id: int) -> None:
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
            payment_mark_succeeded(payment=payment, amount_received=result.amount_received)


def payment_refund(*, order: Order, amount: int, actor) -> PaymentRefund:
    """Give ``amount`` rupiah of an order back through its payment's gateway.

    Call inside a transaction: the payment row is locked, and the refund is
    written on the payment (status REFUNDED or PARTIALLY_REFUNDED) and on the
    order (``refunded_amount``).
    """
    payment = Payment.objects.select_for_update().get(pk=order.payment_id)
    try:
        external_id = gateway_for(payment.gateway).refund(payment=payment, amount=amount)
    except GatewayError:
        raise ValidationError(
            _("Pengembalian dana gagal di penyedia pembayaran. Coba lagi."),
            code=OrderErrorCode.GATEWAY_ERROR,
        ) from None
    refund = PaymentRefund.objects.create(
        payment=payment,
        order=order,
        amount=amount,
        external_id=external_id,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    payment.refunded_amount += amount
    payment.status = (
        PS.REFUNDED if payment.refunded_amount >= payment.captured_amount else PS.PARTIALLY_REFUNDED
    )
    payment.save()
    order.refunded_amount += amount
    order.save(update_fields=["refunded_amount", "updated_at"])
    return refund


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
        checkout_discounts_release(checkout_id=checkout.pk)
        return PaymentRefund.objects.create(
            payment=payment,
            amount=amount,
            external_id=external_id,
            actor=actor if actor is not None and actor.is_authenticated else None,
        )


def payment_refund_cancelled(*, payment: Payment, amount: int) -> str:
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


def payment_cancel_if_unused(*, payment: Payment) -> None:
    """Cancel a pending payment none of whose orders is still alive (at the provider after commit)."""
    if (
        payment.status == PS.PENDING
        and not payment.orders.exclude(status=Order.Status.CANCELLED).exists()
    ):
        Payment.objects.filter(pk=payment.pk).update(status=PS.CANCELLED)
        transaction.on_commit(lambda: gateway_for(payment.gateway).cancel(payment=payment))


def payment_notification_apply(*, notification: PaymentNotification) -> tuple[str, int | None]:
    """Move the notified payment forward; answer the outcome and the payment id to settle.

    Call inside a transaction. Each move goes only forward (pending ->
    succeeded -> refunded), so late or reordered deliveries change nothing.
    """
    N = PaymentNotification
    payment = (
        Payment.objects.select_for_update()
        .filter(gateway=notification.gateway, external_id=notification.external_id)
        .first()
        if notification.external_id
        else None
    )
    if payment is None:
        return "ignored: unknown payment", None
    if notification.kind == N.SUCCEEDED:
        if notification.amount != payment.amount or notification.currency != "IDR":
            return "refused: amount or currency differs", None
        if payment.status in (PS.PENDING, PS.FAILED):
            payment_mark_succeeded(payment=payment, amount_received=notification.amount)
            return "succeeded", payment.pk
        if payment.status == PS.CANCELLED:
            return payment_refund_cancelled(payment=payment, amount=notification.amount), None
        return f"no change: payment {payment.status}", None
    if notification.kind == N.FAILED:
        if payment.status == PS.PENDING:
            payment.status = PS.FAILED
            payment.save(update_fields=["status", "updated_at"])
            return "failed", None
        return f"no change: payment {payment.status}", None
    if notification.kind == N.REFUNDED:
        if notification.amount > payment.refunded_amount:
            payment.refunded_amount = notification.amount
            payment.status = (
                PS.REFUNDED
                if notification.amount >= payment.captured_amount
                else PS.PARTIALLY_REFUNDED
            )
            payment.save(update_fields=["refunded_amount", "status", "updated_at"])
            return "refund recorded", None
        return "no change: refund already recorded", None
    return "ignored: event type", None
