"""A complaint settled on a card order refunds through Stripe (localstripe), exactly."""

import pytest

from orders.complaints.services import complaint_create, complaint_respond
from orders.models import Order, Payment, PaymentRefund
from orders.services.orders import order_fulfill, order_mark_delivered
from shop.roles import Role
from tests.shopping import checkout_ready, complete, pay, stripe_intent_confirm

from .test_stripe_payment import localstripe_get

pytestmark = pytest.mark.django_db


def test_an_accepted_partial_refund_goes_to_stripe(gql, world, stripe_on, make_user):
    buyer = make_user(Role.CONSUMER, email="maria@contoh.id")
    gql.login(buyer)
    token = checkout_ready(gql, world)
    pay(gql, token, "STRIPE")
    payment = Payment.objects.get()
    stripe_intent_confirm(intent_id=payment.external_id)
    assert complete(gql, token)["errors"] == []
    order = Order.objects.get(seller=world.sikka)
    order_fulfill(order=order, actor=world.sikka_member, tracking_number="JNE777")
    order = order_mark_delivered(order=order, actor=buyer)

    complaint = complaint_create(
        user=buyer,
        order=order,
        reason="NOT_AS_DESCRIBED",
        description="Warna berbeda dari foto.",
        remedy="PARTIAL_REFUND",
        amount=100_000,
    )
    complaint_respond(user=world.sikka_member, complaint=complaint, response="ACCEPT")

    [refund] = PaymentRefund.objects.filter(order=order)
    assert refund.amount == 100_000
    assert (
        localstripe_get(stripe_on, f"/v1/refunds/{refund.external_id}")["amount"] == 100_000 * 100
    )
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("PARTIALLY_REFUNDED", 100_000)
    assert (order.status, order.refunded_amount) == ("DELIVERED", 100_000)
