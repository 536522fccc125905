"""Issue #3 "done when": a lembaga registers, uploads its founding documents, submits;
a programme officer reviews it with the location checklist and approves; the public
page shows it. Everything through the pages, in a phone-sized browser."""

import pytest
from selenium.webdriver.common.by import By

from sellers.models import Seller, Zone
from shop.roles import Role

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
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NITA = "53.07.04.2001"  # Desa Nita, Kec. Nita, Kab. Sikka


def test_a_lembaga_registers_uploads_documents_is_approved_and_goes_public(
    browser, live_server, make_user, tmp_path
):
    zone = Zone.objects.create(
        regency_id="53.07", name="Klaster Tenun Ikat Nita", slug="tenun-nita", commodity="Tenun"
    )
    zone.production_villages.set([NITA])
    make_user(email="yohanes@lepo.id", first_name="Yohanes")
    make_user(Role.PROGRAMME_OFFICER, email="pmd@ntt.go.id", first_name="Paulus")
    url = live_server.url

    # A signed-in user finds the portal from the header menu and registers a lembaga.
    sign_in(browser, url, "yohanes@lepo.id")
    css(browser, "details.menu summary").click()
    submit_and_wait(browser, link(browser, "Daftarkan lembaga"))
    assert browser.current_url == f"{url}/portal/"
    submit_and_wait(browser, link(browser, "Daftarkan lembaga"))
    # The village code is looked up by name on the same page.
    css(browser, "details.card summary").click()
    fill(browser, {"cari_desa": "nita"})
    submit_and_wait(browser, button(browser, "Cari", scope=css(browser, "details.card")))
    assert "53.07.04.2001" in text_of(browser)
    fill(
        browser,
        {
            "name": "Kelompok Tenun Ikat Lepo Nita",
            "kind": "KELOMPOK_USAHA",
            "village_code": NITA,
            "zone": zone.pk,
            "nib": "9120001234501",
            "phone": "0812 3700 0101",
            "email": "lepo@desa.id",
            "address": "Jalan Nita No. 1",
            "story": "Mama-mama penenun Nita mewariskan motif leluhur.",
            "bank_name": "Bank NTT",
            "bank_account_number": "0010112345",
            "bank_account_holder": "Kelompok Tenun Ikat Lepo Nita",
        },
        scope=css(browser, "form[method=post][enctype]"),
    )
    shot(browser, "j1-01-register")
    fits_phone(browser)
    submit_and_wait(browser, button(browser, "Simpan draf"))
    seller = Seller.objects.get()
    assert browser.current_url == f"{url}/portal/lembaga/{seller.slug}/"
    assert "Lembaga tersimpan sebagai draf" in text_of(browser)

    # It uploads its founding documents: the AD/ART as a PDF, the SK as a photo (PNG).
    for kind, path in (
        ("AD_ART", pdf_file(tmp_path, "ad-art.pdf")),
        ("SK", png_file(tmp_path, "sk-kepala-desa.png")),
    ):
        form = css(browser, "form[action$='/dokumen/']")
        fill(browser, {"kind": kind, "file": path}, scope=form)
        submit_and_wait(browser, button(browser, "Unggah", scope=form))
        assert "Dokumen terunggah." in text_of(browser)
    documents = css(browser, "section[aria-labelledby=docs]").text
    assert "AD/ART (PDF," in documents
    assert "SK pendirian (PNG," in documents
    shot(browser, "j1-02-documents")
    fits_phone(browser)
    submit_and_wait(browser, button(browser, "Ajukan sekarang"))
    assert "Pengajuan terkirim." in text_of(browser)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.SUBMITTED

    # A programme officer opens the queue, records the checklist and approves.
    sign_out(browser)
    sign_in(browser, url, "pmd@ntt.go.id")
    css(browser, "details.menu summary").click()
    submit_and_wait(browser, link(browser, "Tinjau lembaga"))
    assert browser.current_url == f"{url}/tinjau/"
    shot(browser, "j1-03-queue")
    fits_phone(browser)
    submit_and_wait(browser, link(browser, "Kelompok Tenun Ikat Lepo Nita"))
    assert "9120001234501" in text_of(browser)  # the officer sees the private data
    form = css(browser, "main form.form")
    for checkbox in form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
        fill(browser, {checkbox.get_attribute("name"): True}, scope=form)
    fill(browser, {"checklist_notes": "Dikunjungi 20 November."}, scope=form)
    form.find_element(By.CSS_SELECTOR, "input[value=APPROVE]").click()
    shot(browser, "j1-04-review")
    fits_phone(browser)
    submit_and_wait(browser, button(browser, "Simpan keputusan"))
    assert "Keputusan tersimpan." in text_of(browser)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.ACTIVE
    assert seller.checklist.notes == "Dikunjungi 20 November."

    # Anyone sees the public page.
    sign_out(browser)
    browser.get(f"{url}/lembaga/{seller.slug}/")
    page = text_of(browser)
    for text in (
        "Kelompok Tenun Ikat Lepo Nita",
        "Nita",
        "Kabupaten Sikka",
        "Klaster Tenun Ikat Nita",
        "Mama-mama penenun Nita mewariskan motif leluhur.",
    ):
        assert text in page
    assert "9120001234501" not in page
    shot(browser, "j1-05-public")
    fits_phone(browser)
