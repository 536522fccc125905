"""orders.services.payments: refunds, cancelling an unused payment, applying notifications."""

import pytest
from django.db import transaction

from orders.gateways import PaymentNotification
from orders.models import Order, Payment, PaymentRefund
from orders.services.payments import (
    payment_cancel_if_unused,
    payment_notification_apply,
    payment_refund,
)
from tests.shopping import checkout_of_sikka, order_of_sikka


def test_payment_refund_gives_part_back_on_the_payment_and_the_order(world):
    order = order_of_sikka(world, "DUMMY")
    with transaction.atomic():
        refund = payment_refund(order=order, amount=50_000, actor=None)
    payment = Payment.objects.get(pk=order.payment_id)
    order.refresh_from_db()
    assert (refund.amount, refund.order_id, refund.external_id) == (
        50_000,
        order.pk,
        f"dummy_refund_{payment.pk}_50000",
    )
    assert (payment.status, payment.refunded_amount) == (Payment.Status.PARTIALLY_REFUNDED, 50_000)
    assert order.refunded_amount == 50_000


def test_payment_refund_of_all_that_was_captured_marks_the_payment_refunded(world):
    order = order_of_sikka(world, "DUMMY")
    with transaction.atomic():
        payment_refund(order=order, amount=order.total, actor=None)
    payment = Payment.objects.get(pk=order.payment_id)
    assert (payment.status, payment.refunded_amount) == (Payment.Status.REFUNDED, order.total)
    assert PaymentRefund.objects.filter(order=order).count() == 1


def test_pending_payment_is_cancelled_only_once_no_order_uses_it(world):
    order = order_of_sikka(world, "BANK_TRANSFER")
    payment = order.payment
    payment_cancel_if_unused(payment=payment)
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)
    payment_cancel_if_unused(payment=payment)
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.CANCELLED


@pytest.fixture
def card_payment(world) -> Payment:
    return Payment.objects.create(
        checkout=checkout_of_sikka(world),
        gateway=Payment.Gateway.STRIPE,
        amount=475_000,
        idempotency_key="checkout-test-1",
        external_id="pi_test_1",
    )


def notification(kind: str, amount: int, currency: str = "IDR", external_id="pi_test_1"):
    return PaymentNotification(
        gateway="STRIPE",
        event_id="evt_test",
        event_type="test",
        kind=kind,
        external_id=external_id,
        amount=amount,
        currency=currency,
    )


def test_success_in_another_currency_is_refused_and_the_payment_stays_pending(card_payment):
    with transaction.atomic():
        outcome = payment_notification_apply(
            notification=notification(PaymentNotification.SUCCEEDED, 475_000, currency="USD")
        )
    assert outcome == ("refused: amount or currency differs", None)
    assert Payment.objects.get(pk=card_payment.pk).status == Payment.Status.PENDING


def test_success_of_the_exact_amount_marks_the_payment_and_asks_to_settle_it(card_payment):
    with transaction.atomic():
        outcome = payment_notification_apply(
            notification=notification(PaymentNotification.SUCCEEDED, 475_000)
        )
    card_payment.refresh_from_db()
    assert outcome == ("succeeded", card_payment.pk)
    assert (card_payment.status, card_payment.captured_amount) == (
        Payment.Status.SUCCEEDED,
        475_000,
    )


def test_refund_notification_records_the_providers_total_once(card_payment):
    Payment.objects.filter(pk=card_payment.pk).update(
        status=Payment.Status.SUCCEEDED, captured_amount=475_000
    )
    refunded = notification(PaymentNotification.REFUNDED, 100_000)
    with transaction.atomic():
        first = payment_notification_apply(notification=refunded)
        again = payment_notification_apply(notification=refunded)
    card_payment.refresh_from_db()
    assert (first, again) == (
        ("refund recorded", None),
        ("no change: refund already recorded", None),
    )
    assert (card_payment.status, card_payment.refunded_amount) == (
        Payment.Status.PARTIALLY_REFUNDED,
        100_000,
    )


def test_notification_for_an_unknown_payment_is_ignored(card_payment):
    with transaction.atomic():
        outcome = payment_notification_apply(
            notification=notification(PaymentNotification.SUCCEEDED, 475_000, external_id="pi_x")
        )
    assert outcome == ("ignored: unknown payment", None)
