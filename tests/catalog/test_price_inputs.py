"""Prices typed the Indonesian way in the seller portal and the product filter."""

import pytest

from catalog.models import ProductVariant
from tests.catalog.search_corpus import build_corpus

pytestmark = pytest.mark.django_db


def _variant(client, product, price):
    return client.post(
        f"/portal/produk/{product.pk}/",
        {"action": "variant", "sku": "JT-500", "name": "500 g", "price": price},
        follow=True,
    )


def test_a_variant_priced_25_000_costs_twenty_five_thousand(client, pengurus, make_product):
    product = make_product()
    client.force_login(pengurus)
    response = _variant(client, product, "25.000")
    assert response.status_code == 200
    assert ProductVariant.objects.get(sku="JT-500").price == 25_000
    assert "Varian ditambahkan." in response.content.decode()
    assert 'value="25.000"' in response.content.decode()


def test_a_decimal_price_is_refused_and_nothing_is_created(client, pengurus, make_product):
    product = make_product()
    client.force_login(pengurus)
    html = _variant(client, product, "25,5").content.decode()
    assert not ProductVariant.objects.filter(sku="JT-500").exists()
    assert "Rupiah tanpa desimal" in html


def test_the_variant_update_reads_dots_as_thousands(client, pengurus, make_product):
    product = make_product()
    variant = product.variants.get()
    client.force_login(pengurus)
    client.post(
        f"/portal/produk/{product.pk}/",
        {"action": "variant_update", "variant": variant.pk, "name": "250 g", "price": "Rp 30.000"},
    )
    variant.refresh_from_db()
    assert variant.price == 30_000


def test_a_price_far_from_the_category_warns(client, pengurus, make_product):
    for price in (20_000, 25_000, 30_000):
        make_product(price=price, published=True)
    product = make_product()
    client.force_login(pengurus)
    html = _variant(client, product, "25").content.decode()
    assert ProductVariant.objects.get(sku="JT-500").price == 25
    assert "msg--warning" in html
    assert "Periksa harga Rp 25" in html
    assert "biasanya sekitar Rp 25.000" in html


def test_a_usual_price_does_not_warn(client, pengurus, make_product):
    for price in (20_000, 25_000, 30_000):
        make_product(price=price, published=True)
    client.force_login(pengurus)
    # 5,000 is exactly the median divided by the factor: still usual.
    assert "msg--warning" not in _variant(client, make_product(), "5.000").content.decode()


@pytest.fixture
def corpus(settings):
    settings.ELASTICSEARCH_URL = ""
    return build_corpus()


def test_the_filter_applies_dotted_bounds(client, corpus):
    response = client.get("/produk/", {"harga_min": "50.000", "harga_maks": "150.000"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vanili Alor" in html  # 150,000: exactly at the upper bound
    assert "Tepung kelor" in html  # 50,000: exactly at the lower bound
    assert "Tenun ikat Sikka" not in html  # 2,500,000
    assert "Rumput laut kering" not in html  # 30,000
    assert "Sopi" not in html  # 175,000


def test_the_filter_refuses_a_decimal_bound_clearly(client, corpus):
    response = client.get("/produk/", {"harga_min": "50,5"})
    assert response.status_code == 400
    assert "Rupiah tanpa desimal" in response.content.decode()
