"""Outlets without a POS: a CSV/XLSX count with a dry run, per-row errors, a report, apply once;
hand-entered receipts; the opname page and its XLSX."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from catalog.models import Stock, StockMovement
from orders.outlets.models import OfflineReceipt, OutletOperator
from shop.roles import Role
from tests.outlets.shelves import stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, make_user, outlet):
    user = make_user(Role.NTT_MART_OPERATOR)
    OutletOperator.objects.create(user=user, location=outlet)
    client.force_login(user)
    return user


def _csv(text: str, name: str = "hitung.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_csv_preview_changes_nothing_then_apply_once(client, operator, outlet, carried):
    body = f"sku,quantity\n{carried[0].sku},7\nNOPE,2\n{carried[1].sku},=1+1\n{carried[2].sku},x\n"
    page = client.post(f"/gerai/{outlet.pk}/stok/unggah/", {"file": _csv(body), "mode": "SET"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 baris siap diterapkan." in html
    assert stock_of(carried[0], outlet) == 0
    assert not StockMovement.objects.exists()
    token = page.context["token"]
    rows = [(e.row, e.code) for e in page.context["errors"]]
    assert rows == [(3, "UNKNOWN_SKU"), (4, "INVALID"), (5, "INVALID")]
    report = client.get(f"/gerai/{outlet.pk}/stok/unggah/?laporan={token}")
    assert report["Content-Type"].startswith("text/csv")
    assert report.content.decode().splitlines()[0] == "row,sku,code,message"
    for _attempt in range(2):  # a double submit applies once
        client.post(f"/gerai/{outlet.pk}/stok/unggah/", {"action": "apply", "token": token})
    assert stock_of(carried[0], outlet) == 7
    assert StockMovement.objects.count() == 1


def test_xlsx_formulas_are_never_evaluated_and_wrong_files_are_refused(
    client, operator, outlet, carried
):
    book = Workbook()
    sheet = book.active
    sheet.append(["SKU", "Quantity"])
    sheet.append([carried[0].sku, 4])
    sheet.append([carried[1].sku, "=2*3"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("hitung.xlsx", data.getvalue())
    page = client.post(f"/gerai/{outlet.pk}/stok/unggah/", {"file": upload, "mode": "SET"})
    assert [(e.row, e.code) for e in page.context["errors"]] == [(3, "INVALID")]
    assert [r["sku"] for r in page.context["preview"]["results"]] == [carried[0].sku]
    wrong = client.post(
        f"/gerai/{outlet.pk}/stok/unggah/", {"file": _csv("a,b\n1,2\n"), "mode": "SET"}
    )
    assert wrong.status_code == 400
    assert "Baris pertama harus berisi kolom sku dan quantity." in wrong.content.decode()
    pdf = client.post(
        f"/gerai/{outlet.pk}/stok/unggah/", {"file": _csv("%PDF", "hitung.pdf"), "mode": "SET"}
    )
    assert pdf.status_code == 400
    big = "sku,quantity\n" + "".join(f"S{i},1\n" for i in range(5001))
    too_many = client.post(f"/gerai/{outlet.pk}/stok/unggah/", {"file": _csv(big), "mode": "SET"})
    assert too_many.status_code == 400
    assert "Paling banyak 5.000 baris sekali unggah." in too_many.content.decode()


def test_error_report_escapes_formulas():
    from orders.outlets.stock_files import RowError, error_report_csv

    text = error_report_csv([RowError(2, "=HYPERLINK(1)", "UNKNOWN_SKU", "SKU tidak dikenal.")])
    assert text.splitlines()[1] == "2,'=HYPERLINK(1),UNKNOWN_SKU,SKU tidak dikenal."


def test_hand_entered_receipt_is_recorded_once(client, operator, outlet, carried):
    Stock.objects.create(variant=carried[0], location=outlet, quantity=5)
    form = {
        "receipt_id": "MANUAL-1",
        "sold_at": "2026-11-29T09:00:00+08:00",
        "lines": f"{carried[0].sku}, 2, 25.000",
        "payment_method": "CASH",
    }
    assert client.post(f"/gerai/{outlet.pk}/penjualan/", form).status_code == 302
    assert client.post(f"/gerai/{outlet.pk}/penjualan/", form).status_code == 302
    assert OfflineReceipt.objects.get().total == 50_000
    assert stock_of(carried[0], outlet) == 3
    bad = client.post(f"/gerai/{outlet.pk}/penjualan/", {**form, "receipt_id": "M2", "lines": "x"})
    assert bad.status_code == 400


def test_opname_shows_the_count_difference_and_exports_xlsx(client, operator, outlet, carried):
    from orders.outlets import services

    Stock.objects.create(variant=carried[0], location=outlet, quantity=10)
    services.stock_bulk_update(
        actor=operator,
        location=outlet,
        idempotency_key="opname",
        mode="SET",
        lines=[services.SyncLine(carried[0].sku, 8)],
    )
    page = client.get(f"/gerai/{outlet.pk}/opname/")
    (row,) = page.context["rows"]
    assert (row.system_before, row.counted, row.difference, row.difference_value) == (
        10,
        8,
        -2,
        -50_000,
    )
    xlsx = client.get(f"/gerai/{outlet.pk}/opname/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for c in sheet[2]]
    assert values[:7] == [carried[0].sku, carried[0].product.name, 8, 10, 8, -2, -50_000]
