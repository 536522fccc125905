"""Who may run each orders operation: one table (actor -> allowed operations), one test per
(actor, operation) generated from it (tests/authz.py has the cast and the rule).

Every order belongs to lembaga A and was bought by ``consumer``. Order actions look the
order up among the orders the actor may see, so an actor who is neither its buyer nor
manages it gets NOT_FOUND; a buyer or a staff member of A asking for a manager's action
gets PERMISSION_DENIED.
"""

import pytest

from orders.models import Order, Payment, ShippingMethod
from tests.authz import ACTORS, assert_cell, cast_build, cells, expected, login
from tests.factories import OrderFactory, ShippingMethodFactory
from tests.graphql import gid

pytestmark = pytest.mark.django_db

S = Order.Status
MANAGE = {"orderConfirmPayment", "orderAccept", "orderFulfill", "orderMarkDelivered"}
MANAGE |= {"orderComplete", "orderCancel"}
FULL = MANAGE | {"orderRefund", "shippingMethodCreate", "shippingMethodUpdate"}
ORDER_OPS = MANAGE | {"orderRefund"}

# The table: actor -> the operations it may run on lembaga A's orders and tariffs.
ALLOWED: dict[str, set[str]] = {
    "consumer": {"orderMarkDelivered", "orderComplete"},  # the buyer
    "staff_a": MANAGE,
    "pengurus_a": FULL,
    "pendamping_a": FULL,
    "programme_officer": FULL,  # MANAGE_ORDERS
    "superuser": FULL,
}
# Who does not even see the order (its buyer and managers do).
HIDDEN = {
    actor: ORDER_OPS
    for actor in ACTORS
    if actor
    not in {"anonymous", "consumer", "staff_a", "pengurus_a", "pendamping_a"}
    | {"programme_officer", "superuser"}
}


def _order(cast, status, **extra):
    return OrderFactory(
        seller=cast.seller_a,
        status=status,
        payment__checkout__user=cast.users["consumer"],
        **extra,
    )


def _action(mutation, status, after, arguments="", **extra):
    """An order action on an order in ``status``: did it reach ``after``?"""

    def run(gql, cast, login_as):
        order = _order(cast, status, **extra)
        login_as()
        data = gql(
            f"mutation($id: ID!) {{ {mutation}(id: $id{arguments}) {{ errors {{ code }} }} }}",
            {"id": gid(order)},
        )["data"][mutation]
        order.refresh_from_db()
        return data, order.status == after

    return run


def _confirm(gql, cast, login_as):
    order = _order(
        cast,
        S.UNPAID,
        paid_at=None,
        payment__gateway=Payment.Gateway.BANK_TRANSFER,
        payment__status=Payment.Status.PENDING,
        payment__captured_amount=0,
    )
    login_as()
    data = gql(
        "mutation($id: ID!) { orderConfirmPayment(id: $id) { errors { code } } }",
        {"id": gid(order)},
    )["data"]["orderConfirmPayment"]
    order.refresh_from_db()
    return data, (order.status, order.paid_at is not None) == (S.PAID, True)


def _refund(gql, cast, login_as):
    order = _order(cast, S.PAID)
    login_as()
    data = gql(
        "mutation($id: ID!) { orderRefund(id: $id, amount: 1000) { errors { code } } }",
        {"id": gid(order)},
    )["data"]["orderRefund"]
    order.refresh_from_db()
    return data, order.refunded_amount == 1000


TARIFF = {"name": "Kurir Sikka", "kind": "COURIER", "sameRegencyBase": 9000, "nttBase": 20000}


def _method_create(gql, cast, login_as):
    login_as()
    data = gql(
        "mutation($s: ID!, $i: ShippingMethodInput!) "
        "{ shippingMethodCreate(seller: $s, input: $i) { errors { code } } }",
        {"s": gid(cast.seller_a), "i": TARIFF},
    )["data"]["shippingMethodCreate"]
    return data, ShippingMethod.objects.filter(name="Kurir Sikka").exists()


def _method_update(gql, cast, login_as):
    method = ShippingMethodFactory(seller=cast.seller_a)
    login_as()
    data = gql(
        "mutation($id: ID!) { shippingMethodUpdate(id: $id, input: {nttBase: 31000}) "
        "{ errors { code } } }",
        {"id": gid(method)},
    )["data"]["shippingMethodUpdate"]
    method.refresh_from_db()
    return data, method.ntt_base == 31_000


OPS = {
    "orderConfirmPayment": _confirm,
    "orderAccept": _action("orderAccept", S.PAID, S.PROCESSING),
    "orderFulfill": _action("orderFulfill", S.PAID, S.SHIPPED, shipping_method=None),
    "orderMarkDelivered": _action("orderMarkDelivered", S.SHIPPED, S.DELIVERED),
    "orderComplete": _action("orderComplete", S.DELIVERED, S.COMPLETED),
    "orderCancel": _action("orderCancel", S.PAID, S.CANCELLED),
    "orderRefund": _refund,
    "shippingMethodCreate": _method_create,
    "shippingMethodUpdate": _method_update,
}


@pytest.mark.parametrize(("actor", "op"), cells(ALLOWED, OPS))
def test_orders_matrix(gql, actor, op):
    cast = cast_build()
    data, changed = OPS[op](gql, cast, lambda: login(gql, cast.users[actor]))
    assert_cell(data, expected(ALLOWED, actor, op, HIDDEN), changed)


def test_the_buyer_may_cancel_an_unpaid_order_only(gql):
    """The one buyer's right that depends on the status: cancel while UNPAID."""
    cast = cast_build()
    unpaid = _order(cast, S.UNPAID, paid_at=None)
    login(gql, cast.users["consumer"])
    query = "mutation($id: ID!) { orderCancel(id: $id) { errors { code } } }"
    assert gql(query, {"id": gid(unpaid)})["data"]["orderCancel"]["errors"] == []
    unpaid.refresh_from_db()
    assert unpaid.status == S.CANCELLED
