"""Order histories speak Indonesian (or English), not the event codes of the database."""

import pytest
from django.conf import settings

from orders.models import Order
from tests.shopping import checkout_ready, complete, pay

pytestmark = pytest.mark.django_db


def test_buyer_reads_the_history_in_words_with_the_tracking_number(client, gql, world, make_user):
    buyer = make_user()
    gql.login(buyer)
    token = checkout_ready(gql, world)
    pay(gql, token)
    complete(gql, token)
    order = Order.objects.get(seller=world.sikka)
    client.force_login(world.sikka_member)
    client.post(f"/penjual/pesanan/{order.number}/", {"action": "accept"})
    client.post(
        f"/penjual/pesanan/{order.number}/", {"action": "fulfill", "tracking_number": "JNE77"}
    )
    client.force_login(buyer)
    page = client.get(f"/pesanan/{order.number}/").content.decode()
    for words in (
        'Pesanan dibuat <span class="badge">Belum dibayar</span>',
        'Pembayaran diterima <span class="badge">Dibayar</span>',
        'Diterima lembaga, sedang diproses <span class="badge">Diproses</span>',
        "Dikirim · Nomor resi JNE77",
    ):
        assert words in page
    for code in ("PLACED", "PAID", "ACCEPTED", "PROCESSING", "SHIPPED"):
        assert code not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/pesanan/{order.number}/").content.decode()
    assert "Shipped · Tracking number JNE77" in page


def test_refund_events_show_rupiah(client, gql, world, make_user):
    buyer = make_user()
    gql.login(buyer)
    token = checkout_ready(gql, world)
    pay(gql, token)
    complete(gql, token)
    order = Order.objects.get(seller=world.belu)
    client.force_login(world.belu_member)
    client.post(f"/penjual/pesanan/{order.number}/", {"action": "cancel"})
    client.force_login(buyer)
    page = client.get(f"/pesanan/{order.number}/").content.decode()
    assert order.total == 155_000
    assert 'Dana dikembalikan <span class="badge">Dibatalkan</span> · Rp 155.000' in page
