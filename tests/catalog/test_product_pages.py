import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Category, ProductMedia, Stock
from catalog.search.database import index_products
from catalog.services import stock_location_ensure_for_seller

pytestmark = pytest.mark.django_db


def _catalogue(make_product, approve, seller, n):
    location = stock_location_ensure_for_seller(seller=seller)
    products = []
    for i in range(n):
        product = make_product(published=True, name=f"Kopi Bajawa {i:02d}", price=50_000 + i)
        product.buffer_villages.set(["53.07.01.2003"])
        approve(
            product, type="PIRT", number="206530701002330", expires_at=datetime.date(2030, 1, 1)
        )
        approve(product, type="HALAL", number="ID53110000123450623")
        Stock.objects.create(variant=product.variants.get(), location=location, quantity=3)
        ProductMedia.objects.create(
            product=product, image="products/x.jpg", width=1, height=1, alt="foto"
        )
        products.append(product)
    # What the after-commit indexing task does in production.
    index_products([p.pk for p in products])
    return products


def test_product_list_page_costs_the_same_queries_for_one_or_many(
    client, make_product, approve, seller
):
    _catalogue(make_product, approve, seller, 1)
    client.get("/produk/")  # warms the cached facet labels (regency and category names)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/produk/").status_code == 200
    _catalogue(make_product, approve, seller, 10)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/produk/")
    assert response.content.decode().count('class="card product-card"') == 11
    assert len(one.captured_queries) == len(many.captured_queries)


def test_product_list_page_shows_price_badges_and_reads_q(client, make_product, approve, seller):
    _catalogue(make_product, approve, seller, 2)
    make_product(
        published=True, name="Tenun Sikka", category=Category.objects.get(slug="tenun-ikat")
    )
    html = client.get("/produk/?q=Bajawa").content.decode()
    assert "Kopi Bajawa 00" in html
    assert "Kopi Bajawa 01" in html
    assert "Tenun Sikka" not in html
    assert "Rp 50.000" in html
    assert '<span class="badge">Halal</span>' in html
    assert 'name="viewport"' in html


def test_product_list_page_filters_by_regency_category_price_and_stock(
    client, make_product, approve, seller
):
    _catalogue(make_product, approve, seller, 2)
    make_product(
        published=True, name="Tenun Sikka", category=Category.objects.get(slug="tenun-ikat")
    )
    html = client.get("/produk/?kategori=tenun-ikat").content.decode()
    assert "Tenun Sikka" in html
    assert "Kopi Bajawa 00" not in html
    html = client.get("/produk/?tersedia=1").content.decode()
    assert "Tenun Sikka" not in html
    assert "Kopi Bajawa 00" in html
    html = client.get("/produk/?harga_min=50001").content.decode()
    assert "Kopi Bajawa 01" in html
    assert "Kopi Bajawa 00" not in html
    html = client.get("/produk/?kabupaten=53.09").content.decode()
    assert "Kopi Bajawa" not in html


def test_product_page_shows_legality_provenance_and_seller(client, make_product, approve, seller):
    product = _catalogue(make_product, approve, seller, 1)[0]
    product.raw_material = "kopi arabika"
    product.save()
    html = client.get(f"/produk/{product.slug}/").content.decode()
    assert "<h1>Kopi Bajawa 00</h1>" in html
    assert "Rp 50.000" in html
    assert "SPP-IRT/P-IRT</span> 206530701002330" in html
    assert "berlaku sampai 1 Januari 2030" in html
    assert "Halal</span> ID53110000123450623" in html
    assert "berlaku selama komposisi tidak berubah" in html
    assert "Desa Masabewa" in html
    assert "Wolowiro" in html
    assert "Kabupaten Sikka" in html
    assert "kopi arabika" in html
    assert seller.name in html


def test_product_page_of_non_halal_and_21_plus_product(client, make_product):
    sopi = Category.objects.get(slug="sopi-moke")
    product = make_product(
        published=True,
        category=sopi,
        name="Sopi terstandar",
        is_halal=False,
        non_halal_statement="Mengandung alkohol.",
    )
    html = client.get(f"/produk/{product.slug}/").content.decode()
    assert "Tidak halal.</strong> Mengandung alkohol." in html
    assert "Khusus pembeli berusia 21 tahun ke atas." in html
    assert "Pergub NTT No. 44 Tahun 2019" in html


def test_unpublished_product_page_is_404_for_the_public_and_a_preview_for_its_seller(
    client, make_product, pengurus
):
    product = make_product()
    assert client.get(f"/produk/{product.slug}/").status_code == 404
    client.force_login(pengurus)
    html = client.get(f"/produk/{product.slug}/").content.decode()
    assert "Pratinjau: produk ini belum tampil untuk umum." in html


def test_product_list_page_filters_by_zone(client, make_product, make_seller):
    from sellers.models import Zone

    zone = Zone.objects.create(
        regency_id="53.07", name="Klaster Tenun Nita", slug="klaster-tenun-nita", commodity="Tenun"
    )
    in_zone = make_seller(zone=zone)
    tenun = Category.objects.get(slug="tenun-ikat")
    make_product(seller=in_zone, category=tenun, published=True, name="Sarung Nita")
    make_product(category=tenun, published=True, name="Sarung lain")
    html = client.get(f"/produk/?zona={zone.pk}").content.decode()
    assert "Sarung Nita" in html
    assert "Sarung lain" not in html
    assert "Klaster Tenun Nita (Sikka)" in html


def test_english_pages_use_the_english_category_names(client, make_product):
    product = make_product(published=True, category=Category.objects.get(slug="tenun-ikat"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Ikat weaving" in client.get("/produk/").content.decode()
    html = client.get(f"/produk/{product.slug}/").content.decode()
    assert "Ikat weaving</a>" in html
    assert "Legality" in html


def test_product_page_hides_expired_certificates(client, make_product, approve):
    tenun = Category.objects.get(slug="tenun-ikat")
    product = make_product(published=True, category=tenun)
    approve(product, type="HKI_MEREK", number="IDM000912345", expires_at=datetime.date(2020, 1, 1))
    approve(product, type="SNI", number="1234/LSPRO/2025", expires_at=datetime.date(2031, 1, 1))
    html = client.get(f"/produk/{product.slug}/").content.decode()
    assert "1234/LSPRO/2025" in html
    assert "IDM000912345" not in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/produk/?kabupaten=Sikka", "Kode kabupaten/kota tidak valid, contoh: 53.07."),
        ("/produk/?harga_min=-1", "Harga tidak boleh negatif."),
        ("/produk/?halaman=999999999999999999999", "Nomor halaman terlalu besar"),
    ],
)
def test_product_list_page_answers_400_with_the_message_for_bad_filters(
    client, make_product, seller, url, message
):
    make_product(published=True, name="Kopi Bajawa Arabika")
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="card product-card"' not in html


def test_product_list_page_bad_filter_message_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/produk/?harga_min=-1")
    assert response.status_code == 400
    assert "The price cannot be negative." in response.content.decode()


def test_product_list_page_filters_by_certificate(client, make_product, approve):
    tenun = Category.objects.get(slug="tenun-ikat")
    halal = make_product(published=True, name="Jagung titi halal")
    approve(halal, type="HALAL", number="ID53110000123450623")
    approve(halal, type="PIRT", number="206530701002330", expires_at=datetime.date(2030, 1, 1))
    plain = make_product(category=tenun, published=True, name="Sarung polos")
    index_products([halal.pk, plain.pk])
    response = client.get("/produk/?sertifikat=HALAL")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jagung titi halal" in html
    assert "Sarung polos" not in html
    assert "Sarung polos" in client.get("/produk/").content.decode()
