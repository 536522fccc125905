"""Issue #11 "done when", through the pages at a 390x844 phone: campaign staff create a
government-funded 10% campaign for tenun from Sikka and Belu and a voucher campaign
(Rp 20.000 off an order from Rp 100.000) and generate its code; a consumer sees the
discounted price on the list, the product page (each variant in the buy box) and in
GraphQL, buys from two lembaga with the voucher and pays (DUMMY); the campaign stats,
the budget left and each lembaga's payout are exact to the rupiah.

The numbers: tenun Sikka Rp 450.000 -> Rp 405.000; tais Belu Rp 350.000 -> Rp 315.000;
two packs of Belu coffee Rp 130.000 (not tenun: full price). The voucher's Rp 20.000 is
split over 405.000 : 315.000 : 130.000 by largest remainder: 9.529 + 7.412 + 3.059.
Shipping by courier to Kupang: Rp 25.000 (0,9 kg) and Rp 35.000 (1,3 kg). Commission 5%
on the goods before the government discount: Rp 22.500 and Rp 24.000.
"""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from catalog.models import Category
from orders.models import Order
from orders.selectors import month_bounds, seller_payouts
from promotions.models import Campaign, Voucher
from promotions.selectors import campaign_stats
from shop.roles import Role
from shop.tokens import token_issue

from .helpers import (
    PASSWORD,
    button,
    choose_region,
    choose_shipping,
    css,
    fill,
    link,
    shot,
    sign_in,
    sign_out,
    submit_and_wait,
    text_of,
    wait,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIKKA_VILLAGE = "53.07.01.2001"  # Masabewa, Kec. Paga, Kab. Sikka
BELU_VILLAGE = "53.04.01.2001"  # Kewar, Kec. Lamaknen, Kab. Belu

PRICING = """query($s: String) { product(slug: $s) { name pricing {
  priceRange { start { amount } } discounted { amount } } } }"""
STATS = """query($s: String!) { campaign(slug: $s) { status budgetLeft { amount }
  stats { orders gmv { amount } units discountTotal { amount } government { amount } } } }"""


def _page(browser, name: str) -> None:
    shot(browser, f"promo-{name}")


def _when(browser, name: str, moment) -> None:
    """A datetime-local field: the browser's picker is its own UI; set the value it would."""
    field = css(browser, f"input[name={name}]")
    value = timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
    browser.execute_script("arguments[0].value = arguments[1]", field, value)


def _choose_many(browser, name: str, values) -> None:
    select = Select(css(browser, f"select[name={name}]"))
    for value in values:
        select.select_by_value(str(value))


def _campaign_create(browser, url: str, fields: dict, many: dict) -> Campaign:
    browser.get(f"{url}/staf/kampanye/")
    submit_and_wait(browser, link(browser, "Buat kampanye"))
    fill(browser, fields)
    _when(browser, "starts_at", timezone.now() - timedelta(minutes=2))
    _when(browser, "ends_at", timezone.now() + timedelta(days=30))
    for name, values in many.items():
        _choose_many(browser, name, values)
    submit_and_wait(browser, button(browser, "Simpan kampanye"))
    assert "/staf/kampanye/" in browser.current_url, text_of(browser)
    assert f"Kampanye {fields['name']} dibuat." in text_of(browser)
    return Campaign.objects.get(name=fields["name"])


def _graphql(query: str, variables: dict, user=None) -> dict:
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token_issue(user=user, kind='access')}"
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        **headers,
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_staff_campaign_for_tenun_buyer_uses_voucher_stats_budget_and_payouts_exact(
    browser, live_server, make_user, active_lembaga, listed_product, shipping_methods
):
    sikka = active_lembaga(
        name="BUMDes Sikka Jaya",
        village=SIKKA_VILLAGE,
        member_email="pengurus@sikka.id",
        member_name="Yohanes",
    )
    belu = active_lembaga(
        name="Koperasi Tenun Lamaknen",
        village=BELU_VILLAGE,
        member_email="pengurus@belu.id",
        member_name="Agustinus",
    )
    shipping_methods(sikka)
    shipping_methods(belu)
    tenun = listed_product(
        seller=sikka,
        category="tenun-ikat",
        name="Sarung Tenun Ikat Sikka",
        sku="TENUN-SIKKA",
        price=450_000,
        grams=900,
        stock=5,
    )
    tais = listed_product(
        seller=belu,
        category="tenun-ikat",
        name="Tais Feto Belu",
        sku="TAIS-BELU",
        price=350_000,
        grams=800,
        stock=5,
    )
    kopi = listed_product(
        seller=belu,
        category="kopi-biji-mentah",
        name="Kopi Arabika Lamaknen",
        sku="KOPI-LAMAKNEN",
        price=65_000,
        grams=250,
        stock=50,
    )
    staff = make_user(
        Role.CAMPAIGN_STAFF, email="kampanye@ntt.go.id", first_name="Veronika", password=PASSWORD
    )
    buyer = make_user(Role.CONSUMER, email="maria@contoh.id", first_name="Maria", password=PASSWORD)
    url = live_server.url

    # Campaign staff create the tenun campaign and a voucher campaign through the pages.
    sign_in(browser, url, "kampanye@ntt.go.id")
    css(browser, "details.menu summary").click()
    submit_and_wait(browser, link(browser, "Kampanye"))
    campaign = _campaign_create(
        browser,
        url,
        {
            "name": "Beli Produk NTT: Tenun Sikka dan Belu",
            "agency": "DISPERINDAG",
            "discount_type": "PERCENTAGE",
            "value": "10",
            "applies_to": "ITEM",
            "funded_by": "GOVERNMENT",
            "funding_reference": "APBD 2026, DPA 2.07.01",
            "budget": "1000000",
        },
        {
            "categories": [Category.objects.get(slug="tenun-ikat").pk],
            "regencies": ["53.07", "53.04"],
        },
    )
    assert campaign.status == "ACTIVE"
    assert "Berjalan" in text_of(browser)
    _page(browser, "01-staff-campaign")
    voucher_campaign = _campaign_create(
        browser,
        url,
        {
            "name": "Voucher Hari Tenun",
            "agency": "DISPAREKRAF",
            "discount_type": "FIXED",
            "value": "20000",
            "applies_to": "ORDER",
            "min_subtotal": "100000",
            "funded_by": "GOVERNMENT",
            "funding_reference": "APBD 2026, DPA 3.26.02",
            "budget": "500000",
            "voucher_only": True,
        },
        {},
    )
    fill(browser, {"count": "1", "usage_limit": "1"})
    submit_and_wait(browser, button(browser, "Buat kode voucher"))
    assert "1 kode voucher dibuat." in text_of(browser)
    _page(browser, "02-staff-vouchers")
    [voucher] = Voucher.objects.filter(campaign=voucher_campaign)  # printed from the CSV
    sign_out(browser)

    # The consumer sees the campaign price on the list, the product page and in GraphQL.
    sign_in(browser, url, "maria@contoh.id")
    browser.get(f"{url}/produk/")
    cards = {
        c.find_element(By.CSS_SELECTOR, ".product-card__name").text: c.text
        for c in browser.find_elements(By.CSS_SELECTOR, ".product-card")
    }
    assert "Rp 450.000 Rp 405.000" in cards["Sarung Tenun Ikat Sikka"]
    assert "Rp 350.000 Rp 315.000" in cards["Tais Feto Belu"]
    assert "Rp 65.000" in cards["Kopi Arabika Lamaknen"]
    assert "Beli Produk NTT" not in cards["Kopi Arabika Lamaknen"]
    _page(browser, "03-list")
    browser.get(f"{url}/produk/{tais.slug}/")
    assert css(browser, ".price--deal .price-now").text == "Rp 315.000"
    assert css(browser, "form.buy [data-campaign-price]").text == "Rp 315.000"
    assert "Beli Produk NTT" in text_of(browser)
    _page(browser, "04-product")
    for product, regular, discounted in ((tenun, 450_000, 405_000), (tais, 350_000, 315_000)):
        pricing = _graphql(PRICING, {"s": product.slug})["product"]["pricing"]
        assert pricing == {
            "priceRange": {"start": {"amount": regular}},
            "discounted": {"amount": discounted},
        }
    assert _graphql(PRICING, {"s": kopi.slug})["product"]["pricing"]["discounted"] is None

    # Into the cart from the buy boxes, the voucher on top, checkout and pay.
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    for product, quantity in ((tenun, "1"), (kopi, "2")):
        browser.get(f"{url}/produk/{product.slug}/")
        fill(browser, {"quantity": quantity}, scope=css(browser, "form.buy"))
        submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    fill(browser, {"code": voucher.code.lower()}, scope=css(browser, "form.voucher"))
    submit_and_wait(browser, button(browser, "Pakai"))
    cart = text_of(browser)
    assert "Voucher dipakai." in cart
    assert voucher.code in cart
    _page(browser, "05-cart-voucher")
    submit_and_wait(browser, link(browser, "Lanjut ke checkout"))
    fill(
        browser,
        {
            "name": "Maria Goreti",
            "phone": "0812-3456-7890",
            "street": "Jl. El Tari No. 5",
            "postal_code": "85228",
        },
    )
    choose_region(browser, "regency", "Kota Kupang")
    choose_region(browser, "district", "Alak")
    choose_region(browser, "village", "Namosain")
    choose_shipping(browser, sikka, "Kurir JNE — Rp 25.000")
    choose_shipping(browser, belu, "Kurir JNE — Rp 35.000")
    totals = css(browser, "dl.totals").text
    assert "Rp 100.000" in totals  # 45.000 + 35.000 campaign, 20.000 voucher
    assert "Total\nRp 890.000" in totals  # 930.000 goods + 60.000 shipping - 100.000
    css(browser, "input[name=gateway][value=DUMMY]").click()
    _page(browser, "06-checkout")
    submit_and_wait(browser, button(browser, "Bayar dan buat pesanan"))
    wait(browser, lambda b: "Terima kasih!" in text_of(b))
    _page(browser, "07-done")

    # Each lembaga's order, discount and payout, to the rupiah.
    orders = {o.seller_id: o for o in Order.objects.filter(user=buyer)}
    s, b = orders[sikka.pk], orders[belu.pk]
    assert (s.status, b.status) == (Order.Status.PAID, Order.Status.PAID)
    assert (s.subtotal, s.shipping_total, s.discount_total, s.discount_government) == (
        450_000,
        25_000,
        54_529,  # 45.000 + 9.529
        54_529,
    )
    assert (b.subtotal, b.shipping_total, b.discount_total, b.discount_government) == (
        480_000,
        35_000,
        45_471,  # 35.000 + 7.412 + 3.059
        45_471,
    )
    assert (s.total, b.total) == (420_471, 469_529)
    assert (s.commission_amount, b.commission_amount) == (22_500, 24_000)
    assert (s.seller_payout, b.seller_payout) == (452_500, 491_000)
    start, end = month_bounds(timezone.localdate())
    for seller, payout, government in ((sikka, 452_500, 54_529), (belu, 491_000, 45_471)):
        report = seller_payouts(seller=seller, start=start, end=end)
        assert (report.orders, report.payout, report.government) == (1, payout, government)

    # The campaign stats and the budget left.
    stats = campaign_stats(campaign=campaign)
    assert (stats.orders, stats.gmv, stats.units, stats.discount_total, stats.government) == (
        2,
        800_000,
        2,
        80_000,
        80_000,
    )
    campaign.refresh_from_db()
    voucher_campaign.refresh_from_db()
    assert (campaign.budget_spent, campaign.budget_left) == (80_000, 920_000)
    assert (voucher_campaign.budget_spent, voucher_campaign.budget_left) == (20_000, 480_000)
    voucher.refresh_from_db()
    assert voucher.uses == 1
    report = _graphql(STATS, {"s": campaign.slug}, user=staff)["campaign"]
    assert report == {
        "status": "ACTIVE",
        "budgetLeft": {"amount": 920_000},
        "stats": {
            "orders": 2,
            "gmv": {"amount": 800_000},
            "units": 2,
            "discountTotal": {"amount": 80_000},
            "government": {"amount": 80_000},
        },
    }

    # Campaign staff read the same on the report page.
    sign_out(browser)
    sign_in(browser, url, "kampanye@ntt.go.id", next_path=f"/staf/kampanye/{campaign.slug}/")
    page = text_of(browser)
    assert "Pesanan\n2" in page
    assert "Nilai barang\nRp 800.000" in page
    assert "Potongan diberikan\nRp 80.000" in page
    assert "Ditanggung pemerintah\nRp 80.000" in page
    assert "Anggaran terpakai\nRp 80.000 / Rp 1.000.000" in page
    assert "Sisa anggaran\nRp 920.000" in page
    by_seller = css(browser, "section[aria-labelledby=by-seller]").text
    assert "BUMDes Sikka Jaya" in by_seller
    assert "Koperasi Tenun Lamaknen" in by_seller
    _page(browser, "08-staff-report")
