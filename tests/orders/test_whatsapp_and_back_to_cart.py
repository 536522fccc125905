"""WhatsApp contact and share on the product page; back to the cart after signing in or up."""

import pytest

from orders.models import Checkout

pytestmark = pytest.mark.django_db


def test_the_product_page_offers_a_chat_with_the_lembaga_and_a_share(client, world):
    product = world.tenun.product
    html = client.get(f"/produk/{product.slug}/").content.decode()
    phone = "".join(ch for ch in product.seller.phone if ch.isdigit())
    assert f'href="https://wa.me/{phone}?text=Halo%2C%20saya%20tertarik%20dengan%20' in html
    assert f"http%3A//testserver/produk/{product.slug}/" in html
    assert 'href="https://wa.me/?text=Sarung%20tenun%20ikat%20Sikka%20%E2%80%94%20Rp%20' in html
    assert 'rel="noopener"' in html


def test_sign_in_from_the_cart_comes_back_to_the_cart(client, world, make_user):
    make_user(email="maria@contoh.id", password="rahasia-kuat-123")
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    cart = client.get("/keranjang/").content.decode()
    assert 'href="/masuk/?next=/keranjang/"' in cart
    response = client.post(
        "/masuk/",
        {"username": "maria@contoh.id", "password": "rahasia-kuat-123", "next": "/keranjang/"},
    )
    assert response["Location"] == "/keranjang/"


def test_sign_up_from_the_cart_comes_back_to_the_cart_and_keeps_it(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    page = client.get("/daftar/", {"next": "/keranjang/"}).content.decode()
    assert 'name="next" value="/keranjang/"' in page
    response = client.post(
        "/daftar/",
        {
            "email": "baru@contoh.id",
            "first_name": "Yosef",
            "password": "rahasia-kuat-123",
            "privacy_consent": "on",
            "next": "/keranjang/",
        },
    )
    assert response["Location"] == "/keranjang/"
    assert "Sarung tenun ikat Sikka" in client.get("/keranjang/").content.decode()
    assert Checkout.objects.count() == 1


def test_sign_up_never_sends_to_another_site(client):
    response = client.post(
        "/daftar/",
        {
            "email": "lain@contoh.id",
            "first_name": "Yosef",
            "password": "rahasia-kuat-123",
            "privacy_consent": "on",
            "next": "https://jahat.example/",
        },
    )
    assert response["Location"] == "/"


def test_every_time_shown_on_a_page_says_wita():
    """Times are WITA (Asia/Makassar); a page that prints hours and minutes says so."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    unlabeled = []
    for template in root.glob("*/templates/**/*.html"):
        for line in template.read_text().splitlines():
            for match in re.finditer(r'date:"[^"]*[HG]:i[^"]*"\s*}}(.{0,12})', line):
                if "WITA" not in match.group(1):
                    unlabeled.append(f"{template.relative_to(root)}: {match.group(0)}")
    assert unlabeled == []
