import pytest

from catalog.models import StockLocation
from orders.models import ShippingMethod
from shop.roles import Role
from tests.graphql import gid
from tests.shopping import (
    ADDRESS,
    checkout_ready,
    complete,
    make_variant,
    pay,
    stripe_intent_confirm,
)

pytestmark = pytest.mark.django_db

CREATE = """mutation($s: ID!, $i: ShippingMethodInput!) { shippingMethodCreate(seller: $s, input: $i) {
  shippingMethod { id name kind ntt_base: nttBase isActive } errors { field code } } }"""
UPDATE = """mutation($id: ID!, $i: ShippingMethodInput!) { shippingMethodUpdate(id: $id, input: $i) {
  shippingMethod { isActive } errors { field code } } }"""
METHODS = """query($t: String!) { checkout(token: $t) { deliveries { availableMethods { name price { amount } } } } }"""


def test_pengurus_adds_a_courier_tariff_that_buyers_are_offered(gql, world):
    gql.login(world.sikka_member)
    result = gql(
        CREATE,
        {
            "s": gid(world.sikka),
            "i": {"name": "Kurir Tiki", "kind": "COURIER", "nttBase": 20_000, "nttPerKg": 9_000},
        },
    )["data"]["shippingMethodCreate"]
    assert result["errors"] == []
    assert result["shippingMethod"]["ntt_base"] == 20_000
    gql.logout()
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.tenun), "quantity": 3}])
    methods = gql(METHODS, {"t": token})["data"]["checkout"]["deliveries"][0]["availableMethods"]
    # 2.7 kg elsewhere in NTT: first kg + 2 further started kg
    assert {m["name"]: m["price"]["amount"] for m in methods} == {
        "Ambil di desa": 0,
        "Kurir JNE": 25_000 + 2 * 10_000,
        "Kurir Tiki": 20_000 + 2 * 9_000,
    }


def test_buyer_in_the_sellers_kabupaten_pays_the_same_kabupaten_rate(gql, world):
    from orders.models import Order

    dobo = ADDRESS | {"villageCode": "53.07.02.2002"}  # Dobo, Mego, Kabupaten Sikka
    token = checkout_ready(
        gql, world, lines=[{"variant": gid(world.tenun), "quantity": 3}], shippingAddress=dobo
    )
    methods = gql(METHODS, {"t": token})["data"]["checkout"]["deliveries"][0]["availableMethods"]
    # 2.7 kg within Sikka: same-kabupaten first kg + 2 further started kg
    assert {m["name"]: m["price"]["amount"] for m in methods} == {
        "Ambil di desa": 0,
        "Kurir JNE": 10_000 + 2 * 5_000,
    }
    assert pay(gql, token)["errors"] == []
    (order,) = complete(gql, token)["orders"]
    assert order["total"] == {"amount": 3 * 450_000 + 20_000}
    assert Order.objects.get().shipping_total == 20_000


def test_switched_off_method_is_no_longer_offered_or_accepted(gql, world):
    gql.login(world.sikka_member)
    courier = world.sikka_ship["courier"]
    assert gql(UPDATE, {"id": gid(courier), "i": {"isActive": False}})["data"][
        "shippingMethodUpdate"
    ] == {"shippingMethod": {"isActive": False}, "errors": []}
    gql.logout()
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.kopi), "quantity": 1}])
    result = gql(
        """mutation($t: String!, $s: ID!, $m: ID!) { checkoutShippingMethodUpdate(token: $t,
             seller: $s, method: $m) { errors { field code } } }""",
        {"t": token, "s": gid(world.sikka), "m": gid(courier)},
    )["data"]["checkoutShippingMethodUpdate"]
    assert result["errors"] == [{"field": "seller", "code": "NOT_FOUND"}]


def test_too_heavy_parcel_makes_the_courier_unavailable(gql, world):
    heavy = make_variant(world.sikka, name="Garam krosok 25 kg", price=90_000, weight_grams=25_000)
    courier = world.sikka_ship["courier"]
    courier.max_weight_grams = 20_000
    courier.save()
    data = gql(
        """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) { checkout { token } } }""",
        {"input": {"lines": [{"variant": gid(heavy), "quantity": 1}], "shippingAddress": ADDRESS}},
    )["data"]["checkoutCreate"]
    result = gql(
        """mutation($t: String!, $s: ID!, $m: ID!) { checkoutShippingMethodUpdate(token: $t,
             seller: $s, method: $m) { errors { field code } } }""",
        {"t": data["checkout"]["token"], "s": gid(world.sikka), "m": gid(courier)},
    )["data"]["checkoutShippingMethodUpdate"]
    assert result["errors"] == [{"field": "method", "code": "SHIPPING_METHOD_UNAVAILABLE"}]


def test_outlet_pickup_needs_an_ntt_mart_outlet(gql, world):
    gql.login(world.sikka_member)
    missing = gql(
        CREATE, {"s": gid(world.sikka), "i": {"name": "Ambil di gerai", "kind": "PICKUP_OUTLET"}}
    )
    assert missing["data"]["shippingMethodCreate"]["errors"] == [
        {"field": "outlet", "code": "REQUIRED"}
    ]
    outlet = StockLocation.objects.create(name="NTT Mart Maumere", kind=StockLocation.Kind.NTT_MART)
    ok = gql(
        CREATE,
        {
            "s": gid(world.sikka),
            "i": {
                "name": "Ambil di NTT Mart Maumere",
                "kind": "PICKUP_OUTLET",
                "outlet": gid(outlet),
                "pickupFee": 5_000,
            },
        },
    )["data"]["shippingMethodCreate"]
    assert ok["errors"] == []
    assert ShippingMethod.objects.get(kind="PICKUP_OUTLET").outlet == outlet


@pytest.mark.parametrize("who", ["other_seller", "consumer", "guest"])
def test_only_the_lembagas_pengurus_or_staff_configure_shipping(gql, world, make_user, who):
    if who == "other_seller":
        gql.login(world.belu_member)
    elif who == "consumer":
        gql.login(make_user(Role.CONSUMER))
    result = gql(CREATE, {"s": gid(world.sikka), "i": {"name": "X", "kind": "COURIER"}})
    assert result["data"]["shippingMethodCreate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert ShippingMethod.objects.filter(name="X").count() == 0


def test_programme_officer_may_configure_shipping(gql, world, make_user):
    gql.login(make_user(Role.PROGRAMME_OFFICER))
    result = gql(CREATE, {"s": gid(world.sikka), "i": {"name": "Kurir Pos", "kind": "COURIER"}})
    assert result["data"]["shippingMethodCreate"]["errors"] == []


def test_client_secret_is_not_shown_on_orders(gql, world, stripe_on):
    from orders.models import Payment

    token = checkout_ready(gql, world)
    assert pay(gql, token, "STRIPE")["payment"]["clientSecret"]
    stripe_intent_confirm(intent_id=Payment.objects.get().external_id)
    order_id = complete(gql, token)["orders"][0]["id"]
    gql.login(world.sikka_member)
    data = gql(
        "query($id: ID!) { order(id: $id) { payment { gateway clientSecret } } }", {"id": order_id}
    )
    assert data["data"]["order"]["payment"] == {"gateway": "STRIPE", "clientSecret": None}
