"""In the browser: programme staff generate the report, the Tim Ahli reviews it, staff submit it."""

import datetime

import pytest
from selenium.webdriver.common.by import By

from shop.monitoring.facts import facts_refresh
from shop.monitoring.models import ReportDocument
from tests.e2e.helpers import (
    button,
    css,
    fill,
    shot,
    sign_in,
    sign_out,
    submit_and_wait,
    text_of,
)

from .sales import IN_JAKARTA, IN_NTT, place

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_report_walks_draft_reviewed_submitted_in_the_browser(browser, live_server, shops):
    orders = [
        *place([(shops["tenun"], 2)], where=IN_NTT, paid_on=datetime.date(2026, 2, 10)),
        *place([(shops["kopi"], 3)], where=IN_JAKARTA, paid_on=datetime.date(2026, 3, 5)),
        *place([(shops["sei"], 4)], where=IN_NTT, paid_on=datetime.date(2026, 5, 5)),
    ]
    facts_refresh(order_ids=[o.pk for o in orders])
    base = live_server.url

    sign_in(browser, base, "pmd@contoh.id", next_path="/monitoring/%3Fyear%3D2026%26semester%3D1")
    assert "Rp 1.575.000" in css(browser, '[data-key="gmv"]').text
    shot(browser, "monitoring-dashboard")
    browser.get(f"{base}/monitoring/laporan/")
    fill(browser, {"year": 2026, "semester": 1})
    submit_and_wait(browser, button(browser, "Buat laporan"))
    assert "dibuat sebagai draf" in text_of(browser)
    assert css(browser, "#reports .status").text == "Draf"
    sign_out(browser)

    sign_in(browser, base, "ahli@contoh.id", next_path="/monitoring/laporan/")
    fill(browser, {"note": "Angka sesuai data transaksi."}, scope=css(browser, "#reports"))
    submit_and_wait(browser, button(browser, "Telaah"))
    assert css(browser, "#reports .status").text == "Ditelaah Tim Ahli"
    assert not browser.find_elements(By.CSS_SELECTOR, "#reports button.submit")
    sign_out(browser)

    sign_in(browser, base, "pmd@contoh.id", next_path="/monitoring/laporan/")
    submit_and_wait(browser, button(browser, "Sampaikan kepada Gubernur"))
    assert css(browser, "#reports .status").text == "Disampaikan kepada Gubernur"
    assert "Angka sesuai data transaksi." in text_of(browser)
    shot(browser, "monitoring-reports")
    report = ReportDocument.objects.get()
    assert report.status == "SUBMITTED"
    assert report.reviewed_by == shops["ahli"]
    assert report.submitted_by == shops["staff"]
    assert report.generated_by == shops["staff"]

    sign_out(browser)
    sign_in(
        browser,
        base,
        "pengurus@sikka.id",
        next_path=f"/monitoring/lembaga/{shops['sikka'].slug}/%3Fyear%3D2026%26semester%3D1",
    )
    assert "Rp 900.000" in text_of(browser)
    shot(browser, "monitoring-lembaga")
