"""Invoices: numbered per lembaga per year without gaps, exact figures in the PDF, access."""

import io
import threading

import pytest
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from orders.models import Order, Payment
from orders.reviews.models import Invoice
from orders.reviews.services import invoice_issue
from promotions.models import Campaign
from shop.roles import Role
from tests.factories import (
    ProductVariantFactory,
    SellerFactory,
    StockLocationFactory,
    UserFactory,
)
from tests.trust import completed_order, lembaga_member


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def government_campaign() -> Campaign:
    now = timezone.now()
    return Campaign.objects.create(
        name="Beli Produk NTT Agustus",
        slug="beli-ntt-agustus",
        starts_at=now - timezone.timedelta(days=1),
        ends_at=now + timezone.timedelta(days=1),
        discount_type="FIXED",
        value=25_000,
        funded_by="GOVERNMENT",
    )


def the_order() -> Order:
    """Two lines (2 x Rp 150.000 with Rp 25.000 off by the province; 1 x Rp 80.000),
    Rp 35.000 shipping: total Rp 390.000."""
    seller = SellerFactory(name="BUMDes Masabewa Jaya", nib="9120001234567", npwp="012345678901234")
    tenun = ProductVariantFactory(
        product__seller=seller, product__name="Tenun ikat Sikka", price=150_000
    )
    kopi = ProductVariantFactory(product__seller=seller, product__name="Kopi Bajawa", price=80_000)
    order = completed_order(
        variants=[tenun, kopi],
        subtotal=380_000,
        shipping_total=35_000,
        discount_total=25_000,
        discount_government=25_000,
        total=390_000,
        payment__amount=390_000,
        payment__gateway=Payment.Gateway.BANK_TRANSFER,
    )
    first = order.lines.order_by("pk").first()
    first.quantity, first.total = 2, 300_000
    first.discount, first.discount_government = 25_000, 25_000
    first.campaign = government_campaign()
    first.save()
    return order


@pytest.mark.django_db
def test_the_buyer_downloads_an_invoice_with_exact_figures(client):
    order = the_order()
    client.force_login(order.user)

    response = client.get(f"/pesanan/{order.number}/faktur.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    invoice = Invoice.objects.get()
    year = timezone.localtime(order.paid_at).year
    code = f"{order.seller.regency_code.replace('.', '')}-{order.seller.pk:04d}"
    assert invoice.number == f"INV/{code}/{year}/000001"
    assert response["Content-Disposition"] == (
        f'attachment; filename="INV-{code}-{year}-000001.pdf"'
    )
    text = pdf_text(response.content)
    assert f"Nomor: INV/{code}/{year}/000001" in text
    assert "BUMDes Masabewa Jaya" in text
    assert "NIB: 9120001234567" in text
    assert "NPWP: 012345678901234" in text
    assert f"Pesanan: {order.number}" in text
    assert "Tenun ikat Sikka (Standar)\n2\nRp 150.000\nRp 300.000" in text
    assert "Diskon Beli Produk NTT Agustus (dana pemerintah)\n-Rp 25.000" in text
    assert "Kopi Bajawa (Standar)\n1\nRp 80.000\nRp 80.000" in text
    assert "Subtotal\nRp 380.000" in text
    assert "Diskon (dana pemerintah)\n-Rp 25.000\nOngkos" in text
    assert "Ongkos kirim (Kurir JNE)\nRp 35.000" in text
    assert "Total\nRp 390.000" in text
    assert f"Transfer bank, dibayar {timezone.localtime(order.paid_at):%d-%m-%Y %H:%M} WITA" in text


@pytest.mark.django_db
def test_a_lembaga_without_npwp_says_so_and_the_same_number_comes_back(client):
    order = the_order()
    order.seller.npwp = ""
    order.seller.save()
    member = lembaga_member(order.seller)
    client.force_login(member)
    first = client.get(f"/pesanan/{order.number}/faktur.pdf")
    again = client.get(f"/pesanan/{order.number}/faktur.pdf")
    assert "NPWP: belum terdaftar" in pdf_text(first.content)
    assert first["Content-Disposition"] == again["Content-Disposition"]
    assert Invoice.objects.count() == 1


@pytest.mark.django_db
def test_numbers_run_per_lembaga_and_year():
    seller, other = SellerFactory(), SellerFactory()
    staff = UserFactory(roles=[Role.PROGRAMME_OFFICER])
    numbers = [
        invoice_issue(user=staff, order=completed_order(seller=s)).number.rsplit("/", 1)[1]
        for s in (seller, seller, other, seller)
    ]
    assert numbers == ["000001", "000002", "000001", "000003"]


@pytest.mark.django_db
def test_an_offline_sale_gets_a_receipt(client):
    order = completed_order(channel=Order.Channel.OFFLINE)
    order.outlet = StockLocationFactory(seller=None, kind="NTT_MART", name="NTT Mart Kupang")
    order.save()
    client.force_login(lembaga_member(order.seller))
    response = client.get(f"/pesanan/{order.number}/faktur.pdf")
    text = pdf_text(response.content)
    assert Invoice.objects.get().number.startswith("KWT/")
    assert "KUITANSI PENJUALAN GERAI" in text
    assert "NTT Mart Kupang" in text
    assert "Ongkos kirim" not in text


@pytest.mark.django_db
def test_others_get_404_and_an_unpaid_order_has_no_invoice(client):
    order = completed_order()
    client.force_login(UserFactory())
    assert client.get(f"/pesanan/{order.number}/faktur.pdf").status_code == 404
    client.force_login(lembaga_member(SellerFactory()))
    assert client.get(f"/pesanan/{order.number}/faktur.pdf").status_code == 404
    unpaid = completed_order(status=Order.Status.UNPAID, paid_at=None)
    client.force_login(unpaid.user)
    response = client.get(f"/pesanan/{unpaid.number}/faktur.pdf")
    assert response.status_code == 409
    assert response.content.decode() == "Faktur tersedia setelah pesanan dibayar."
    assert Invoice.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    order = completed_order()
    response = client.get(f"/pesanan/{order.number}/faktur.pdf")
    assert response.status_code == 302
    assert Invoice.objects.count() == 0


@pytest.mark.django_db
def test_order_invoice_url_in_graphql(gql):
    from tests.graphql import gid

    order = completed_order()
    gql.login(order.user)
    data = gql("query($id: ID!) { order(id: $id) { invoiceUrl } }", {"id": gid(order)})
    assert (
        data["data"]["order"]["invoiceUrl"]
        == f"http://testserver/pesanan/{order.number}/faktur.pdf"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_invoices_of_one_lembaga_get_gapless_numbers():
    assert connection.vendor == "postgresql"
    seller = SellerFactory()
    orders = [completed_order(seller=seller) for _ in range(10)]
    staff = UserFactory(roles=[Role.PROGRAMME_OFFICER])
    barrier = threading.Barrier(len(orders))
    errors = []

    def issue(order):
        try:
            barrier.wait()
            invoice_issue(user=staff, order=order)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(o,)) for o in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, 11))
