import pytest

from shop.graphql.views import GraphQLView
from tests.shopping import make_seller, make_variant

pytestmark = pytest.mark.django_db


def test_home_page_speaks_indonesian_and_lists_regencies(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Beli Produk NTT" in html
    assert "Sikka" in html
    assert 'name="viewport"' in html


def test_language_switch_turns_the_page_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Explore by regency" in html


def test_pages_load_no_asset_from_another_host(client):
    html = client.get("/").content.decode()
    assert "https://" not in html.split("<body")[0]
    assert "/static/css/site.css" in html


def test_register_page_creates_an_account_and_signs_in(client):
    response = client.post(
        "/daftar/",
        {
            "email": "rina@contoh.id",
            "first_name": "Rina",
            "password": "madu-hutan-mutis",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302
    assert "Rina" in client.get("/").content.decode()


def test_register_page_keeps_input_and_shows_errors(client):
    response = client.post(
        "/daftar/",
        {
            "email": "rina@contoh.id",
            "first_name": "Rina",
            "password": "madu",
            "phone": "12",
            "privacy_consent": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nomor telepon tidak valid." in html
    assert "sudah terdaftar" not in html
    assert 'value="Rina"' in html


def test_login_page_signs_in_with_email(client, make_user):
    make_user(email="rina@contoh.id", password="madu-hutan-mutis")
    response = client.post(
        "/masuk/", {"username": "rina@contoh.id", "password": "madu-hutan-mutis"}
    )
    assert response.status_code == 302


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_pages_stay_indonesian_for_a_phone_set_to_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html


def test_login_page_gives_the_generic_error_and_is_rate_limited(client, make_user, settings):
    settings.LOGIN_MAX_FAILURES = 2
    make_user(email="rina@contoh.id", password="madu-hutan-mutis")
    for _ in range(2):
        html = client.post(
            "/masuk/", {"username": "rina@contoh.id", "password": "x"}
        ).content.decode()
        assert "E-mail atau kata sandi salah." in html
    html = client.post(
        "/masuk/", {"username": "rina@contoh.id", "password": "madu-hutan-mutis"}
    ).content.decode()
    assert "Terlalu banyak percobaan masuk" in html
    assert "_auth_user_id" not in client.session


def test_graphiql_in_debug_loads_nothing_from_another_host(rf):
    request = rf.get("/graphql/", HTTP_ACCEPT="text/html")
    html = GraphQLView.as_view(graphiql=True)(request).content.decode()
    assert "vendor/graphiql/graphiql.min.js" in html
    assert "https://" not in html


def test_header_shows_each_visitor_the_links_of_their_roles(client, make_user):
    from shop.roles import Role

    anonymous = client.get("/").content.decode()
    assert 'href="/keranjang/"' in anonymous
    assert 'href="/masuk/?next=/"' in anonymous  # back here after signing in
    assert 'href="/tinjau/"' not in anonymous

    client.force_login(make_user(Role.CONSUMER))
    consumer = client.get("/").content.decode()
    assert 'href="/pesanan/"' in consumer
    assert 'href="/portal/"' in consumer  # "Daftarkan lembaga"
    assert 'href="/penjual/pesanan/"' not in consumer
    assert 'href="/tinjau/"' not in consumer

    client.force_login(make_user(Role.PROGRAMME_OFFICER))
    officer = client.get("/").content.decode()
    assert 'href="/tinjau/"' in officer
    assert 'href="/portal/produk/sertifikat/tinjau/"' in officer


def test_home_page_shows_the_newest_products_and_links_to_browse(client):
    from catalog.search.database import index_products

    variant = make_variant(make_seller(), name="Selendang tenun ikat Sikka")
    index_products([variant.product_id])
    html = client.get("/").content.decode()
    assert "Selendang tenun ikat Sikka" in html
    assert f'href="/produk/{variant.product.slug}/"' in html
    assert 'href="/produk/?kabupaten=53.07"' in html
    assert 'href="/produk/?kategori=kopi"' in html


def test_portal_links_an_active_lembaga_to_its_products_stock_and_orders(client, make_user):
    from sellers.models import SellerMember
    from shop.roles import Role

    seller = make_seller("BUMDes Sikka Jaya")
    member = make_user(Role.SELLER_MEMBER)
    SellerMember.objects.create(seller=seller, user=member, role=SellerMember.Role.PENGURUS)
    client.force_login(member)
    html = client.get("/portal/").content.decode()
    assert 'href="/portal/produk/"' in html
    assert f'href="/portal/stok/?lembaga={seller.slug}"' in html
    assert 'href="/penjual/pesanan/"' in html
