"""The issue's end-to-end story through the pages: portal, review, publication, expiry."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from catalog.models import Category, Certificate, Product, ProductMedia, Stock, StockMovement
from catalog.tasks import certificates_expiry_check
from shop.roles import Role

pytestmark = pytest.mark.django_db


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (180, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("jagung.jpg", buffer.getvalue(), "image/jpeg")


def test_seller_lists_a_halal_processed_food_staff_approve_it_publishes_and_expiry_withdraws_it(
    client, pengurus, officer, seller, django_capture_on_commit_callbacks
):
    food = Category.objects.get(slug="camilan-dan-kue")
    client.force_login(pengurus)
    assert seller.name in client.get("/portal/produk/").content.decode()

    # 1. The seller creates the product.
    response = client.post(
        f"/portal/produk/baru/{seller.slug}/",
        {
            "name": "Jagung Titi Masabewa",
            "category": food.pk,
            "description": "Jagung titi khas Flores.",
            "buffer_village_codes": "53.07.01.2003",
            "raw_material": "jagung pulut lokal",
            "is_halal": "1",
        },
    )
    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/produk/{product.pk}/"
    page = f"/portal/produk/{product.pk}/"

    # 2. A variant, an image, stock.
    assert (
        client.post(
            page,
            {
                "action": "variant",
                "sku": "JT-250",
                "name": "250 g",
                "price": "35000",
                "weight_grams": "300",
            },
        ).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(
                page, {"action": "media", "image": _jpeg(), "alt": "Jagung titi"}
            ).status_code
            == 302
        )
    media = ProductMedia.objects.get()
    assert set(media.thumbnails) == {"200", "400", "800"}
    variant = product.variants.get()
    response = client.post(
        "/portal/stok/",
        {"variant": variant.pk, "quantity": "40", "reason": "RECEIVED", "note": "Produksi Maret"},
    )
    assert response.status_code == 302
    assert Stock.objects.get().quantity == 40
    assert StockMovement.objects.get().delta == 40
    assert "JT-250" in client.get("/portal/stok/").content.decode()

    # 3. Certificates; publishing before review is refused and names what is missing.
    for data in (
        {
            "type": "PIRT",
            "number": "206530701002330",
            "issuer": "Dinkes Sikka",
            "issued_at": "2025-06-01",
            "expires_at": "2030-06-01",
        },
        {
            "type": "HALAL",
            "number": "ID53110000123450623",
            "issuer": "BPJPH",
            "issued_at": "2025-06-01",
        },
    ):
        assert client.post(page, {"action": "certificate", **data}).status_code == 302
    html = client.post(page, {"action": "publish"}).content.decode()
    assert "SPP-IRT/P-IRT / BPOM MD; Halal" in html
    assert Product.objects.get().is_published is False

    # 4. Programme staff approve both from the review queue.
    client.force_login(officer)
    queue = client.get("/portal/produk/sertifikat/tinjau/").content.decode()
    assert "206530701002330" in queue
    assert "ID53110000123450623" in queue
    for cert in Certificate.objects.all():
        client.post(
            "/portal/produk/sertifikat/tinjau/", {"certificate": cert.pk, "decision": "APPROVE"}
        )
    assert set(Certificate.objects.values_list("status", flat=True)) == {"APPROVED"}

    # 5. The seller publishes; the public page shows its legality.
    client.force_login(pengurus)
    assert client.post(page, {"action": "publish"}).status_code == 302
    client.logout()
    html = client.get(f"/produk/{product.slug}/").content.decode()
    assert "SPP-IRT/P-IRT</span> 206530701002330" in html
    assert "Halal</span> ID53110000123450623" in html
    assert "Rp 35.000" in html
    assert "Jagung Titi Masabewa" in client.get("/produk/?q=jagung").content.decode()

    # 6. The P-IRT expires: the daily task withdraws the product.
    Certificate.objects.filter(type="PIRT").update(
        expires_at=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert certificates_expiry_check()["unpublished"] == 1
    assert client.get(f"/produk/{product.slug}/").status_code == 404


def test_portal_shows_field_errors_and_saves_nothing(client, pengurus, make_product):
    product = make_product(price=None)
    client.force_login(pengurus)
    page = f"/portal/produk/{product.pk}/"
    response = client.post(page, {"action": "variant", "sku": "X-1", "price": "-5"})
    assert response.status_code == 400
    assert "Harga tidak boleh negatif." in response.content.decode()
    response = client.post(
        page,
        {"action": "certificate", "type": "BPOM_MD", "number": "MD1", "expires_at": "2027-01-01"},
    )
    assert "Format nomor BPOM MD salah" in response.content.decode()
    response = client.post(page, {"action": "media", "image": SimpleUploadedFile("a.jpg", b"teks")})
    assert "Berkas bukan gambar JPEG, PNG, atau WebP yang sah." in response.content.decode()
    assert (
        product.variants.count(),
        Certificate.objects.count(),
        ProductMedia.objects.count(),
    ) == (0, 0, 0)


def test_portal_pages_are_closed_to_outsiders(client, make_user, make_product, seller):
    product = make_product()
    client.force_login(make_user(Role.SELLER_MEMBER))
    assert client.get(f"/portal/produk/{product.pk}/").status_code == 403
    assert client.get(f"/portal/produk/baru/{seller.slug}/").status_code == 403
    assert client.get("/portal/stok/").status_code == 403
    assert client.get("/portal/produk/sertifikat/tinjau/").status_code == 403
    assert client.get(f"/portal/produk/sertifikat-lembaga/{seller.slug}/").status_code == 403
    client.logout()
    assert client.get("/portal/produk/").status_code == 302


def test_stock_page_refuses_negative_quantity(client, pengurus, make_product):
    variant = make_product().variants.get()
    client.force_login(pengurus)
    response = client.post(
        "/portal/stok/", {"variant": variant.pk, "quantity": "-2", "reason": "COUNT"}, follow=True
    )
    assert "Stok tidak boleh negatif." in response.content.decode()
    assert Stock.objects.filter(quantity__gt=0).count() == 0


def test_portal_edits_a_variant_price(client, pengurus, make_product):
    product = make_product(price=20_000)
    variant = product.variants.get()
    client.force_login(pengurus)
    response = client.post(
        f"/portal/produk/{product.pk}/",
        {
            "action": "variant_update",
            "variant": variant.pk,
            "name": "500 g",
            "price": "38000",
            "weight_grams": "550",
        },
    )
    assert response.status_code == 302
    variant.refresh_from_db()
    assert (variant.name, variant.price, variant.weight_grams) == ("500 g", 38_000, 550)
    response = client.post(
        f"/portal/produk/{product.pk}/",
        {"action": "variant_update", "variant": variant.pk, "price": "-1"},
    )
    assert "Harga tidak boleh negatif." in response.content.decode()
    variant.refresh_from_db()
    assert variant.price == 38_000


def test_portal_records_the_seller_nib(client, pengurus, seller):
    client.force_login(pengurus)
    url = f"/portal/produk/sertifikat-lembaga/{seller.slug}/"
    response = client.post(url, {"type": "NIB", "number": "12345"})
    assert response.status_code == 400
    assert "Format nomor NIB salah" in response.content.decode()
    response = client.post(url, {"type": "NIB", "number": "9120001234567", "issuer": "OSS"})
    assert response.status_code == 302
    cert = Certificate.objects.get()
    assert (cert.seller_id, cert.product_id, cert.status) == (seller.pk, None, "PENDING")
    assert "9120001234567" in client.get(url).content.decode()
