"""After choosing bank transfer the buyer sees where to pay, how much, by when, and how it is confirmed."""

import re

import pytest
from django.utils import timezone

from orders.models import Order, Payment
from tests.orders.test_checkout_page_total import ADDRESS

pytestmark = pytest.mark.django_db


def place_by_transfer(client, world):
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    client.post("/keranjang/tambah/", {"variant": world.kopi.pk, "quantity": 2})
    client.post("/checkout/", {**ADDRESS, "refresh": "1"})
    placed = client.post(
        "/checkout/",
        {
            **ADDRESS,
            "place": "1",
            "gateway": "BANK_TRANSFER",
            f"method_{world.sikka.pk}": world.sikka_ship["courier"].pk,
            f"method_{world.belu.pk}": world.belu_ship["pickup"].pk,
        },
    )
    assert placed.status_code == 302, placed.content.decode()[:1500]
    return client.get(placed["Location"]).content.decode()


def test_the_platform_account_the_exact_amount_the_reference_and_the_deadline(client, world):
    html = place_by_transfer(client, world)
    payment = Payment.objects.get()
    assert "Bank NTT" in html
    assert "001.01.02.123456-7" in html
    amount = f"Rp {payment.amount:,}".replace(",", ".")
    assert f'<strong class="transfer-amount">{amount}</strong>' in html
    assert f"OVOP-{payment.pk:06d}" in html
    deadline = min(o.expires_at for o in Order.objects.all())
    local = timezone.localtime(deadline, timezone.get_fixed_timezone(8 * 60))
    assert f"{local:%H:%M} WITA" in html
    assert "bukti transfer" in html
    assert sum(Order.objects.values_list("total", flat=True)) == payment.amount


def test_each_lembaga_paid_directly_gets_its_own_transfer(client, world, settings):
    settings.BANK_TRANSFER_TO_LEMBAGA = True
    world.sikka.bank_name = "BRI"
    world.sikka.bank_account_number = "4455-01-000123-50-9"
    world.sikka.bank_account_holder = "Koperasi Tenun Sikka"
    world.sikka.save()
    html = place_by_transfer(client, world)
    sikka = Order.objects.get(seller=world.sikka)
    belu = Order.objects.get(seller=world.belu)
    assert "4455-01-000123-50-9" in html
    assert len(re.findall(r'class="transfer-reference"', html)) == 2
    assert f'<strong class="transfer-reference">{sikka.number}</strong>' in html
    assert f'<strong class="transfer-reference">{belu.number}</strong>' in html
    # A lembaga without an account on file falls back to the platform's.
    assert "Bank NTT" in html
