from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from catalog.models import StockMovement
from orders.models import Order, OrderEvent, PaymentRefund
from orders.services.orders import orders_expire_unpaid
from sellers.models import SellerMember
from shop.roles import Role
from tests.graphql import gid
from tests.shopping import checkout_ready, complete, pay, stock_of

pytestmark = pytest.mark.django_db

ACTION = """mutation($id: ID!) { %s(id: $id) { order { status } errors { field code } } }"""
FULFILL = """mutation($id: ID!, $t: String) { orderFulfill(id: $id, trackingNumber: $t) {
  order { status trackingNumber events { type fromStatus toStatus actorEmail } } errors { field code } } }"""


@pytest.fixture
def placed(gql, world, make_user):
    buyer = make_user(Role.CONSUMER, email="maria@contoh.id")
    gql.login(buyer)
    token = checkout_ready(gql, world)
    pay(gql, token)
    orders = complete(gql, token)["orders"]
    by_seller = {o["seller"]["id"]: o["id"] for o in orders}
    return {
        "buyer": buyer,
        "sikka": by_seller[gid(world.sikka)],
        "belu": by_seller[gid(world.belu)],
    }


def act(gql, name, order_id):
    return gql(ACTION % name, {"id": order_id})["data"][name]


def test_each_seller_accepts_and_ships_its_own_order_with_tracking(gql, world, placed):
    gql.login(world.sikka_member)
    assert act(gql, "orderAccept", placed["sikka"]) == {
        "order": {"status": "PROCESSING"},
        "errors": [],
    }
    missing = gql(FULFILL, {"id": placed["sikka"], "t": ""})["data"]["orderFulfill"]
    assert missing["errors"] == [{"field": "trackingNumber", "code": "REQUIRED"}]
    shipped = gql(FULFILL, {"id": placed["sikka"], "t": "JNE0123456789"})["data"]["orderFulfill"]
    assert shipped["order"]["status"] == "SHIPPED"
    assert shipped["order"]["trackingNumber"] == "JNE0123456789"
    assert shipped["order"]["events"][-1] == {
        "type": "SHIPPED",
        "fromStatus": "PROCESSING",
        "toStatus": "SHIPPED",
        "actorEmail": "pengurus@sikka.id",
    }
    gql.login(world.belu_member)
    shipped = gql(FULFILL, {"id": placed["belu"], "t": "POS998877"})["data"]["orderFulfill"]
    assert shipped["order"]["status"] == "SHIPPED"
    gql.login(placed["buyer"])
    assert act(gql, "orderMarkDelivered", placed["sikka"])["order"]["status"] == "DELIVERED"
    assert act(gql, "orderComplete", placed["sikka"])["order"]["status"] == "COMPLETED"
    events = OrderEvent.objects.filter(order__seller=world.sikka).values_list("type", flat=True)
    assert list(events) == ["PLACED", "PAID", "ACCEPTED", "SHIPPED", "DELIVERED", "COMPLETED"]


def test_shipping_a_paid_order_records_the_accept_step_first(gql, world, placed):
    gql.login(world.sikka_member)
    shipped = gql(FULFILL, {"id": placed["sikka"], "t": "JNE0123456789"})["data"]["orderFulfill"]
    assert shipped["errors"] == []
    assert [
        (e["type"], e["fromStatus"], e["toStatus"], e["actorEmail"])
        for e in shipped["order"]["events"]
    ] == [
        ("PLACED", "", "UNPAID", "maria@contoh.id"),
        ("PAID", "UNPAID", "PAID", None),
        ("ACCEPTED", "PAID", "PROCESSING", "pengurus@sikka.id"),
        ("SHIPPED", "PROCESSING", "SHIPPED", "pengurus@sikka.id"),
    ]
    assert shipped["order"]["status"] == "SHIPPED"


def test_another_seller_cannot_see_or_ship_the_order(gql, world, placed):
    gql.login(world.belu_member)
    result = gql(FULFILL, {"id": placed["sikka"], "t": "X1"})["data"]["orderFulfill"]
    assert result == {"order": None, "errors": [{"field": "id", "code": "NOT_FOUND"}]}
    assert Order.objects.get(seller=world.sikka).status == "PAID"


def test_buyer_cannot_ship_their_own_order(gql, world, placed):
    result = gql(FULFILL, {"id": placed["sikka"], "t": "X1"})["data"]["orderFulfill"]
    assert result["errors"] == [{"field": None, "code": "PERMISSION_DENIED"}]


def test_guest_cannot_act_on_orders(gql, world, placed):
    gql.logout()
    assert act(gql, "orderCancel", placed["sikka"])["errors"][0]["code"] == "PERMISSION_DENIED"


def test_seller_cancels_a_paid_order_stock_returns_and_money_is_refunded(gql, world, placed):
    gql.login(world.sikka_member)
    assert act(gql, "orderCancel", placed["sikka"]) == {
        "order": {"status": "CANCELLED"},
        "errors": [],
    }
    assert stock_of(world.tenun).quantity == 10
    movement = StockMovement.objects.filter(reason="RETURN").get()
    assert (movement.delta, movement.quantity_after) == (1, 10)
    refund = PaymentRefund.objects.get()
    assert refund.amount == Order.objects.get(seller=world.sikka).total
    assert act(gql, "orderCancel", placed["sikka"])["errors"][0]["code"] == "INVALID_STATUS"
    assert StockMovement.objects.filter(reason="RETURN").count() == 1


def test_shipped_order_cannot_be_cancelled(gql, world, placed):
    gql.login(world.sikka_member)
    gql(FULFILL, {"id": placed["sikka"], "t": "JNE1"})
    assert act(gql, "orderCancel", placed["sikka"])["errors"] == [
        {"field": None, "code": "INVALID_STATUS"}
    ]


def test_seller_staff_member_may_ship_but_not_refund(gql, world, placed, make_user):
    staff = make_user(Role.SELLER_MEMBER)
    SellerMember.objects.create(seller=world.sikka, user=staff, role=SellerMember.Role.STAFF)
    gql.login(staff)
    assert act(gql, "orderAccept", placed["sikka"])["errors"] == []
    result = gql(
        """mutation($id: ID!) { orderRefund(id: $id, amount: 1000) { errors { code } } }""",
        {"id": placed["sikka"]},
    )["data"]["orderRefund"]
    assert result["errors"] == [{"code": "PERMISSION_DENIED"}]


def test_programme_officer_manages_any_order(gql, world, placed, make_user):
    gql.login(make_user(Role.PROGRAMME_OFFICER))
    assert act(gql, "orderAccept", placed["belu"])["order"]["status"] == "PROCESSING"


def test_unpaid_bank_transfer_order_expires_and_late_money_is_refunded(gql, world, make_user):
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.tenun), "quantity": 2}])
    pay(gql, token, "BANK_TRANSFER")
    before = timezone.now()
    order_id = complete(gql, token)["orders"][0]["id"]
    after = timezone.now()
    order = Order.objects.get()
    window = timedelta(hours=settings.ORDER_UNPAID_EXPIRY_HOURS)
    assert before + window <= order.expires_at <= after + window
    assert stock_of(world.tenun).quantity == 8
    Order.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert orders_expire_unpaid() == 1
    order.refresh_from_db()
    assert order.status == "CANCELLED"
    assert stock_of(world.tenun).quantity == 10
    gql.login(world.sikka_member)
    result = act(gql, "orderConfirmPayment", order_id)
    assert result == {"order": {"status": "CANCELLED"}, "errors": []}
    order.refresh_from_db()
    assert order.refunded_amount == order.total
    assert list(order.events.values_list("type", flat=True)) == [
        "PLACED",
        "EXPIRED",
        "PAID",
        "REFUNDED",
    ]


def test_buyer_gets_one_indonesian_email_at_each_step(
    gql, world, placed, django_capture_on_commit_callbacks
):
    from django.core import mail

    sikka = Order.objects.get(seller=world.sikka)
    belu = Order.objects.get(seller=world.belu)

    def step(login, run) -> list[tuple[str, str]]:
        gql.login(login)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = run()
        assert result["errors"] == [], result
        return [(m.subject, m.to[0]) for m in mail.outbox]

    n = sikka.number
    assert step(world.sikka_member, lambda: act(gql, "orderAccept", placed["sikka"])) == [
        (f"Pesanan {n} sedang diproses", "maria@contoh.id")
    ]
    assert step(
        world.sikka_member,
        lambda: gql(FULFILL, {"id": placed["sikka"], "t": "JNE0123456789"})["data"]["orderFulfill"],
    ) == [(f"Pesanan {n} sudah dikirim", "maria@contoh.id")]
    assert f"Pesanan {n} sudah dikirim dengan nomor resi JNE0123456789." in mail.outbox[0].body
    assert step(placed["buyer"], lambda: act(gql, "orderMarkDelivered", placed["sikka"])) == [
        (f"Pesanan {n} sudah diterima", "maria@contoh.id")
    ]
    assert step(placed["buyer"], lambda: act(gql, "orderComplete", placed["sikka"])) == [
        (f"Pesanan {n} selesai", "maria@contoh.id")
    ]
    refund = """mutation($id: ID!, $a: Int) { orderRefund(id: $id, amount: $a) {
        order { status } errors { field code } } }"""
    assert step(
        world.sikka_member,
        lambda: gql(refund, {"id": placed["sikka"], "a": 50_000})["data"]["orderRefund"],
    ) == [(f"Sebagian dana pesanan {n} dikembalikan", "maria@contoh.id")]
    assert "Rp 50.000" in mail.outbox[0].body
    assert step(world.belu_member, lambda: act(gql, "orderCancel", placed["belu"])) == [
        (f"Pesanan {belu.number} dibatalkan", "maria@contoh.id")
    ]
