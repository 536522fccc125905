"""Every courier that can be priced from the desa shows as soon as the desa is chosen."""

import pytest

from orders.models import Checkout

pytestmark = pytest.mark.django_db


def test_couriers_appear_once_the_desa_is_chosen_before_name_or_street(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    courier = world.sikka_ship["courier"]
    # Only the region picker: no e-mail, name, phone, street or postcode yet.
    html = client.post(
        "/checkout/",
        {"regency": "53.71", "district": "53.71.01", "village": "53.71.01.1001", "refresh": "1"},
    ).content.decode()
    assert f'value="{courier.pk}"' in html
    assert courier.name in html
    assert Checkout.objects.get().ship_village_id == "53.71.01.1001"
    # Nothing else was saved, and no "required" error was shown for fields not reached.
    assert Checkout.objects.get().ship_name == ""
    assert 'role="alert"' not in html


def test_an_unknown_desa_saves_nothing(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    client.post(
        "/checkout/",
        {"regency": "53.71", "district": "53.71.01", "village": "53.71.01.9999", "refresh": "1"},
    )
    assert Checkout.objects.get().ship_village_id is None


def test_a_city_outside_ntt_prices_the_couriers_too(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    client.post(
        "/checkout/",
        {"outside_ntt": "on", "city": "Surabaya", "province": "Jawa Timur", "refresh": "1"},
    )
    checkout = Checkout.objects.get()
    assert (checkout.ship_city, checkout.ship_province, checkout.ship_village_id) == (
        "Surabaya",
        "Jawa Timur",
        None,
    )


def test_checkout_finds_a_desa_and_a_click_chooses_it(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    html = client.get("/checkout/", {"cari_desa": "watu omok"}).content.decode()
    assert 'href="?desa=53.07.08.2020#id_village"' in html
    page = client.get("/checkout/", {"desa": "53.07.08.2020"}).content.decode()
    assert Checkout.objects.get().ship_village_id == "53.07.08.2020"
    assert world.sikka_ship["courier"].name in page
    assert '<option value="53.07.08.2020" selected>' in page
