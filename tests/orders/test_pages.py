import pytest

from orders.models import Checkout, Order
from tests.graphql import gid
from tests.shopping import ADDRESS, checkout_ready, complete, pay

pytestmark = pytest.mark.django_db


def test_guest_cart_to_confirmation_through_the_pages(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    client.post("/keranjang/tambah/", {"variant": world.kopi.pk, "quantity": 2})
    cart = client.get("/keranjang/")
    assert "Sarung tenun ikat Sikka" in cart.content.decode()
    assert "Rp 580.000" in cart.content.decode()
    page = client.get("/checkout/").content.decode()
    assert "Kabupaten Sikka" in page
    assert "js.stripe.com" not in page
    address = {
        "email": "maria@contoh.id",
        "name": "Maria",
        "phone": "0812 3456 7890",
        "street": "Jl. El Tari 5",
        "regency": "53.71",
        "postal_code": "85228",
    }
    step = client.post("/checkout/", {**address, "refresh": "1"}).content.decode()
    assert "Alak" in step  # the kecamatan of Kota Kupang are offered now
    address |= {"district": "53.71.01", "village": "53.71.01.1001"}
    client.post("/checkout/", {**address, "refresh": "1"})
    checkout = Checkout.objects.get()
    assert checkout.ship_village_id == "53.71.01.1001"
    placed = client.post(
        "/checkout/",
        {
            **address,
            "place": "1",
            "gateway": "DUMMY",
            f"method_{world.sikka.pk}": world.sikka_ship["courier"].pk,
            f"method_{world.belu.pk}": world.belu_ship["pickup"].pk,
            "price": "1",  # a tampered price is simply ignored
        },
    )
    assert placed.status_code == 302, placed.content.decode()[:2000]
    done = client.get(placed["Location"]).content.decode()
    numbers = list(Order.objects.values_list("number", flat=True))
    assert len(numbers) == 2
    assert all(n in done for n in numbers)
    assert Order.objects.get(seller=world.belu).total == 130_000


def test_refused_quantity_shows_a_message_and_keeps_the_cart(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    response = client.post(
        "/keranjang/ubah/", {"variant": world.tenun.pk, "quantity": 0}, follow=True
    )
    assert "Jumlah harus lebih dari 0." in response.content.decode()
    assert Checkout.objects.get().lines.get().quantity == 1


def test_guest_cart_is_merged_into_the_users_cart_at_sign_in(client, world, make_user):
    user = make_user(email="yohanes@contoh.id")
    mine = Checkout.objects.create(user=user)
    mine.lines.create(variant=world.kopi, quantity=1)
    client.post("/keranjang/tambah/", {"variant": world.kopi.pk, "quantity": 2})
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    client.force_login(user)
    client.get("/keranjang/")
    assert Checkout.objects.count() == 1
    merged = Checkout.objects.get()
    assert merged.pk == mine.pk
    assert dict(merged.lines.values_list("variant_id", "quantity")) == {
        world.kopi.pk: 3,
        world.tenun.pk: 1,
    }


def test_stripe_pay_page_loads_stripe_js_with_the_publishable_key(client, gql, world, stripe_on):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    token = str(Checkout.objects.get().token)
    gql.client = client

    gql(
        """mutation($t: String!, $a: AddressInput!) { checkoutUpdate(token: $t, input: {
             email: "a@contoh.id", shippingAddress: $a}) { errors { code } } }""",
        {"t": token, "a": ADDRESS},
    )
    gql(
        """mutation($t: String!, $s: ID!, $m: ID!) { checkoutShippingMethodUpdate(token: $t, seller: $s,
             method: $m) { errors { code } } }""",
        {"t": token, "s": gid(world.sikka), "m": gid(world.sikka_ship["courier"])},
    )
    pay(gql, token, "STRIPE")
    page = client.get("/checkout/bayar/").content.decode()
    assert '<script src="https://js.stripe.com/v3/"></script>' in page
    assert 'data-key="pk_test_ovop"' in page
    assert "_secret_" in page


def test_history_and_detail_only_for_the_buyer(client, gql, world, make_user):
    buyer, other = make_user(), make_user()
    gql.login(buyer)
    token = checkout_ready(gql, world)
    pay(gql, token)
    number = complete(gql, token)["orders"][0]["number"]
    client.force_login(buyer)
    assert number in client.get("/pesanan/").content.decode()
    assert client.get(f"/pesanan/{number}/").status_code == 200
    client.force_login(other)
    assert client.get(f"/pesanan/{number}/").status_code == 404
    assert number not in client.get("/pesanan/").content.decode()


def test_seller_pages_accept_ship_and_print_the_packing_slip(client, gql, world):
    token = checkout_ready(gql, world)
    pay(gql, token)
    complete(gql, token)
    order = Order.objects.get(seller=world.sikka)
    other = Order.objects.get(seller=world.belu)
    client.force_login(world.sikka_member)
    listing = client.get("/penjual/pesanan/").content.decode()
    assert order.number in listing
    assert other.number not in listing
    assert client.get(f"/penjual/pesanan/{other.number}/").status_code == 404
    client.post(f"/penjual/pesanan/{order.number}/", {"action": "accept"})
    client.post(
        f"/penjual/pesanan/{order.number}/", {"action": "fulfill", "tracking_number": "JNE77"}
    )
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("SHIPPED", "JNE77")
    slip = client.get(f"/penjual/pesanan/{order.number}/slip.pdf")
    assert slip["Content-Type"] == "application/pdf"
    assert slip.content.startswith(b"%PDF")
    assert client.get(f"/penjual/pesanan/{other.number}/slip.pdf").status_code == 404


def test_consumer_without_lembaga_cannot_open_seller_orders(client, make_user):
    client.force_login(make_user())
    assert client.get("/penjual/pesanan/").status_code == 403


def test_pengurus_adds_and_switches_off_a_shipping_method_on_the_page(client, world):
    from orders.models import ShippingMethod

    client.force_login(world.sikka_member)
    page = client.get("/penjual/pengiriman/").content.decode()
    assert "Kurir JNE" in page
    assert "Kopi" not in page  # the other lembaga's methods are not listed
    client.post(
        "/penjual/pengiriman/",
        {
            "seller": world.sikka.pk,
            "name": "Kurir Tiki",
            "kind": "COURIER",
            "pickup_fee": 0,
            "same_regency_base": 9000,
            "same_regency_per_kg": 4000,
            "ntt_base": 21000,
            "ntt_per_kg": 9000,
            "outside_base": 55000,
            "outside_per_kg": 25000,
            "ships_outside_ntt": "on",
            "max_weight_grams": 20000,
        },
    )
    tiki = ShippingMethod.objects.get(name="Kurir Tiki")
    assert (tiki.seller, tiki.ntt_base) == (world.sikka, 21000)
    client.post("/penjual/pengiriman/", {"seller": world.sikka.pk, "toggle": tiki.pk})
    tiki.refresh_from_db()
    assert tiki.is_active is False
    other = world.belu_ship["courier"]
    response = client.post("/penjual/pengiriman/", {"seller": world.belu.pk, "toggle": other.pk})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active is True
