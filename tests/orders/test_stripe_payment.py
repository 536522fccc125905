"""Stripe through the real ``stripe`` library against a local localstripe server."""

import base64
import json
import time
import urllib.parse
import urllib.request

import pytest

from orders.models import GatewayEvent, Order, Payment, PaymentRefund
from shop.models import OutboxMessage
from tests.graphql import gid
from tests.shopping import (
    WEBHOOK_SECRET,
    checkout_ready,
    complete,
    make_variant,
    pay,
    stripe_intent_confirm,
)

pytestmark = pytest.mark.django_db


def localstripe_get(base: str, path: str) -> dict:
    request = urllib.request.Request(
        f"{base}{path}",
        headers={"Authorization": "Basic " + base64.b64encode(b"sk_test_ovop:").decode()},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_payment_create_opens_an_intent_in_idr_minor_units(gql, world, stripe_on):
    token = checkout_ready(gql, world)
    result = pay(gql, token, "STRIPE")
    assert result["errors"] == []
    payment = Payment.objects.get()
    assert result["payment"]["clientSecret"] == payment.client_secret
    assert result["payment"]["clientSecret"].startswith(f"{payment.external_id}_secret_")
    intent = localstripe_get(stripe_on, f"/v1/payment_intents/{payment.external_id}")
    assert (intent["amount"], intent["currency"]) == (630_000 * 100, "idr")
    assert intent["metadata"] == {"payment": str(payment.pk), "checkout": token}


def test_second_payment_create_reuses_the_same_payment_and_intent(gql, world, stripe_on):
    token = checkout_ready(gql, world)
    first = pay(gql, token, "STRIPE")["payment"]
    second = pay(gql, token, "STRIPE")["payment"]
    assert second["id"] == first["id"]
    assert second["clientSecret"] == first["clientSecret"]
    assert Payment.objects.count() == 1
    assert Payment.objects.get().idempotency_key.startswith("checkout-")


def test_complete_waits_for_the_card_then_places_paid_orders(gql, world, stripe_on):
    token = checkout_ready(gql, world)
    pay(gql, token, "STRIPE")
    assert complete(gql, token)["errors"][0]["code"] == "PAYMENT_NOT_CONFIRMED"
    assert Order.objects.count() == 0
    stripe_intent_confirm(intent_id=Payment.objects.get().external_id)
    result = complete(gql, token)
    assert result["errors"] == []
    assert [o["status"] for o in result["orders"]] == ["PAID", "PAID"]
    assert Payment.objects.get().captured_amount == 630_000


def test_amount_below_stripe_minimum_is_refused(gql, world, stripe_on, settings):
    cheap = make_variant(world.sikka, name="Garam lokal 100 g", price=3_000, weight_grams=100)
    token = checkout_ready(gql, world, lines=[{"variant": gid(cheap), "quantity": 1}])
    gql(
        """mutation($t: String!, $s: ID!, $m: ID!) { checkoutShippingMethodUpdate(
             token: $t, seller: $s, method: $m) { errors { code } } }""",
        {"t": token, "s": gid(world.sikka), "m": gid(world.sikka_ship["pickup"])},
    )
    result = pay(gql, token, "STRIPE")
    assert result["errors"][0]["code"] == "AMOUNT_BELOW_MINIMUM"
    assert settings.STRIPE_MIN_CHARGE_IDR == 10_000
    assert Payment.objects.count() == 0


def test_stripe_not_enabled_is_gateway_unavailable(gql, world, settings):
    settings.PAYMENT_GATEWAYS = ["DUMMY"]
    token = checkout_ready(gql, world)
    assert pay(gql, token, "STRIPE")["errors"][0]["code"] == "GATEWAY_UNAVAILABLE"


def test_partial_then_full_refund_goes_to_stripe(gql, world, stripe_on):
    token = checkout_ready(gql, world)
    pay(gql, token, "STRIPE")
    payment = Payment.objects.get()
    stripe_intent_confirm(intent_id=payment.external_id)
    orders = complete(gql, token)["orders"]
    sikka = next(o for o in orders if o["seller"]["id"] == gid(world.sikka))
    gql.login(world.sikka_member)
    mutation = """mutation($id: ID!, $a: Int) { orderRefund(id: $id, amount: $a) {
        order { status refunded { amount } } errors { field code } } }"""
    partial = gql(mutation, {"id": sikka["id"], "a": 100_000})["data"]["orderRefund"]
    assert partial == {"order": {"status": "PAID", "refunded": {"amount": 100_000}}, "errors": []}
    too_much = gql(mutation, {"id": sikka["id"], "a": 400_000})["data"]["orderRefund"]
    assert too_much["errors"] == [{"field": "amount", "code": "REFUND_EXCEEDS_PAID"}]
    full = gql(mutation, {"id": sikka["id"]})["data"]["orderRefund"]
    assert full == {"order": {"status": "REFUNDED", "refunded": {"amount": 475_000}}, "errors": []}
    refunds = list(PaymentRefund.objects.order_by("pk"))
    assert [r.amount for r in refunds] == [100_000, 375_000]
    remote = localstripe_get(stripe_on, f"/v1/refunds/{refunds[0].external_id}")
    assert remote["amount"] == 100_000 * 100
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("PARTIALLY_REFUNDED", 475_000)


def register_webhook(base: str, url: str) -> None:
    """Point localstripe's one webhook (a fixed id: registering again replaces it) at
    ``url``. localstripe posts every event to every webhook it holds, and has no way
    to remove one."""
    body = urllib.parse.urlencode({"url": url, "secret": WEBHOOK_SECRET}).encode()
    request = urllib.request.Request(f"{base}/_config/webhooks/ovop-test", data=body)
    urllib.request.urlopen(request, timeout=5).read()


@pytest.fixture
def webhook_to_live_server(stripe_on, live_server):
    """localstripe's webhook aimed at the live server for one test, then at a closed
    port: a later test's payment must not post into the live server (shared by the
    session) while that test's database is being flushed."""
    register_webhook(stripe_on, f"{live_server.url}/webhooks/stripe/")
    yield
    register_webhook(stripe_on, "http://127.0.0.1:9/")


def wait_for_outbox_drained(seconds: float = 15) -> None:
    """Wait until the webhook's request has delivered its outbox (eagerly, after its
    commit, in the live server's thread): flushing the database under it deadlocks."""
    deadline = time.monotonic() + seconds
    while OutboxMessage.objects.filter(delivered_at__isnull=True).exists():
        assert time.monotonic() < deadline, "the outbox was not delivered"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_localstripe_posts_a_signed_webhook_that_places_the_orders(
    gql, world, stripe_on, webhook_to_live_server
):
    token = checkout_ready(gql, world)
    pay(gql, token, "STRIPE")
    payment = Payment.objects.get()
    stripe_intent_confirm(intent_id=payment.external_id)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and Order.objects.count() < 2:
        time.sleep(0.2)
    assert Order.objects.filter(status="PAID").count() == 2
    event = GatewayEvent.objects.get(type="payment_intent.succeeded")
    assert event.outcome == "succeeded"
    payment.refresh_from_db()
    assert payment.status == "SUCCEEDED"
    wait_for_outbox_drained()
    # The buyer's own checkoutComplete afterwards answers the same orders.
    assert sorted(o["number"] for o in complete(gql, token)["orders"]) == sorted(
        Order.objects.values_list("number", flat=True)
    )
