"""The storefront's buy box on the catalog's product page puts units in the cart."""

import pytest

from orders.models import Checkout
from tests.shopping import make_seller, make_variant

pytestmark = pytest.mark.django_db


def test_buy_box_adds_the_chosen_variant_to_the_cart(client):
    variant = make_variant(make_seller(), name="Sarung tenun ikat Sikka", price=450_000)
    html = client.get(f"/produk/{variant.product.slug}/").content.decode()
    assert 'action="/keranjang/tambah/"' in html
    assert f'value="{variant.pk}" checked' in html

    response = client.post("/keranjang/tambah/", {"variant": variant.pk, "quantity": 2})
    assert response.status_code == 302
    checkout = Checkout.objects.get()
    assert [(line.variant_id, line.quantity) for line in checkout.lines.all()] == [(variant.pk, 2)]
    assert "Rp 900.000" in client.get("/keranjang/").content.decode()


def test_buy_box_says_out_of_stock_and_offers_no_button(client):
    variant = make_variant(make_seller(), stock=0)
    html = client.get(f"/produk/{variant.product.slug}/").content.decode()
    assert "Stok habis" in html
    assert "Tambah ke keranjang" not in html


def test_a_draft_preview_has_no_buy_box(client, make_user):
    from sellers.models import SellerMember
    from shop.roles import Role

    variant = make_variant(make_seller(), published=False)
    member = make_user(Role.SELLER_MEMBER)
    SellerMember.objects.create(
        seller=variant.product.seller, user=member, role=SellerMember.Role.PENGURUS
    )
    client.force_login(member)
    html = client.get(f"/produk/{variant.product.slug}/").content.decode()
    assert "Pratinjau" in html
    assert "Tambah ke keranjang" not in html
