import pytest

from catalog.models import Product
from sellers.models import Seller

pytestmark = pytest.mark.django_db


def test_zone_page_lists_villages_lembaga_and_products_designated_first(
    client, seller, zone, make_product
):
    make_product(name="Aaa biasa", published=True)
    make_product(name="Zzz tenun", published=True, ovop_status=Product.OvopStatus.DESIGNATED)
    make_product(name="Draf rahasia")
    html = client.get(f"/zona/{zone.slug}/").content.decode()
    assert "Masabewa" in html
    assert "Desa/kelurahan penyangga" in html
    assert seller.name in html
    assert html.index("Zzz tenun") < html.index("Aaa biasa")
    assert "Draf rahasia" not in html
    assert client.get("/zona/tidak-ada/").status_code == 404


def test_province_overview_is_a_grid_of_the_22_kabupaten_with_counts(
    client, seller, zone, make_product, make_seller
):
    make_product(published=True, ovop_status=Product.OvopStatus.DESIGNATED)
    make_product(ovop_status=Product.OvopStatus.CANDIDATE)
    make_product(ovop_status=Product.OvopStatus.CANDIDATE)
    make_seller(status=Seller.Status.SUBMITTED)  # not active: not counted
    response = client.get("/peta-potensi/")
    html = response.content.decode()
    assert html.count('class="potential-cell') == 22
    assert "1 zona · 1 produk OVOP · 2 calon · 1 lembaga aktif" in html
    assert "cdn" not in html.lower()
    assert "tile" not in html.lower()
    from catalog.selectors import province_potential

    sikka = next(r for r in province_potential() if r["regency"].code == "53.07")
    assert (sikka["zones"], sikka["designated"], sikka["candidates"], sikka["lembaga"]) == (
        1,
        1,
        2,
        1,
    )
    assert sikka["commodities"] == ["jagung"]


def test_kabupaten_page_shows_zones_products_and_lembaga(client, seller, zone, make_product):
    make_product(name="Tenun ditetapkan", published=True, ovop_status="DESIGNATED")
    make_product(name="Calon madu", ovop_status="CANDIDATE")
    html = client.get("/peta-potensi/53.07/").content.decode()
    assert zone.name in html
    assert "Tenun ditetapkan" in html
    assert "Calon madu" in html
    assert seller.name in html
    assert client.get("/peta-potensi/99.99/").status_code == 404
