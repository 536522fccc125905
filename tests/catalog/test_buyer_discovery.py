"""Finding products: clickable facets, a spelling hint and popular categories when
nothing matches, and the wishlist."""

import pytest

from catalog.models import Category, WishlistItem
from catalog.search import spelling_suggestion
from catalog.search.database import index_products

pytestmark = pytest.mark.django_db

BAJAWA = "53.09.06.1013"  # Kel. Bajawa, Kec. Bajawa, Kab. Ngada


@pytest.fixture
def bajawa_coffee(make_product):
    category = Category.objects.get(slug="tenun-ikat")
    products = [
        make_product(published=True, name="Kopi arabika Bajawa", origin_village_id=BAJAWA),
        make_product(published=True, name="Kopi robusta Bajawa", origin_village_id=BAJAWA),
        make_product(published=True, name="Sarung tenun Ngada", category=category),
    ]
    index_products([p.pk for p in products])
    return products


def test_a_misspelt_place_is_corrected(bajawa_coffee):
    assert spelling_suggestion("Bjawa") == "bajawa"
    assert spelling_suggestion("kopi bajawa") == ""  # every word known: nothing to say
    assert spelling_suggestion("kopi bjawa") == "kopi bajawa"


def test_an_empty_result_offers_the_spelling_and_popular_categories(client, bajawa_coffee):
    html = client.get("/produk/?q=bjawa&kabupaten=53.71").content.decode()
    assert "Belum ada produk yang cocok." in html
    assert 'Mungkin maksud Anda: <a href="?q=bajawa"><strong>Bajawa</strong></a>?' in html
    food = bajawa_coffee[0].category
    popular = html[html.index("Kategori populer") :]
    # the category with two products first, then the one with one
    assert popular.index(f"?kategori={food.slug}") < popular.index("?kategori=tenun-ikat")


def test_results_show_no_hint(client, bajawa_coffee):
    html = client.get("/produk/?q=kopi").content.decode()
    assert "Mungkin maksud Anda" not in html
    assert "Kategori populer" not in html


def test_facets_are_links_that_narrow_and_widen(client, bajawa_coffee):
    html = client.get("/produk/?q=kopi&urut=nama").content.decode()
    assert 'href="?q=kopi&amp;urut=nama&amp;kabupaten=53.09"' in html
    food = bajawa_coffee[0].category
    assert f'href="?q=kopi&amp;urut=nama&amp;kategori={food.slug}"' in html
    # the price band 0 - 49.999 (both products are Rp 25.000)
    assert 'href="?q=kopi&amp;urut=nama&amp;harga_min=0&amp;harga_maks=49999"' in html
    narrowed = client.get("/produk/?q=kopi&urut=nama&kabupaten=53.09").content.decode()
    assert 'aria-current="true"' in narrowed
    assert 'href="?q=kopi&amp;urut=nama"' in narrowed  # a click on it takes it off


def test_the_wishlist_saves_once_lists_and_removes(client, make_user, bajawa_coffee):
    user = make_user()
    product = bajawa_coffee[0]
    page = client.get(f"/produk/{product.slug}/").content.decode()
    assert f"/masuk/?next=/produk/{product.slug}/" in page  # a guest is asked to sign in
    client.force_login(user)
    for _n in range(2):
        response = client.post(
            "/akun/wishlist/",
            {"product": product.pk, "action": "add", "next": f"/produk/{product.slug}/"},
        )
        assert response["Location"] == f"/produk/{product.slug}/"
    assert WishlistItem.objects.filter(user=user).count() == 1
    assert "Tersimpan di wishlist" in client.get(f"/produk/{product.slug}/").content.decode()
    assert product.name in client.get("/akun/wishlist/").content.decode()
    client.post("/akun/wishlist/", {"product": product.pk, "action": "remove"})
    assert WishlistItem.objects.count() == 0


def test_the_wishlist_refuses_unknown_or_hidden_products_and_other_hosts(
    client, make_user, make_product
):
    hidden = make_product(published=False)
    client.force_login(make_user())
    for value in (hidden.pk, "abc", 999_999):
        client.post("/akun/wishlist/", {"product": value, "action": "add"})
    assert WishlistItem.objects.count() == 0
    response = client.post("/akun/wishlist/", {"product": "x", "next": "//evil.example/"})
    assert response["Location"] == "/akun/wishlist/"


def test_the_wishlist_limit(client, make_user, bajawa_coffee, settings):
    settings.WISHLIST_LIMIT = 2
    client.force_login(make_user())
    for product in bajawa_coffee:
        client.post("/akun/wishlist/", {"product": product.pk})
    assert WishlistItem.objects.count() == 2  # at the limit; the third refused
