"""Issue #14 "done when": a pendamping proposes a product, programme staff assess the
II.3 criteria a-d and designate it with a decree, and the "Produk OVOP" mark shows on the
storefront. Screenshots of every new page at 390x844 and desktop size."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from catalog.models import Category, Product, ProductEvent, ProductVariant
from sellers.models import PendampingAssignment
from shop.roles import Role

from .helpers import (
    PASSWORD,
    button,
    css,
    fill,
    link,
    shot,
    sign_in,
    sign_out,
    submit_and_wait,
    text_of,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MASABEWA = "53.07.01.2001"


def test_pendamping_proposes_staff_designate_with_a_decree_and_the_mark_shows(
    browser, live_server, active_lembaga, officer, make_user
):
    seller = active_lembaga(
        name="Kelompok Tenun Masabewa",
        village=MASABEWA,
        member_email="maria@masabewa.id",
        member_name="Maria",
    )
    seller.zone.buffer_villages.set(["53.07.01.2003"])
    pendamping = make_user(
        Role.PENDAMPING, email="agustina@pendamping.id", first_name="Agustina", password=PASSWORD
    )
    PendampingAssignment.objects.create(seller=seller, user=pendamping)
    product = Product.objects.create(
        seller=seller,
        category=Category.objects.get(slug="tenun-ikat"),
        name="Sarung tenun ikat Masabewa",
        slug="sarung-tenun-ikat-masabewa",
        origin_village_id=MASABEWA,
        raw_material="benang kapas, akar mengkudu",
        is_published=True,
        published_at=timezone.now(),
    )
    product.buffer_villages.set(["53.07.01.2003"])
    ProductVariant.objects.create(product=product, sku="MSB-TNN-1", name="Sarung", price=1_500_000)
    url = live_server.url

    # 1. The pendamping proposes the product from the lembaga's portal.
    sign_in(browser, url, "agustina@pendamping.id")
    browser.get(f"{url}/portal/produk/{product.pk}/")
    fill(browser, {"note": "Motif Masabewa warisan leluhur; kapas dari Wolowiro."})
    submit_and_wait(browser, button(browser, "Usulkan sebagai calon produk OVOP"))
    assert "Dinas PMD akan menilainya" in text_of(browser)
    assert "menunggu penilaian Dinas PMD" in text_of(browser)
    shot(browser, "p1-portal-proposed")
    sign_out(browser)

    # 2. Programme staff find it in "Penilaian produk OVOP" and assess II.3 a-d.
    sign_in(browser, url, "pmd@ntt.go.id")
    css(browser, "details.menu summary").click()
    submit_and_wait(browser, link(browser, "Penilaian produk OVOP"))
    assert "Sarung tenun ikat Masabewa" in text_of(browser)
    shot(browser, "p2-assessment-queue")
    submit_and_wait(browser, link(browser, "Nilai"))
    main = browser.find_element(By.TAG_NAME, "main")
    values = {}
    for key, evidence in {
        "raw_material_local": "Motif Mawarani, teknik ikat lungsin turun-temurun",
        "raw_material_from_buffer_villages": "Kapas dan mengkudu dari Desa Wolowiro (penyangga)",
        "economic_value": "38 penenun, omzet kelompok Rp 45.000.000/bulan",
        "market_potential": "Pesanan rutin NTT Mart dan pembeli Jakarta",
    }.items():
        values[f"{key}_met"] = True
        values[key] = evidence
    values.update({"decree_number": "188.45/77/DPMD/2026"})
    fill(browser, values)
    browser.execute_script(
        "arguments[0].value = arguments[1]",
        main.find_element(By.NAME, "decree_date"),
        timezone.localdate().isoformat(),
    )
    main.find_element(By.CSS_SELECTOR, "input[name=decision][value=DESIGNATE]").click()
    shot(browser, "p3-assessment-form")
    submit_and_wait(browser, button(browser, "Simpan keputusan"))
    assert "Sarung tenun ikat Masabewa ditetapkan sebagai produk OVOP." in text_of(browser)
    product.refresh_from_db()
    assert (product.ovop_status, product.ovop_decree_number) == (
        "DESIGNATED",
        "188.45/77/DPMD/2026",
    )
    assert list(ProductEvent.objects.filter(product=product).values_list("kind", flat=True)) == [
        "PROPOSED",
        "DESIGNATED",
    ]
    sign_out(browser)

    # 3. The public storefront: the mark on the card (filtered) and on the page.
    browser.get(f"{url}/produk/?ovop=1")
    cards = browser.find_elements(By.CSS_SELECTOR, ".product-card")
    assert len(cards) == 1
    assert cards[0].find_element(By.CSS_SELECTOR, "[data-mark=ovop]").text == "Produk OVOP"
    shot(browser, "p4-storefront-filtered")
    browser.get(f"{url}/produk/{product.slug}/")
    assert css(browser, "[data-mark=ovop]").text == "Produk OVOP"
    assert "188.45/77/DPMD/2026" in text_of(browser)
    shot(browser, "p5-product-page")

    # 4. The zone page and the potential map (province grid, kabupaten page).
    browser.get(f"{url}/zona/{seller.zone.slug}/")
    assert "Wolowiro" in text_of(browser)
    shot(browser, "p6-zone-page")
    browser.get(f"{url}/peta-potensi/")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".potential-cell")) == 22
    shot(browser, "p7-potential-map")
    browser.get(f"{url}/peta-potensi/53.07/")
    assert "Sarung tenun ikat Masabewa" in text_of(browser)
    shot(browser, "p8-potential-regency")
