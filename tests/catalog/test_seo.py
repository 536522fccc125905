"""Shared links and search engines: Open Graph, Product JSON-LD, robots.txt, sitemap, canonical."""

import json
import re

import pytest

from catalog.models import ProductMedia

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(make_product, food):
    product = make_product(published=True, name="Kopi </script> Bajawa", price=85_000)
    ProductMedia.objects.create(
        product=product,
        image="products/kopi.jpg",
        width=800,
        height=600,
        alt="Kopi",
        thumbnails={"400": "products/kopi-400.webp", "800": "products/kopi-800.webp"},
    )
    return product


def _json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_a_product_page_previews_with_photo_name_and_price(client, product):
    html = client.get(f"/produk/{product.slug}/").content.decode()
    assert '<meta property="og:type" content="product">' in html
    assert "og:title" in html
    assert "Rp 85.000" in re.search(r'og:title" content="([^"]*)"', html).group(1)
    image = re.search(r'og:image" content="([^"]*)"', html).group(1)
    assert image == "http://testserver/media/products/kopi-800.webp"
    assert '<meta property="product:price:amount" content="85000">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<link rel="canonical" href="http://testserver/produk/{product.slug}/">' in html


def test_the_product_json_ld_has_price_and_availability_and_cannot_break_out(client, product):
    html = client.get(f"/produk/{product.slug}/").content.decode()
    data = _json_ld(html)
    assert data["@type"] == "Product"
    assert data["name"] == "Kopi </script> Bajawa"
    assert data["offers"]["lowPrice"] == 85_000
    assert data["offers"]["priceCurrency"] == "IDR"
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"  # no stock yet
    assert "Kopi </script> Bajawa</" not in html.split("application/ld+json")[1][:400]


def test_search_results_are_noindex_a_category_is_indexed_with_its_canonical(client, product):
    searched = client.get("/produk/", {"q": "kopi"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in searched
    assert '<link rel="canonical" href="http://testserver/produk/">' in searched
    category = client.get("/produk/", {"kategori": "camilan-dan-kue"}).content.decode()
    assert 'name="robots"' not in category
    assert (
        '<link rel="canonical" href="http://testserver/produk/?kategori=camilan-dan-kue">'
        in category
    )


def test_robots_txt_points_to_the_sitemap_and_keeps_out_private_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /portal/" in text
    assert "Disallow: /checkout/" in text
    assert "Disallow: /akun/" in text  # address book, wishlist
    assert "Disallow: /bukti-transfer/" in text
    assert "public" in response["Cache-Control"]


def test_the_sitemap_lists_public_products_lembaga_and_categories(client, product, make_product):
    draft = make_product(published=False, name="Draf rahasia")
    xml = client.get("/sitemap.xml").content.decode()
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert f"<loc>http://testserver/produk/{product.slug}/</loc>" in xml
    assert f"/produk/{draft.slug}/" not in xml
    assert f"<loc>http://testserver/lembaga/{product.seller.slug}/</loc>" in xml
    assert "<loc>http://testserver/produk/?kategori=camilan-dan-kue</loc>" in xml
