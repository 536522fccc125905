"""Fast on a village connection: no CSRF cookie on anonymous pages, shared-cache headers,
eager first product cards with srcset, the product photo fetched first."""

import pytest

from catalog.models import ProductMedia
from catalog.search.database import index_products

pytestmark = pytest.mark.django_db

THUMBS = {"200": "products/k-200.webp", "400": "products/k-400.webp", "800": "products/k-800.webp"}


@pytest.fixture
def products(make_product):
    made = []
    for i in range(6):
        product = make_product(published=True, name=f"Kopi {i}", price=50_000 + i)
        ProductMedia.objects.create(
            product=product,
            image=f"products/k{i}.jpg",
            width=800,
            height=800,
            alt="kopi",
            thumbnails=THUMBS,
        )
        made.append(product)
    index_products([p.pk for p in made])
    return made


@pytest.mark.parametrize("path", ["/", "/produk/", "/robots.txt"])
def test_anonymous_pages_set_no_cookie_and_may_sit_in_a_shared_cache(client, path, products):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies, path
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_language_switch_is_a_link_that_sets_only_the_language(client):
    html = client.get("/produk/?q=kopi").content.decode()
    assert 'href="/bahasa/en/?next=/produk/%3Fq%3Dkopi"' in html
    response = client.get("/bahasa/en/", {"next": "/produk/?q=kopi"})
    assert response.status_code == 302
    assert response["Location"] == "/produk/?q=kopi"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_language_switch_refuses_another_host_and_unknown_languages(client):
    response = client.get("/bahasa/en/", {"next": "https://jahat.example/"})
    assert response["Location"] == "/"
    assert "django_language" not in client.get("/bahasa/xx/").cookies


def test_signed_in_pages_and_pages_with_a_cookie_stay_private(client, make_user, products):
    client.force_login(make_user())
    assert "public" not in client.get("/").get("Cache-Control", "")
    client.logout()
    client.get("/")
    client.post("/keranjang/tambah/", {"variant": products[0].variants.get().pk, "quantity": 1})
    # The guest now has a cart (a session): the pages are theirs, not the cache's.
    assert "public" not in client.get("/produk/").get("Cache-Control", "")


def test_the_first_cards_load_eagerly_with_srcset_the_rest_lazily(client, products):
    html = client.get("/produk/?urut=nama").content.decode()
    images = [part.split(">")[0] for part in html.split('<img src="')[1:]]
    cards = [i for i in images if "product-card__img" in i]
    assert len(cards) == 6
    assert all('loading="eager"' in c for c in cards[:4])
    assert all('loading="lazy"' in c for c in cards[4:])
    assert (
        'srcset="/media/products/k-200.webp 200w, /media/products/k-400.webp 400w, '
        '/media/products/k-800.webp 800w"' in cards[0]
    )


def test_the_product_photo_is_fetched_first(client, products):
    html = client.get(f"/produk/{products[0].slug}/").content.decode()
    assert 'loading="eager" fetchpriority="high"' in html
