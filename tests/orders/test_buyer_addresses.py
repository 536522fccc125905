"""A buyer's address book: saved from the first order, pre-filled and reusable at checkout."""

import pytest
from django.core.exceptions import ValidationError

from orders.models import BuyerAddress, Checkout
from orders.services.addresses import (
    buyer_address_default_set,
    buyer_address_delete,
    buyer_address_save,
)
from orders.services.checkout import AddressInput
from tests.orders.test_checkout_page_total import ADDRESS

pytestmark = pytest.mark.django_db

KUPANG = AddressInput(
    name="Maria Goreti",
    phone="0812 3456 7890",
    street="Jl. El Tari 5",
    village_code="53.71.01.1001",
    postal_code="85228",
)


def _place(client, world, **extra):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    placed = client.post(
        "/checkout/",
        {
            **ADDRESS,
            "place": "1",
            "gateway": "BANK_TRANSFER",
            f"method_{world.sikka.pk}": world.sikka_ship["courier"].pk,
            **extra,
        },
    )
    assert placed.status_code == 302, placed.content.decode()[:800]


def test_the_first_address_is_the_default_and_phone_is_normalised(make_user):
    user = make_user()
    first = buyer_address_save(user=user, address=KUPANG, label="Rumah")
    second = buyer_address_save(user=user, address=KUPANG, label="Kantor")
    assert (first.is_default, second.is_default) == (True, False)
    assert first.phone == "+6281234567890"
    buyer_address_default_set(user=user, address_id=second.pk)
    assert list(BuyerAddress.objects.filter(is_default=True).values_list("label", flat=True)) == [
        "Kantor"
    ]
    buyer_address_delete(user=user, address_id=second.pk)
    assert BuyerAddress.objects.get().is_default is True


def test_a_bad_address_is_refused_with_codes_and_nothing_saved(make_user):
    user = make_user()
    with pytest.raises(ValidationError) as exc:
        buyer_address_save(
            user=user,
            address=AddressInput(name="", phone="123", street="x", postal_code="8522"),
        )
    codes = {f: [e.code for e in errs] for f, errs in exc.value.error_dict.items()}
    assert codes == {
        "name": ["REQUIRED"],
        "phone": ["INVALID"],
        "postal_code": ["INVALID"],
        "village_code": ["REQUIRED"],
    }
    assert BuyerAddress.objects.count() == 0


def test_the_book_holds_at_most_the_limit(make_user, settings):
    settings.BUYER_ADDRESS_LIMIT = 2
    user = make_user()
    buyer_address_save(user=user, address=KUPANG)
    buyer_address_save(user=user, address=KUPANG)  # exactly at the limit
    with pytest.raises(ValidationError) as exc:
        buyer_address_save(user=user, address=KUPANG)  # one past it
    assert exc.value.error_list[0].code == "INVALID"
    assert BuyerAddress.objects.count() == 2


def test_another_buyers_address_is_not_found(make_user, client):
    owner, other = make_user(), make_user()
    address = buyer_address_save(user=owner, address=KUPANG)
    client.force_login(other)
    assert client.get(f"/akun/alamat/{address.pk}/").status_code == 404
    client.post("/akun/alamat/", {"action": "delete", "address": address.pk})
    assert BuyerAddress.objects.filter(pk=address.pk).exists()
    with pytest.raises(ValidationError):
        buyer_address_delete(user=other, address_id=address.pk)


def test_name_and_phone_from_sign_up_fill_an_empty_checkout(client, world, make_user):
    user = make_user(first_name="Yohana", last_name="Bria", phone="+6281339001122")
    client.force_login(user)
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    assert 'value="Yohana Bria"' in html
    assert 'value="+6281339001122"' in html
    assert f'value="{user.email}"' in html


def test_a_placed_order_saves_the_address_and_the_next_checkout_starts_from_it(
    client, world, make_user
):
    user = make_user(email="maria@contoh.id")
    client.force_login(user)
    _place(client, world)
    saved = BuyerAddress.objects.get(user=user)
    assert (saved.name, saved.phone, saved.village_id, saved.is_default) == (
        "Maria",
        "+6281234567890",
        "53.71.01.1001",
        True,
    )
    _place(client, world)  # the same address again: not saved twice
    assert BuyerAddress.objects.filter(user=user).count() == 1
    client.post("/keranjang/tambah/", {"variant": world.kopi.pk, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    checkout = Checkout.objects.get(user=user, completed_at__isnull=True)
    assert checkout.ship_village_id == "53.71.01.1001"
    assert 'value="Jl. El Tari 5"' in html
    # the couriers are priced from the saved desa at once
    assert f'value="{world.belu_ship["courier"].pk}"' in html


def test_a_guest_order_saves_no_address(client, world):
    _place(client, world)
    assert BuyerAddress.objects.count() == 0


def test_choosing_a_saved_address_fills_the_checkout(client, world, make_user):
    user = make_user()
    buyer_address_save(user=user, address=KUPANG, label="Rumah")
    office = buyer_address_save(
        user=user,
        address=AddressInput(
            name="Maria di kantor",
            phone="081234567891",
            street="Jl. Timor Raya 10",
            city="Surabaya",
            province="Jawa Timur",
            postal_code="60111",
        ),
        label="Kantor",
    )
    client.force_login(user)
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    assert "Kirim ke alamat ini" in html
    assert 'value="Jl. El Tari 5"' in html  # the default first
    html = client.get(f"/checkout/?alamat={office.pk}").content.decode()
    checkout = Checkout.objects.get(user=user)
    assert (checkout.ship_street, checkout.ship_city, checkout.ship_village_id) == (
        "Jl. Timor Raya 10",
        "Surabaya",
        None,
    )
    assert 'value="Jl. Timor Raya 10"' in html


def test_the_account_page_adds_changes_and_lists_addresses(client, make_user):
    user = make_user()
    client.force_login(user)
    # the region picker refreshes without saving
    html = client.post(
        "/akun/alamat/tambah/", {"regency": "53.71", "district": "53.71.01"}
    ).content.decode()
    assert "53.71.01.1001" in html
    assert BuyerAddress.objects.count() == 0
    response = client.post(
        "/akun/alamat/tambah/",
        {
            **{k: v for k, v in ADDRESS.items() if k != "email"},
            "label": "Rumah",
            "save": "1",
        },
    )
    assert response.status_code == 302
    address = BuyerAddress.objects.get()
    assert (address.label, address.is_default) == ("Rumah", True)
    response = client.post(
        f"/akun/alamat/{address.pk}/",
        {**{k: v for k, v in ADDRESS.items() if k != "email"}, "street": "", "save": "1"},
    )
    assert "field field--error" in response.content.decode()
    address.refresh_from_db()
    assert address.street == "Jl. El Tari 5"
    html = client.get("/akun/alamat/").content.decode()
    assert "Rumah" in html
    assert "Utama" in html


def test_a_desa_picked_by_name_is_not_replaced_by_the_default(client, world, make_user):
    user = make_user()
    buyer_address_save(user=user, address=KUPANG)
    client.force_login(user)
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    client.get("/checkout/?desa=53.07.01.2001")  # Masabewa, Sikka
    assert Checkout.objects.get(user=user).ship_village_id == "53.07.01.2001"
    client.get("/checkout/")
    assert Checkout.objects.get(user=user).ship_village_id == "53.07.01.2001"
