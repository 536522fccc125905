"""After the demo sales, the dashboard, the PDF and the XLSX show each kabupaten's true figures."""

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from orders.models import Order
from shop.models import User
from shop.monitoring.models import Intervention, ReportDocument, SalesFact
from shop.monitoring.periods import period_from_key
from shop.roles import Role

pytestmark = pytest.mark.django_db

COUNTED = {"PAID", "PROCESSING", "SHIPPED", "DELIVERED", "COMPLETED"}


def test_demo_has_a_year_of_facts_two_interventions_and_a_submitted_report(client):
    call_command("seed_demo", stdout=io.StringIO())
    assert SalesFact.objects.count() > 300
    days = SalesFact.objects.dates("day", "month")
    assert len(days) >= 12
    assert Intervention.objects.count() == 2
    assert Intervention.objects.get(kind="GRANT").vetted_by.email == "verifikasi@ovop.test"
    report = ReportDocument.objects.get()
    assert report.status == "SUBMITTED"
    assert report.reviewed_by.email == "ahli@ovop.test"
    ahli = User.objects.get(email="ahli@ovop.test")
    assert ahli.groups.filter(name=Role.TIM_AHLI).exists()

    # Each kabupaten's GMV and orders, straight from the orders of the report's period.
    period = period_from_key(report.period_key)
    want: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for order in Order.objects.select_related("seller").prefetch_related("lines"):
        paid = order.paid_at and timezone.localdate(order.paid_at)
        if not paid or not period.start <= paid <= period.end or order.status not in COUNTED:
            continue
        if order.refunded_amount >= order.total:
            continue
        share = (2 * order.subtotal * order.refunded_amount + order.total) // (2 * order.total)
        want[order.seller.regency_code][0] += order.subtotal - share
        want[order.seller.regency_code][1] += 1
    assert want

    book = load_workbook(io.BytesIO(report.xlsx.read()))
    rows = {row[0]: row for row in book["Kabupaten"].iter_rows(min_row=2, values_only=True)}
    pdf = report.pdf.read()
    client.force_login(ahli)
    page = client.get(
        "/monitoring/", {"start": period.start.isoformat(), "end": period.end.isoformat()}
    )
    table = {item["row"].key: item["row"] for item in page.context["table"]}
    for code, (gmv, orders) in want.items():
        assert rows[code][2:4] == (gmv, orders), code
        assert (table[code].gmv, table[code].orders) == (gmv, orders), code
        amount = f"Rp {gmv:,}".replace(",", ".").encode()
        assert b"(" + amount + b") Tj" in pdf, code

    # Run again: nothing new.
    call_command("seed_demo", stdout=io.StringIO())
    assert ReportDocument.objects.count() == 1
    assert Intervention.objects.count() == 2
