"""The checkout page charges exactly the total it showed, and a region refresh is not a submit."""

import pytest

from orders.models import Checkout, Order

pytestmark = pytest.mark.django_db

ADDRESS = {
    "email": "maria@contoh.id",
    "name": "Maria",
    "phone": "0812 3456 7890",
    "street": "Jl. El Tari 5",
    "regency": "53.71",
    "district": "53.71.01",
    "village": "53.71.01.1001",
    "postal_code": "85228",
}


def _cart(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    client.post("/keranjang/tambah/", {"variant": world.kopi.pk, "quantity": 2})


def test_a_region_refresh_shows_no_errors_on_fields_not_reached_yet(client, world):
    _cart(client, world)
    page = client.post("/checkout/", {"regency": "53.71", "refresh": "1"}).content.decode()
    assert "Alak" in page  # the next list is offered
    assert 'class="error"' not in page
    assert 'value="53.71" selected' in page


def test_a_shipping_choice_is_kept_by_the_refresh_and_counted_in_the_total(client, world):
    _cart(client, world)
    courier = world.sikka_ship["courier"]
    page = client.post(
        "/checkout/", {**ADDRESS, f"method_{world.sikka.pk}": courier.pk}
    ).content.decode()
    checkout = Checkout.objects.get()
    assert checkout.deliveries.get(seller=world.sikka).method == courier
    # Rp 450.000 + 2 x Rp 65.000 + courier Sikka -> Kota Kupang (elsewhere in NTT, 0.9 kg)
    assert "<dd><strong>Rp 605.000</strong></dd>" in page
    assert 'name="expected_total" value="605000"' in page


def test_placing_with_a_total_other_than_the_one_shown_charges_nothing(client, world):
    _cart(client, world)
    methods = {
        f"method_{world.sikka.pk}": world.sikka_ship["courier"].pk,
        f"method_{world.belu.pk}": world.belu_ship["courier"].pk,
    }
    # The page showed Rp 580.000 (no shipping chosen yet); the buyer taps two couriers
    # without JavaScript and places the order at once.
    response = client.post(
        "/checkout/",
        {**ADDRESS, **methods, "gateway": "DUMMY", "expected_total": "580000", "place": "1"},
    )
    assert response.status_code == 200
    assert "Total berubah menjadi Rp 630.000. Periksa kembali keranjang Anda." in (
        response.content.decode()
    )
    assert not Order.objects.exists()
    response = client.post(
        "/checkout/",
        {**ADDRESS, **methods, "gateway": "DUMMY", "expected_total": "630000", "place": "1"},
    )
    assert response.status_code == 302
    assert sum(Order.objects.values_list("total", flat=True)) == 630_000
