"""Issue #4 "done when": a member of an active lembaga lists a halal processed food with a
variant, an image, stock and its P-IRT and halal certificates; programme staff approve the
certificates; the member publishes; the public page shows the legality badges and the
header search finds the product. Everything through the pages, in a phone-sized browser."""

import pytest
from selenium.webdriver.common.by import By

from catalog.models import Category, Certificate, Product, Stock

from .helpers import (
    button,
    css,
    fill,
    fits_phone,
    link,
    pdf_file,
    png_file,
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

MASABEWA = "53.07.01.2001"  # Desa Masabewa, Kec. Paga, Kab. Sikka (53.07)


def test_member_lists_a_halal_snack_staff_approve_its_certificates_and_it_is_found(
    browser, live_server, active_lembaga, officer, tmp_path
):
    seller = active_lembaga(
        name="BUMDes Masabewa Sejahtera",
        village=MASABEWA,
        member_email="maria@masabewa.id",
        member_name="Maria",
    )
    food = Category.objects.get(slug="camilan-dan-kue")
    url = live_server.url

    # The member opens "Produk lembaga" from the header menu and adds a product.
    sign_in(browser, url, "maria@masabewa.id")
    css(browser, "details.menu summary").click()
    submit_and_wait(browser, link(browser, "Produk lembaga"))
    submit_and_wait(browser, link(browser, "Tambah produk untuk BUMDes Masabewa Sejahtera"))
    fill(
        browser,
        {
            "name": "Jagung Titi Masabewa",
            "category": food.pk,
            "description": "Jagung titi khas Flores, dipipihkan dengan batu.",
            "raw_material": "jagung pulut lokal",
            "technique": "titi (dipipih dengan batu)",
            "is_halal": "1",
        },
    )
    shot(browser, "j2-01-product-form")
    fits_phone(browser)
    submit_and_wait(browser, button(browser, "Simpan draf"))
    product = Product.objects.get()
    assert browser.current_url == f"{url}/portal/produk/{product.pk}/"
    assert "Produk disimpan sebagai draf." in text_of(browser)

    # A variant with its price and weight.
    form = css(browser, "section[aria-labelledby=var] form.form")
    fill(browser, {"sku": "JT-250", "name": "250 g", "price": "35000", "weight_grams": "300"}, form)
    submit_and_wait(browser, button(browser, "Tambah varian", scope=form))
    assert "Varian ditambahkan." in text_of(browser)

    # A photo of the product (a real PNG from the phone's gallery).
    form = css(browser, "section[aria-labelledby=img] form")
    fill(
        browser,
        {"image": png_file(tmp_path, "jagung-titi.png", (640, 480)), "alt": "Jagung titi"},
        form,
    )
    submit_and_wait(browser, button(browser, "Unggah gambar", scope=form))
    assert "Gambar diunggah." in text_of(browser)
    image = css(browser, "section[aria-labelledby=img] .gallery img")
    wait(browser, lambda b: b.execute_script("return arguments[0].naturalWidth", image) > 0)

    # Its P-IRT (digits 4-7 = 5307, Kabupaten Sikka; expires 2028) and halal certificate.
    for values in (
        {
            "type": "PIRT",
            "number": "2065307010023-28",
            "issuer": "Dinas Kesehatan Kabupaten Sikka",
            "issued_at": "2025-06-01",
            "expires_at": "2028-06-01",
            "document": pdf_file(tmp_path, "pirt.pdf"),
        },
        {
            "type": "HALAL",
            "number": "ID53110000123450623",
            "issuer": "BPJPH",
            "issued_at": "2025-06-01",
            "document": png_file(tmp_path, "halal.png"),
        },
    ):
        form = css(browser, "section[aria-labelledby=cert] form")
        fill(browser, values, form)
        submit_and_wait(browser, button(browser, "Kirim sertifikat", scope=form))
        assert "Sertifikat dikirim untuk ditinjau." in text_of(browser)
    # Publishing before review is refused with what is missing.
    submit_and_wait(browser, button(browser, "Terbitkan"))
    assert "SPP-IRT/P-IRT / BPOM MD; Halal" in text_of(browser)
    shot(browser, "j2-02-portal-product")
    fits_phone(browser)

    # Stock: the member sets the count of the lembaga's own store.
    submit_and_wait(browser, link(browser, "Stok"))
    row = browser.find_element(By.XPATH, "//tr[td[normalize-space()='JT-250']]")
    assert row.find_element(By.NAME, "quantity").is_displayed()
    fill(browser, {"quantity": "40", "reason": "RECEIVED", "note": "Produksi Maret"}, row)
    submit_and_wait(browser, button(browser, "Simpan", scope=row))
    assert "Stok JT-250 disimpan." in text_of(browser)
    assert Stock.objects.get(variant__sku="JT-250").quantity == 40
    shot(browser, "j2-03-stock")
    fits_phone(browser)

    # A programme officer approves both certificates from the review page.
    sign_out(browser)
    sign_in(browser, url, officer.email)
    css(browser, "details.menu summary").click()
    submit_and_wait(browser, link(browser, "Tinjau sertifikat"))
    shot(browser, "j2-04-certificate-review")
    fits_phone(browser)
    # The officer looks at the (still unpublished) product before deciding.
    submit_and_wait(browser, link(browser, "Jagung Titi Masabewa"))
    assert "Pratinjau: produk ini belum tampil untuk umum." in text_of(browser)
    browser.back()
    for number in ("2065307010023-28", "ID53110000123450623"):
        row = browser.find_element(By.XPATH, f"//tr[td[contains(., '{number}')]]")
        submit_and_wait(browser, button(browser, "Setujui", scope=row))
        assert "disimpan" in text_of(browser)
    assert set(Certificate.objects.values_list("status", flat=True)) == {"APPROVED"}

    # The member publishes.
    sign_out(browser)
    sign_in(browser, url, "maria@masabewa.id", next_path=f"/portal/produk/{product.pk}/")
    submit_and_wait(browser, button(browser, "Terbitkan"))
    assert "Produk diterbitkan." in text_of(browser)

    # A visitor finds it with the header search box and sees its legality.
    sign_out(browser)
    browser.get(url + "/")
    fill(browser, {"q": "jagu"}, scope=css(browser, "header"))
    wait(
        browser,
        lambda b: (
            "Jagung Titi Masabewa"
            in [
                o.get_attribute("value")
                for o in b.find_elements(By.CSS_SELECTOR, "#search-suggestions option")
            ]
        ),
    )
    fill(browser, {"q": "jagung titi"}, scope=css(browser, "header"))
    submit_and_wait(browser, button(browser, "Cari"))
    shot(browser, "j2-05-search")
    fits_phone(browser)
    # The result is on the first screen; the filters are folded away.
    result = link(browser, "Jagung Titi Masabewa")
    assert result.location["y"] + result.size["height"] < 812
    assert not css(browser, "select[name=kabupaten]").is_displayed()
    submit_and_wait(browser, link(browser, "Jagung Titi Masabewa"))
    assert browser.current_url == f"{url}/produk/{product.slug}/"
    legal = css(browser, "section[aria-labelledby=legal]").text
    assert "SPP-IRT/P-IRT 2065307010023-28" in legal
    assert "berlaku sampai 1 Juni 2028" in legal
    assert "Halal ID53110000123450623" in legal
    assert "Rp 35.000" in text_of(browser)
    image = css(browser, ".gallery img")
    wait(browser, lambda b: b.execute_script("return arguments[0].naturalWidth", image) > 0)
    shot(browser, "j2-06-product-page")
    fits_phone(browser)

    # From the product the visitor reaches the lembaga's page, which lists it.
    submit_and_wait(browser, link(browser, "BUMDes Masabewa Sejahtera"))
    assert browser.current_url == f"{url}/lembaga/{seller.slug}/"
    assert "Jagung Titi Masabewa" in text_of(browser)
