"""The issue's "done when": two lembaga, one Stripe payment, a signed webhook, each ships."""

import pytest

from orders.models import GatewayEvent, Order, Payment
from tests.graphql import gid
from tests.shopping import checkout_ready, pay

from .test_stripe_webhook import event, post, signed

pytestmark = pytest.mark.django_db

ORDERS = (
    """{ orders(first: 10) { totalCount edges { node { id number status seller { id } } } } }"""
)
FULFILL = """mutation($id: ID!, $t: String) { orderFulfill(id: $id, trackingNumber: $t) {
  order { status trackingNumber } errors { code } } }"""


def test_consumer_buys_from_two_lembaga_pays_with_stripe_and_each_ships(
    gql, client, world, stripe_on, make_user
):
    buyer = make_user(email="maria@contoh.id")
    gql.login(buyer)
    token = checkout_ready(gql, world)
    payment_data = pay(gql, token, "STRIPE", e=630_000)["payment"]
    assert payment_data["clientSecret"]
    payment = Payment.objects.get()

    payload = event("payment_intent.succeeded", payment, id_="evt_done_when")
    assert post(client, payload, signed(payload)).status_code == 200
    assert post(client, payload, signed(payload)).content == b"duplicate"
    assert GatewayEvent.objects.count() == 1

    mine = gql(ORDERS)["data"]["orders"]
    assert mine["totalCount"] == 2
    assert {e["node"]["status"] for e in mine["edges"]} == {"PAID"}

    for member, seller, tracking in (
        (world.sikka_member, world.sikka, "JNE-SIKKA-1"),
        (world.belu_member, world.belu, "POS-BELU-1"),
    ):
        gql.login(member)
        theirs = gql(ORDERS)["data"]["orders"]
        assert theirs["totalCount"] == 1
        node = theirs["edges"][0]["node"]
        assert node["seller"]["id"] == gid(seller)
        shipped = gql(FULFILL, {"id": node["id"], "t": tracking})["data"]["orderFulfill"]
        assert shipped == {"order": {"status": "SHIPPED", "trackingNumber": tracking}, "errors": []}

    assert sorted(Order.objects.values_list("status", "tracking_number")) == [
        ("SHIPPED", "JNE-SIKKA-1"),
        ("SHIPPED", "POS-BELU-1"),
    ]
    payment.refresh_from_db()
    assert (payment.status, payment.captured_amount) == ("SUCCEEDED", 630_000)
