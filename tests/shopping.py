"""The buyer's journey as helpers: a two-lembaga world (Sikka tenun, Belu coffee), a
checkout made ready over GraphQL, payment and completion, and the same by services.

Plain functions and data, shared by the orders, catalog, shop and e2e tests (pytest
fixtures that build on them live in the packages' conftest files)."""

from dataclasses import dataclass

import stripe
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from graphql_relay import from_global_id

from catalog.models import Category, ProductVariant, Stock
from orders.models import ShippingMethod
from orders.services.checkout import (
    AddressInput,
    LineInput,
    checkout_create,
    checkout_shipping_method_set,
)
from orders.services.completion import checkout_place
from sellers.models import Seller, Village
from tests.factories import (
    CategoryFactory,
    ProductFactory,
    ProductVariantFactory,
    SellerFactory,
    ShippingMethodFactory,
    StockFactory,
)
from tests.graphql import gid
from tests.regions import BELU_VILLAGE, KUPANG_VILLAGE, SIKKA_VILLAGE

__all__ = ["BELU_VILLAGE", "KUPANG_VILLAGE", "SIKKA_VILLAGE"]


def make_seller(name: str = "BUMDes Sikka Jaya", village: str = SIKKA_VILLAGE) -> Seller:
    """An ACTIVE lembaga in ``village``."""
    return SellerFactory(name=name, village=Village.objects.get(code=village))


def make_category(name: str = "Kain tenun", min_buyer_age: int | None = None) -> Category:
    return CategoryFactory(name=name, min_buyer_age=min_buyer_age)


def make_variant(
    seller: Seller,
    *,
    name: str = "Tenun ikat Sikka",
    price: int = 250_000,
    stock: int = 10,
    weight_grams: int = 800,
    category: Category | None = None,
    published: bool = True,
) -> ProductVariant:
    """A product with one variant and ``stock`` units in the seller's own store room."""
    product = ProductFactory(
        seller=seller,
        category=category or make_category(),
        name=name,
        is_published=published,
    )
    variant = ProductVariantFactory(product=product, price=price, weight_grams=weight_grams)
    StockFactory(variant=variant, quantity=stock)
    return variant


def make_shipping(seller: Seller) -> dict[str, ShippingMethod]:
    """Village pickup and a courier with the usual price bands."""
    pickup = ShippingMethodFactory(
        seller=seller,
        name="Ambil di desa",
        kind=ShippingMethod.Kind.PICKUP_VILLAGE,
        same_regency_base=0,
        same_regency_per_kg=0,
        ntt_base=0,
        ntt_per_kg=0,
        outside_base=0,
        outside_per_kg=0,
    )
    return {"pickup": pickup, "courier": ShippingMethodFactory(seller=seller)}


def stock_of(variant: ProductVariant) -> Stock:
    return Stock.objects.get(variant=variant)


ADDRESS = {
    "name": "Maria Goreti",
    "phone": "0812-3456-7890",
    "street": "Jl. El Tari No. 5",
    "villageCode": KUPANG_VILLAGE,
    "postalCode": "85228",
}


@dataclass
class World:
    sikka: Seller
    belu: Seller
    tenun: ProductVariant
    kopi: ProductVariant
    sikka_ship: dict
    belu_ship: dict
    sikka_member: object
    belu_member: object


CHECKOUT_FIELDS = """
  token
  lines { variant { sku } quantity }
  subtotal { amount } shippingTotal { amount } discountTotal { amount } total { amount }
  deliveries { seller { id } availableMethods { id name price { amount currency } } selectedMethod { id } }
"""


def checkout_ready(gql, world: World, lines=None, gateway: str | None = None, **extra) -> str:
    """Create a checkout over HTTP with an address and courier chosen for every seller."""
    lines = lines or [
        {"variant": gid(world.tenun), "quantity": 1},
        {"variant": gid(world.kopi), "quantity": 2},
    ]
    data = gql(
        """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
             checkout { token } errors { field code message } } }""",
        {
            "input": {
                "lines": lines,
                "email": "maria@contoh.id",
                "shippingAddress": ADDRESS,
                **extra,
            }
        },
    )["data"]["checkoutCreate"]
    assert data["errors"] == [], data
    token = data["checkout"]["token"]
    sellers = {world.tenun.pk: world.sikka, world.kopi.pk: world.belu}
    chosen = {}
    for line in lines:
        vid = int(from_global_id(line["variant"])[1])
        seller = sellers.get(vid) or ProductVariant.objects.get(pk=vid).product.seller
        chosen[seller.pk] = seller
    for seller in chosen.values():
        method = (
            ShippingMethod.objects.filter(seller=seller, kind=ShippingMethod.Kind.COURIER)
            .order_by("pk")
            .first()
        )
        result = gql(
            """mutation($t: String!, $s: ID!, $m: ID!) { checkoutShippingMethodUpdate(
                 token: $t, seller: $s, method: $m) { errors { field code } } }""",
            {"t": token, "s": gid(seller), "m": gid(method)},
        )["data"]["checkoutShippingMethodUpdate"]
        assert result["errors"] == [], result
    return token


def pay(gql, token: str, gateway: str = "DUMMY", **extra) -> dict:
    return gql(
        """mutation($t: String!, $g: PaymentGateway!, $e: Int) {
             checkoutPaymentCreate(token: $t, gateway: $g, expectedTotal: $e) {
               payment { id gateway status amount { amount } clientSecret } errors { field code message } } }""",
        {"t": token, "g": gateway, **extra},
    )["data"]["checkoutPaymentCreate"]


def complete(gql, token: str) -> dict:
    return gql(
        """mutation($t: String!) { checkoutComplete(token: $t) {
             orders { id number seller { id } status total { amount } } errors { field code message } } }""",
        {"t": token},
    )["data"]["checkoutComplete"]


WEBHOOK_SECRET = "whsec_test_ovop_ntt"


def stripe_intent_confirm(*, intent_id: str) -> None:
    """Attach Stripe's test card and confirm, as Stripe.js does in the buyer's browser."""
    stripe.api_base = settings.STRIPE_API_BASE
    key = {"api_key": settings.STRIPE_SECRET_KEY}
    stripe.PaymentIntent.modify(intent_id, payment_method="pm_card_visa", **key)
    stripe.PaymentIntent.confirm(intent_id, **key)


# Maria's address in Kupang, for the services (``ADDRESS`` is the GraphQL input).
KUPANG_ADDRESS = AddressInput(
    name="Maria Goreti",
    phone="081234567890",
    street="Jl. El Tari No. 5",
    village_code=KUPANG_VILLAGE,
    postal_code="85228",
)


def checkout_of_sikka(world: World):
    """A guest checkout of one tenun from BUMDes Sikka Jaya, by courier to Kupang (services)."""
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=world.tenun.pk, quantity=1)],
        email="maria@contoh.id",
        address=KUPANG_ADDRESS,
    )
    checkout_shipping_method_set(
        checkout=checkout, seller_id=world.sikka.pk, method_id=world.sikka_ship["courier"].pk
    )
    return checkout


def checkout_of_both(world: World, *, kopi: int = 1):
    """A guest checkout of one tenun (Sikka) and ``kopi`` coffees (Belu), by courier to
    Kupang, each lembaga's shipping chosen (services)."""
    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[
            LineInput(variant_id=world.tenun.pk, quantity=1),
            LineInput(variant_id=world.kopi.pk, quantity=kopi),
        ],
        email="maria@contoh.id",
        address=KUPANG_ADDRESS,
    )
    for seller, ship in ((world.sikka, world.sikka_ship), (world.belu, world.belu_ship)):
        checkout_shipping_method_set(
            checkout=checkout, seller_id=seller.pk, method_id=ship["courier"].pk
        )
    return checkout


def order_of_sikka(world: World, gateway: str = "BANK_TRANSFER"):
    """The one order ``checkout_of_sikka`` becomes when placed through ``gateway``."""
    [order] = checkout_place(
        checkout=checkout_of_sikka(world),
        gateway=gateway,
        expected_total=None,
        actor=AnonymousUser(),
    )
    return order


def checkouts_race(checkouts) -> list[str]:
    """Pay and complete every checkout at once, one thread and connection each.

    Answers each checkout's outcome: "ok", or its error codes joined by commas.
    """
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    import orders.tasks  # noqa: F401  (registered before the threads look tasks up)
    from orders.services.completion import checkout_complete
    from orders.services.payments import checkout_payment_create

    barrier = threading.Barrier(len(checkouts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(checkout):
        try:
            barrier.wait()
            try:
                checkout_payment_create(checkout=checkout, gateway="DUMMY")
                checkout_complete(checkout=checkout)
                result = "ok"
            except ValidationError as exc:
                codes = (
                    {e.code for errs in exc.error_dict.values() for e in errs}
                    if hasattr(exc, "error_dict")
                    else {e.code for e in exc.error_list}
                )
                result = ",".join(sorted(codes))
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(c,)) for c in checkouts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def world_make(make_user) -> World:
    """Two lembaga (tenun in Sikka, coffee in Belu), each with a pengurus and shipping."""
    from sellers.models import SellerMember
    from shop.roles import Role

    sikka = make_seller("BUMDes Sikka Jaya", SIKKA_VILLAGE)
    belu = make_seller("Koperasi Kopi Lamaknen", BELU_VILLAGE)
    tenun = make_variant(sikka, name="Sarung tenun ikat Sikka", price=450_000, weight_grams=900)
    kopi = make_variant(
        belu, name="Kopi arabika Lamaknen 250 g", price=65_000, weight_grams=250, stock=50
    )
    sikka_member = make_user(Role.SELLER_MEMBER, email="pengurus@sikka.id")
    belu_member = make_user(Role.SELLER_MEMBER, email="pengurus@belu.id")
    SellerMember.objects.create(seller=sikka, user=sikka_member, role=SellerMember.Role.PENGURUS)
    SellerMember.objects.create(seller=belu, user=belu_member, role=SellerMember.Role.PENGURUS)
    return World(
        sikka=sikka,
        belu=belu,
        tenun=tenun,
        kopi=kopi,
        sikka_ship=make_shipping(sikka),
        belu_ship=make_shipping(belu),
        sikka_member=sikka_member,
        belu_member=belu_member,
    )
