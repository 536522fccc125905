"""The dashboard, the report list and a lembaga's figures, as the server renders them."""

import datetime

import pytest

from shop.monitoring.facts import facts_refresh
from shop.monitoring.periods import semester_period
from shop.monitoring.services import report_generate

from .sales import IN_NTT, place


@pytest.fixture
def sold(shops):
    orders = [
        *place([(shops["tenun"], 2)], where=IN_NTT, paid_on=datetime.date(2026, 2, 10)),
        *place([(shops["kopi"], 3)], where=IN_NTT, paid_on=datetime.date(2026, 3, 5)),
    ]
    facts_refresh(order_ids=[o.pk for o in orders])
    return shops


S1 = {"year": 2026, "semester": 1}


def test_dashboard_shows_the_figures_per_kabupaten_with_svg_charts(client, sold):
    client.force_login(sold["staff"])
    response = client.get("/monitoring/", S1)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Semester I Tahun 2026" in html
    assert 'data-key="gmv"><dt>Omzet (GMV)</dt><dd>Rp 1.095.000</dd>' in html
    assert '<tr data-key="53.07">' in html
    assert html.count("<svg") == 2
    assert "<script" not in html.split("<main", 1)[1]  # charts need no script
    rows = response.context["table"]
    assert [(r["row"].key, r["row"].gmv) for r in rows[:2]] == [
        ("53.07", 900_000),
        ("53.04", 195_000),
    ]
    # SVG numbers keep a dot whatever the language (Indonesian writes 1,5).
    assert 'width="' in html
    assert not any(',5"' in part for part in html.split("<svg")[1:])


def test_drill_down_from_kabupaten_to_lembaga(client, sold):
    client.force_login(sold["staff"])
    table = client.get("/monitoring/", {**S1, "regency": "53.07"}).context["table"]
    assert [(r["row"].key, r["row"].gmv) for r in table] == [("53.07.01", 900_000)]
    district = client.get(table[0]["url"]).context["table"]
    assert [(r["row"].label, r["row"].gmv) for r in district] == [("Masabewa", 900_000)]
    village = client.get(district[0]["url"]).context["table"]
    assert [(r["row"].label, r["row"].gmv) for r in village] == [("BUMDes Sikka Jaya", 900_000)]
    assert village[0]["url"] == ""


def test_a_kabupaten_officer_gets_their_kabupaten_and_nothing_else(client, sold):
    client.force_login(sold["officer"])
    response = client.get("/monitoring/", S1)
    assert [r["row"].key for r in response.context["table"]] == ["53.07.01"]
    assert response.context["report"].gmv == 900_000
    other = client.get("/monitoring/", {**S1, "regency": "53.04"})
    assert other.status_code == 400
    assert other.context["report"] is None
    assert client.get("/monitoring/laporan/").status_code == 403


def test_bad_filters_answer_a_clear_error(client, sold):
    client.force_login(sold["staff"])
    reversed_range = client.get("/monitoring/", {"start": "2026-03-02", "end": "2026-03-01"})
    assert reversed_range.status_code == 400
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in reversed_range.content.decode()
    assert client.get("/monitoring/", {"year": 1999}).status_code == 400


def test_consumers_and_visitors_may_not_see_the_dashboard(client, sold, make_user):
    assert client.get("/monitoring/").status_code == 302
    client.force_login(make_user())
    assert client.get("/monitoring/").status_code == 403


def test_report_downloads_are_for_province_readers_only(client, sold):
    report = report_generate(actor=sold["staff"], period=semester_period(year=2026, semester=1))
    client.force_login(sold["officer"])
    assert client.get(f"/monitoring/laporan/{report.pk}/unduh.pdf").status_code == 404
    client.force_login(sold["ahli"])
    response = client.get(f"/monitoring/laporan/{report.pk}/unduh.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"/monitoring/laporan/{report.pk}/unduh.exe").status_code == 404


def test_a_lembaga_sees_its_own_figures_from_its_portal(client, sold):
    client.force_login(sold["sikka_member"])
    assert "/monitoring/lembaga/" in client.get("/portal/").content.decode()
    response = client.get(f"/monitoring/lembaga/{sold['sikka'].slug}/", S1)
    assert response.status_code == 200
    assert response.context["report"].gmv == 900_000
    assert [r.label for r in response.context["report"].rows] == ["Sarung tenun ikat"]
    assert client.get(f"/monitoring/lembaga/{sold['belu'].slug}/").status_code == 404
