"""POST /webhooks/stripe/ with payloads signed by Stripe's scheme (t=..., v1=HMAC-SHA256)."""

import hashlib
import hmac
import json
import time

import pytest

from orders.models import GatewayEvent, Order, Payment
from tests.graphql import gid
from tests.shopping import WEBHOOK_SECRET, checkout_ready, complete, pay, stripe_intent_confirm

pytestmark = pytest.mark.django_db


def signed(payload: str, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    t = at or int(time.time())
    v1 = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={v1}"


def event(type_: str, payment: Payment, *, id_: str = "evt_1", **obj) -> str:
    if type_.startswith("payment_intent."):
        body = {
            "id": payment.external_id,
            "object": "payment_intent",
            "amount": payment.amount * 100,
            "amount_received": payment.amount * 100,
            "currency": "idr",
            "status": "succeeded",
        }
    else:
        body = {"id": "ch_1", "object": "charge", "payment_intent": payment.external_id}
    body |= obj
    return json.dumps({"id": id_, "object": "event", "type": type_, "data": {"object": body}})


def post(client, payload: str, signature: str):
    return client.post(
        "/webhooks/stripe/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )


@pytest.fixture
def stripe_payment(gql, world, stripe_on):
    token = checkout_ready(gql, world)
    pay(gql, token, "STRIPE")
    payment = Payment.objects.get()
    payment.token = token
    return payment


def test_signed_succeeded_event_places_paid_orders(client, stripe_payment):
    payload = event("payment_intent.succeeded", stripe_payment)
    response = post(client, payload, signed(payload))
    assert response.status_code == 200
    assert response.content == b"succeeded"
    assert Order.objects.filter(status="PAID").count() == 2
    stripe_payment.refresh_from_db()
    assert (stripe_payment.status, stripe_payment.captured_amount) == ("SUCCEEDED", 630_000)


def test_bad_signature_is_400_and_records_nothing(client, stripe_payment):
    payload = event("payment_intent.succeeded", stripe_payment)
    for signature in (signed(payload, secret="whsec_wrong"), "", "t=1,v1=00"):
        assert post(client, payload, signature).status_code == 400
    tampered = payload.replace('"amount": 63000000', '"amount": 100')
    assert post(client, tampered, signed(payload)).status_code == 400
    assert GatewayEvent.objects.count() == 0
    assert Order.objects.count() == 0
    stripe_payment.refresh_from_db()
    assert stripe_payment.status == "PENDING"


def test_stale_signature_timestamp_is_refused(client, stripe_payment):
    payload = event("payment_intent.succeeded", stripe_payment)
    response = post(client, payload, signed(payload, at=int(time.time()) - 3600))
    assert response.status_code == 400
    assert GatewayEvent.objects.count() == 0


def test_same_event_twice_has_one_effect(client, stripe_payment):
    payload = event("payment_intent.succeeded", stripe_payment)
    assert post(client, payload, signed(payload)).content == b"succeeded"
    assert post(client, payload, signed(payload)).content == b"duplicate"
    assert GatewayEvent.objects.count() == 1
    assert Order.objects.count() == 2


def test_amount_differing_from_our_payment_is_not_accepted(client, stripe_payment):
    payload = event("payment_intent.succeeded", stripe_payment, amount_received=100)
    assert post(client, payload, signed(payload)).content == b"refused: amount or currency differs"
    assert Order.objects.count() == 0


def test_refund_event_before_success_event_never_moves_back(client, stripe_payment):
    refunded = event("charge.refunded", stripe_payment, id_="evt_2", amount_refunded=63_000_000)
    succeeded = event("payment_intent.succeeded", stripe_payment, id_="evt_1")
    assert post(client, refunded, signed(refunded)).content == b"refund recorded"
    assert post(client, succeeded, signed(succeeded)).content == b"no change: payment REFUNDED"
    stripe_payment.refresh_from_db()
    assert stripe_payment.status == "REFUNDED"
    assert Order.objects.count() == 0


def test_failed_event_after_success_changes_nothing(client, stripe_payment):
    succeeded = event("payment_intent.succeeded", stripe_payment, id_="evt_1")
    failed = event("payment_intent.payment_failed", stripe_payment, id_="evt_2")
    post(client, succeeded, signed(succeeded))
    assert post(client, failed, signed(failed)).content == b"no change: payment SUCCEEDED"
    stripe_payment.refresh_from_db()
    assert stripe_payment.status == "SUCCEEDED"


def test_webhook_then_buyer_complete_answers_the_same_orders(gql, client, stripe_payment):
    payload = event("payment_intent.succeeded", stripe_payment)
    post(client, payload, signed(payload))
    result = complete(gql, stripe_payment.token)
    assert result["errors"] == []
    assert sorted(o["number"] for o in result["orders"]) == sorted(
        Order.objects.values_list("number", flat=True)
    )


def test_unknown_payment_is_recorded_and_ignored(client, stripe_payment):
    stripe_payment.external_id = "pi_other"
    payload = event("payment_intent.succeeded", stripe_payment)
    assert post(client, payload, signed(payload)).content == b"ignored: unknown payment"
    assert GatewayEvent.objects.get().outcome == "ignored: unknown payment"


def test_redelivered_success_places_orders_a_crashed_first_attempt_missed(client, stripe_payment):
    from orders.webhooks import stripe_event_process

    payload = event("payment_intent.succeeded", stripe_payment)
    # The first delivery was recorded and marked the payment, then the process died
    # before the orders were placed.
    GatewayEvent.objects.create(
        gateway="STRIPE", event_id="evt_1", type="payment_intent.succeeded", payload={}
    )
    Payment.objects.filter(pk=stripe_payment.pk).update(
        status="SUCCEEDED", captured_amount=stripe_payment.amount
    )
    assert Order.objects.count() == 0
    assert post(client, payload, signed(payload)).content == b"duplicate"
    assert Order.objects.filter(status="PAID").count() == 2
    assert stripe_event_process(event=json.loads(payload)) == "duplicate"
    assert Order.objects.count() == 2


def test_success_for_an_intent_cancelled_by_a_cart_change_is_refunded_once(
    gql, client, world, stripe_on
):

    from .test_stripe_payment import localstripe_get

    token = checkout_ready(gql, world)
    pay(gql, token, "STRIPE")
    first = Payment.objects.get()
    stripe_intent_confirm(intent_id=first.external_id)  # the card went through
    changed = gql(
        """mutation($t: String!, $l: [CheckoutLineInput!]!) { checkoutLinesUpdate(token: $t, lines: $l) {
             errors { code } } }""",
        {"t": token, "l": [{"variant": gid(world.kopi), "quantity": 3}]},
    )["data"]["checkoutLinesUpdate"]
    assert changed["errors"] == []
    assert pay(gql, token, "STRIPE")["errors"] == []
    first.refresh_from_db()
    assert first.status == "CANCELLED"

    payload = event("payment_intent.succeeded", first, id_="evt_late")
    assert post(client, payload, signed(payload)).status_code == 200
    first.refresh_from_db()
    assert (first.status, first.captured_amount, first.refunded_amount) == (
        "REFUNDED",
        630_000,
        630_000,
    )
    refund = first.refunds.get()
    assert (refund.amount, refund.order) == (630_000, None)
    remote = localstripe_get(stripe_on, f"/v1/refunds/{refund.external_id}")
    assert (remote["payment_intent"], remote["amount"]) == (first.external_id, 630_000 * 100)
    assert Order.objects.count() == 0
    assert GatewayEvent.objects.get(event_id="evt_late").outcome == "refunded: payment CANCELLED"

    assert post(client, payload, signed(payload)).status_code == 200
    again = event("payment_intent.succeeded", first, id_="evt_late_2")
    assert post(client, again, signed(again)).status_code == 200
    assert first.refunds.count() == 1
    assert Order.objects.count() == 0
    first.refresh_from_db()
    assert (first.status, first.refunded_amount) == ("REFUNDED", 630_000)


@pytest.mark.parametrize(
    "payload",
    [
        "[]",
        '[{"id": "evt_1", "type": "payment_intent.succeeded"}]',
        '"payment_intent.succeeded"',
        "42",
        "null",
        "{}",
        '{"id": 1, "type": "payment_intent.succeeded", "data": {"object": {}}}',
        '{"id": "evt_1", "type": ["x"], "data": {"object": {}}}',
        '{"id": "evt_1", "type": "payment_intent.succeeded", "data": []}',
        '{"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": "pi_1"}}',
    ],
)
def test_a_signed_body_that_is_not_an_event_object_is_a_400(client, settings, payload):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    response = post(client, payload, signed(payload))
    assert response.status_code == 400
    assert GatewayEvent.objects.count() == 0
