"""Every change in the seller portal says what it did (issue #16): the order actions name
the order (and its tracking number), not a bare "Pesanan diperbarui"."""

import pytest

from orders.models import Order, ShippingMethod
from tests.factories import OrderFactory, SellerMemberFactory, ShippingMethodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return OrderFactory(
        status=Order.Status.PAID,
        shipping_method=ShippingMethodFactory(kind=ShippingMethod.Kind.COURIER),
    )


def _post(client, order, **data):
    response = client.post(f"/penjual/pesanan/{order.number}/", data, follow=True)
    assert response.redirect_chain == [(f"/penjual/pesanan/{order.number}/", 302)]
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_accepting_and_shipping_say_which_order_and_which_tracking_number(client, order):
    client.force_login(SellerMemberFactory(seller=order.seller).user)

    assert _post(client, order, action="accept") == [
        ("success", f"Pesanan {order.number} diterima; siapkan.")
    ]
    assert _post(client, order, action="fulfill", tracking_number="JNE0012345678") == [
        ("success", f"Pesanan {order.number} dikirim dengan nomor resi JNE0012345678.")
    ]
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED


def test_a_refused_action_shows_no_success(client, order):
    client.force_login(SellerMemberFactory(seller=order.seller).user)

    messages = _post(client, order, action="fulfill", tracking_number="")

    assert [level for level, _text in messages] == ["error"]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
