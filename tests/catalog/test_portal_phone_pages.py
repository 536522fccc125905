"""What the browser journeys found wrong on the catalog pages, kept fixed."""

import re

import pytest

from catalog.models import Certificate

pytestmark = pytest.mark.django_db


def test_product_certificate_form_offers_every_type_but_the_lembaga_nib(
    client, pengurus, make_product
):
    product = make_product()
    client.force_login(pengurus)
    page = client.get(f"/portal/produk/{product.pk}/").content.decode()
    select = re.search(r'<select name="type".*?</select>', page, re.S).group(0)
    offered = re.findall(r'<option value="([^"]*)"', select)
    assert offered == [
        "",
        "PIRT",
        "BPOM_MD",
        "BPOM_NA",
        "BPOM_TR",
        "HALAL",
        "SNI",
        "HKI_MEREK",
        "INDIKASI_GEOGRAFIS",
    ]
    response = client.post(
        f"/portal/produk/{product.pk}/", {"action": "certificate", "number": "1"}
    )
    assert response.status_code == 400
    assert not Certificate.objects.exists()


def test_certificate_queue_links_the_product_preview_the_officer_may_open(
    client, officer, make_product
):
    product = make_product(name="Jagung Titi Masabewa")
    Certificate.objects.create(
        product=product, type="HALAL", number="ID53110000123450623", status="PENDING"
    )
    client.force_login(officer)
    queue = client.get("/portal/produk/sertifikat/tinjau/").content.decode()
    assert f'<a href="/produk/{product.slug}/">Jagung Titi Masabewa</a>' in queue
    preview = client.get(f"/produk/{product.slug}/")
    assert preview.status_code == 200
    assert "Pratinjau: produk ini belum tampil untuk umum." in preview.content.decode()


def test_product_page_links_its_lembaga_public_page(client, seller, make_product):
    product = make_product(published=True)
    page = client.get(f"/produk/{product.slug}/").content.decode()
    assert f'<a href="/lembaga/{seller.slug}/">BUMDes Masabewa Sejahtera</a>' in page


def test_stock_and_review_tables_label_every_cell_for_phones(client, pengurus, make_product):
    make_product()
    client.force_login(pengurus)
    page = client.get("/portal/stok/").content.decode()
    assert page.count('class="table table--stack"') == 2
    assert 'data-label="Atur jumlah"' in page


def test_product_list_folds_its_filters_unless_one_is_in_use(client, make_product):
    make_product(published=True)
    page = client.get("/produk/", {"q": "jagung"}).content.decode()
    assert '<details class="filters-box">' in page
    page = client.get("/produk/", {"q": "jagung", "kabupaten": "53.07"}).content.decode()
    assert '<details class="filters-box" open>' in page


def test_an_empty_result_shows_no_empty_facet_lines(client, make_product):
    make_product(published=True)
    page = client.get("/produk/", {"q": "zzzqqq"}).content.decode()
    assert "Belum ada produk yang cocok." in page
    assert "<strong>Kabupaten/kota</strong>: </p>" not in page
    assert "<strong>Kabupaten/kota</strong>:" not in page
