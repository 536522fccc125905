"""Factories for checkout tests: real sellers, products, stock and shipping methods."""

import itertools
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass

import pytest
from graphql_relay import to_global_id

from catalog.models import Category, Product, ProductVariant, Stock, StockLocation
from orders.models import ShippingMethod
from sellers.models import Seller, SellerMember, Village

_seq = itertools.count(1)

SIKKA_VILLAGE = "53.07.01.2001"  # Masabewa, Paga, Kabupaten Sikka
BELU_VILLAGE = "53.04.01.2001"  # Kewar, Lamaknen, Kabupaten Belu
KUPANG_VILLAGE = "53.71.01.1001"  # Namosain, Kota Kupang


def make_seller(name: str = "BUMDes Sikka Jaya", village: str = SIKKA_VILLAGE) -> Seller:
    n = next(_seq)
    return Seller.objects.create(
        name=name,
        slug=f"seller-{n}",
        kind=Seller.Kind.BUMDES,
        status=Seller.Status.ACTIVE,
        village=Village.objects.get(code=village),
        nib=f"{n:013d}",
        phone="+6281234567890",
        email=f"lembaga{n}@contoh.id",
    )


def make_category(name: str = "Kain tenun", min_buyer_age: int | None = None) -> Category:
    n = next(_seq)
    return Category.objects.create(name=name, slug=f"cat-{n}", min_buyer_age=min_buyer_age)


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
    n = next(_seq)
    product = Product.objects.create(
        seller=seller,
        category=category or make_category(),
        name=name,
        slug=f"product-{n}",
        origin_village=seller.village,
        is_published=published,
    )
    variant = ProductVariant.objects.create(
        product=product, sku=f"SKU-{n}", name="Standar", price=price, weight_grams=weight_grams
    )
    location, _ = StockLocation.objects.get_or_create(
        seller=seller, kind=StockLocation.Kind.SELLER, defaults={"name": f"Gudang {seller.name}"}
    )
    Stock.objects.create(variant=variant, location=location, quantity=stock)
    return variant


def make_shipping(seller: Seller) -> dict[str, ShippingMethod]:
    pickup = ShippingMethod.objects.create(
        seller=seller, name="Ambil di desa", kind=ShippingMethod.Kind.PICKUP_VILLAGE
    )
    courier = ShippingMethod.objects.create(
        seller=seller,
        name="Kurir JNE",
        kind=ShippingMethod.Kind.COURIER,
        same_regency_base=10_000,
        same_regency_per_kg=5_000,
        ntt_base=25_000,
        ntt_per_kg=10_000,
        outside_base=60_000,
        outside_per_kg=30_000,
    )
    return {"pickup": pickup, "courier": courier}


def stock_of(variant: ProductVariant) -> Stock:
    return Stock.objects.get(variant=variant)


def gid(obj) -> str:
    name = {ProductVariant: "ProductVariant", Seller: "Seller", ShippingMethod: "ShippingMethod"}
    return to_global_id(name[type(obj)], obj.pk)


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


@pytest.fixture
def world(db, make_user) -> World:
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
        from graphql_relay import from_global_id

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    """A real localstripe server on a free port, for the whole session."""
    import sys

    from django.conf import settings

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.orders.localstripe_server", "--port", str(port)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30  # the shared 2-core machine can be slow to start it
    while True:
        try:
            urllib.request.urlopen(f"{url}/js.stripe.com/v3/", timeout=0.5)
            break
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"localstripe did not start on port {port}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


WEBHOOK_SECRET = "whsec_test_ovop_ntt"


@pytest.fixture
def stripe_on(settings, localstripe_url):
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_SECRET_KEY = "sk_test_ovop"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_ovop"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PAYMENT_GATEWAYS = ["STRIPE", "DUMMY", "BANK_TRANSFER", "COD"]
    return localstripe_url


def stripe_intent_confirm(*, intent_id: str) -> None:
    """Attach Stripe's test card and confirm, as Stripe.js does in the buyer's browser."""
    import stripe
    from django.conf import settings

    stripe.api_base = settings.STRIPE_API_BASE
    key = {"api_key": settings.STRIPE_SECRET_KEY}
    stripe.PaymentIntent.modify(intent_id, payment_method="pm_card_visa", **key)
    stripe.PaymentIntent.confirm(intent_id, **key)


def checkout_of_sikka(world: World):
    """A guest checkout of one tenun from BUMDes Sikka Jaya, by courier to Kupang (services)."""
    from django.contrib.auth.models import AnonymousUser

    from orders.services.checkout import (
        AddressInput,
        LineInput,
        checkout_create,
        checkout_shipping_method_set,
    )

    checkout = checkout_create(
        user=AnonymousUser(),
        lines=[LineInput(variant_id=world.tenun.pk, quantity=1)],
        email="maria@contoh.id",
        address=AddressInput(
            name="Maria Goreti",
            phone="081234567890",
            street="Jl. El Tari No. 5",
            village_code=KUPANG_VILLAGE,
            postal_code="85228",
        ),
    )
    checkout_shipping_method_set(
        checkout=checkout, seller_id=world.sikka.pk, method_id=world.sikka_ship["courier"].pk
    )
    return checkout


def order_of_sikka(world: World, gateway: str = "BANK_TRANSFER"):
    """The one order ``checkout_of_sikka`` becomes when placed through ``gateway``."""
    from django.contrib.auth.models import AnonymousUser

    from orders.services.completion import checkout_place

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
