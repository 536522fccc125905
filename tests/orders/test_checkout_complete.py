import pytest
from django.core import mail

from catalog.models import StockMovement
from orders.models import Order, OrderEvent, Payment
from tests.graphql import gid
from tests.shopping import ADDRESS, checkout_ready, complete, pay, stock_of

pytestmark = pytest.mark.django_db


def test_two_sellers_one_checkout_become_two_paid_orders_with_server_prices(
    gql, world, django_capture_on_commit_callbacks
):
    token = checkout_ready(gql, world)
    checkout = gql(
        """query($t: String!) { checkout(token: $t) { subtotal { amount } shippingTotal { amount }
             total { amount } } }""",
        {"t": token},
    )["data"]["checkout"]
    # tenun 450.000 to Kota Kupang (other regency in NTT, 0.9 kg): 25.000;
    # kopi 2 x 65.000 (0.5 kg): 25.000.
    assert checkout == {
        "subtotal": {"amount": 580_000},
        "shippingTotal": {"amount": 50_000},
        "total": {"amount": 630_000},
    }
    payment = pay(gql, token, "DUMMY", e=630_000)
    assert payment["errors"] == []
    assert payment["payment"]["status"] == "SUCCEEDED"
    with django_capture_on_commit_callbacks(execute=True):
        result = complete(gql, token)
    assert result["errors"] == []
    orders = result["orders"]
    assert sorted(o["seller"]["id"] for o in orders) == sorted([gid(world.sikka), gid(world.belu)])
    assert {o["status"] for o in orders} == {"PAID"}
    assert sorted(o["total"]["amount"] for o in orders) == [155_000, 475_000]
    numbers = sorted(o["number"] for o in orders)
    assert numbers[0].startswith("OVOP-")
    assert int(numbers[1][-6:]) == int(numbers[0][-6:]) + 1
    assert stock_of(world.tenun).quantity == 9
    assert stock_of(world.kopi).quantity == 48
    assert stock_of(world.kopi).quantity_reserved == 0
    assert StockMovement.objects.filter(reason="SALE").count() == 2
    sikka_order = Order.objects.get(seller=world.sikka)
    assert sikka_order.commission_amount == 22_500  # 5 % of the goods, not of shipping
    assert sikka_order.seller_payout == 475_000 - 22_500
    assert list(OrderEvent.objects.filter(order=sikka_order).values_list("type", flat=True)) == [
        "PLACED",
        "PAID",
    ]
    assert Payment.objects.get().amount == 630_000
    buyer_mails = [m for m in mail.outbox if m.to == ["maria@contoh.id"]]
    assert len(buyer_mails) == 2
    assert all(m.subject.startswith("Pembayaran pesanan OVOP-") for m in buyer_mails)
    seller_mails = {m.to[0]: m for m in mail.outbox if m.subject.startswith("Pesanan baru")}
    assert set(seller_mails) == {world.sikka.email, world.belu.email}
    assert sikka_order.number in seller_mails[world.sikka.email].subject
    assert "Pencairan untuk lembaga: Rp 452.500" in seller_mails[world.sikka.email].body
    assert len(mail.outbox) == 4


def test_complete_twice_answers_the_same_orders(gql, world):
    token = checkout_ready(gql, world)
    pay(gql, token)
    first = complete(gql, token)["orders"]
    second = complete(gql, token)
    assert second["errors"] == []
    assert [o["number"] for o in second["orders"]] == [o["number"] for o in first]
    assert Order.objects.count() == 2


def test_complete_without_payment_is_refused(gql, world):
    token = checkout_ready(gql, world)
    assert complete(gql, token)["errors"][0]["code"] == "PAYMENT_REQUIRED"


def test_tampered_expected_total_is_refused_and_reserves_nothing(gql, world):
    token = checkout_ready(gql, world)
    result = pay(gql, token, "DUMMY", e=1_000)
    assert result["errors"][0]["code"] == "TOTAL_MISMATCH"
    assert result["errors"][0]["field"] == "expectedTotal"
    assert stock_of(world.tenun).quantity_reserved == 0
    assert Payment.objects.count() == 0


def test_price_field_in_lines_is_not_accepted(gql, world):
    response = gql(
        """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
             checkout { token } errors { code } } }""",
        {"input": {"lines": [{"variant": gid(world.tenun), "quantity": 1, "price": 1}]}},
    )
    assert "errors" in response
    assert response.get("data") is None


def test_bank_transfer_order_is_unpaid_until_the_seller_confirms(gql, world):
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.tenun), "quantity": 1}])
    assert pay(gql, token, "BANK_TRANSFER")["payment"]["status"] == "PENDING"
    order = complete(gql, token)["orders"][0]
    assert order["status"] == "UNPAID"
    gql.login(world.sikka_member)
    result = gql(
        """mutation($id: ID!) { orderConfirmPayment(id: $id) { order { status } errors { code } } }""",
        {"id": order["id"]},
    )["data"]["orderConfirmPayment"]
    assert result == {"order": {"status": "PAID"}, "errors": []}
    assert Payment.objects.get().status == "SUCCEEDED"


def test_address_outside_ntt_uses_the_outside_band(gql, world):
    address = {k: v for k, v in ADDRESS.items() if k != "villageCode"}
    address |= {"city": "Kota Surabaya", "province": "Jawa Timur", "postalCode": "60111"}
    data = gql(
        """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
             checkout { deliveries { availableMethods { name price { amount } } } } errors { code } } }""",
        {
            "input": {
                "lines": [{"variant": gid(world.tenun), "quantity": 2}],
                "email": "a@contoh.id",
                "shippingAddress": address,
            }
        },
    )["data"]["checkoutCreate"]
    methods = data["checkout"]["deliveries"][0]["availableMethods"]
    # 1.8 kg outside NTT: 60.000 + 1 x 30.000
    assert {m["name"]: m["price"]["amount"] for m in methods} == {
        "Ambil di desa": 0,
        "Kurir JNE": 90_000,
    }
