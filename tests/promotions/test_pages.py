"""Campaign pages: the landing page and cards show the struck-through price; only campaign
staff and report readers open the report, whose XLSX holds the same figures."""

import io

from openpyxl import load_workbook

from promotions.models import Redemption
from shop.roles import Role
from tests.factories import ProductVariantFactory, StockFactory

from .factories import make_campaign


def test_campaign_page_shows_its_products_with_the_struck_price(client, world):
    campaign = make_campaign(products=[world.tenun.product], value=10, name="Tenun Sikka")
    response = client.get(f"/kampanye/{campaign.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tenun Sikka" in html
    assert '<s class="price-was"><span class="sr-only">Harga normal </span>Rp 450.000</s>' in html
    assert '<span class="price-now">Rp 405.000</span>' in html
    assert "WITA" in html


def test_product_page_and_list_show_the_campaign_price(client, world):
    make_campaign(products=[world.tenun.product], value=10)
    page = client.get(f"/produk/{world.tenun.product.slug}/").content.decode()
    assert '<span class="price-now">Rp 405.000</span>' in page
    assert "Beli Produk NTT" in page
    kopi = client.get(f"/produk/{world.kopi.product.slug}/").content.decode()
    assert "price-now" not in kopi


def test_draft_campaign_page_is_not_found_for_the_public(client, world):
    campaign = make_campaign(products=[world.tenun.product], is_draft=True)
    assert client.get(f"/kampanye/{campaign.slug}/").status_code == 404


def test_report_is_for_campaign_staff_and_report_readers_only(client, world, staff, make_user):
    campaign = make_campaign(products=[world.tenun.product], value=10)
    url = f"/staf/kampanye/{campaign.slug}/"
    client.force_login(make_user(Role.CONSUMER))
    assert client.get(url).status_code == 403
    # A kabupaten officer reads their own kabupaten's monitoring only; a campaign's
    # figures are the province's: the Tim Ahli (province-wide reader) may read them.
    client.force_login(make_user(Role.KABUPATEN_OFFICER))
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.TIM_AHLI))
    assert client.get(url).status_code == 200
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_report_xlsx_holds_the_figures(client, world, staff):
    campaign = make_campaign(products=[world.tenun.product], value=10, budget=1_000_000)
    Redemption.objects.create(
        campaign=campaign,
        seller=world.sikka,
        checkout_id=1,
        order_id=7,
        customer="email:maria@contoh.id",
        status=Redemption.Status.REDEEMED,
        amount=45_000,
        goods=450_000,
        units=1,
        funded_by="GOVERNMENT",
        regency_code="53.71",
        redeemed_at=campaign.starts_at,
    )
    client.force_login(staff)
    response = client.get(f"/staf/kampanye/{campaign.slug}/laporan.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert summary["Pesanan"] == 1
    assert summary["Nilai barang (Rp)"] == 450_000
    assert summary["Potongan diberikan (Rp)"] == 45_000
    by_regency = list(book.worksheets[1].iter_rows(values_only=True))
    assert by_regency[1] == ("53.71", "Kota Kupang", 1, 450_000, 1, 45_000)
    assert "maria" not in str(list(book.worksheets[2].iter_rows(values_only=True)))


def test_cart_shows_the_discounted_line_and_the_discount(client, world):
    make_campaign(products=[world.tenun.product], value=10)
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 2})
    html = client.get("/keranjang/").content.decode()
    assert '<span class="price-now">Rp 810.000</span>' in html
    assert "\u2212Rp 90.000" in html  # a minus sign


def test_cart_page_applies_a_voucher_and_says_why_one_is_refused(client, world):
    from promotions.models import Voucher

    campaign = make_campaign(
        products=[world.tenun.product], discount_type="FIXED", value=20_000, voucher_only=True
    )
    Voucher.objects.create(campaign=campaign, code="TENUNNTT")
    client.post("/keranjang/tambah/", {"variant": world.tenun.pk, "quantity": 1})
    refused = client.post("/keranjang/voucher/", {"code": "SALAH"}, follow=True)
    assert "Kode voucher tidak ditemukan." in refused.content.decode()
    applied = client.post("/keranjang/voucher/", {"code": "tenunntt"}, follow=True)
    html = applied.content.decode()
    assert "Voucher dipakai." in html
    assert '<span class="price-now">Rp 430.000</span>' in html
    removed = client.post("/keranjang/voucher/", {"remove": "1"}, follow=True).content.decode()
    assert "price-now" not in removed


def test_buy_box_shows_each_variants_own_campaign_price(client, world):
    product = world.tenun.product
    large = ProductVariantFactory(product=product, name="Selendang", price=185_005)
    StockFactory(variant=large, quantity=3)
    make_campaign(products=[product], value=10)
    page = client.get(f"/produk/{product.slug}/").content.decode()
    buy = page[page.index('class="buy"') : page.index("</form>", page.index('class="buy"'))]
    # 10% of Rp 185.005 is Rp 18.501 (half up)
    assert buy.count("data-campaign-price") == 2
    assert "Rp 450.000</s>" in buy
    assert '<span class="price-now" data-campaign-price>Rp 405.000</span>' in buy
    assert "Rp 185.005</s>" in buy
    assert '<span class="price-now" data-campaign-price>Rp 166.504</span>' in buy


def test_buy_box_variant_beyond_the_budget_shows_its_full_price(client, world):
    product = world.tenun.product
    cheap = ProductVariantFactory(product=product, name="Selendang", price=100_000)
    StockFactory(variant=cheap, quantity=3)
    make_campaign(products=[product], value=10, budget=10_000)  # Rp 45.000 does not fit
    page = client.get(f"/produk/{product.slug}/").content.decode()
    buy = page[page.index('class="buy"') : page.index("</form>", page.index('class="buy"'))]
    assert buy.count("data-campaign-price") == 1
    assert '<span class="price-now" data-campaign-price>Rp 90.000</span>' in buy
    assert "Rp 450.000</s>" not in buy
