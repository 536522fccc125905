"""The buyer's order page: confirm receipt, then complete (or cancel while unpaid)."""

import pytest

from orders.models import Order
from tests.shopping import checkout_ready, complete, pay

pytestmark = pytest.mark.django_db


def test_buyer_confirms_receipt_and_completes_the_order_on_its_page(client, gql, world, make_user):
    buyer = make_user()
    gql.login(buyer)
    token = checkout_ready(gql, world)
    pay(gql, token)
    complete(gql, token)
    order = Order.objects.get(seller=world.sikka)
    client.force_login(world.sikka_member)
    client.post(f"/penjual/pesanan/{order.number}/", {"action": "accept"})
    # The lembaga's member sees the buyer's page but has no buyer buttons there.
    assert 'value="delivered"' not in client.get(f"/pesanan/{order.number}/").content.decode()
    assert client.post(f"/pesanan/{order.number}/", {"action": "cancel"}).status_code == 403
    client.post(f"/penjual/pesanan/{order.number}/", {"action": "fulfill", "tracking_number": "J1"})
    client.force_login(buyer)
    url = f"/pesanan/{order.number}/"
    assert "Paket sudah saya terima" in client.get(url).content.decode()
    assert client.post(url, {"action": "complete"}).status_code == 302  # not yet delivered
    order.refresh_from_db()
    assert order.status == "SHIPPED"
    client.post(url, {"action": "delivered"})
    page = client.get(url).content.decode()
    assert "Selesaikan pesanan" in page
    client.post(url, {"action": "complete"})
    order.refresh_from_db()
    assert order.status == "COMPLETED"
    other = make_user()
    client.force_login(other)
    assert client.post(url, {"action": "complete"}).status_code == 404
