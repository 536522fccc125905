"""The report benchmark at a small size: its data, its facts and its two answers agree."""

import pytest

from bench import report_bench
from orders.models import Order
from shop.monitoring.models import SalesFact

pytestmark = pytest.mark.django_db


def test_report_bench_small_run_agrees_with_the_raw_sql_and_cleans_up(capsys):
    result = report_bench.run(400, runs=1, keep=True, progress=False)
    assert result["lines"] == 400
    totals = {row[0]: row for row in result["raw"]}
    raw_total = totals[None]
    report = result["report"]
    # 200 orders; #100 and #200 cancelled; #50 and #150 partly refunded (Rp 25.000 each).
    assert report["totals"]["orders"] == raw_total[2] == 198
    assert report["totals"]["units"] == raw_total[3] == 198 * 3
    refunded = Order.objects.filter(
        number__startswith="bench-report-", refunded_amount__gt=0, status="COMPLETED"
    )
    assert refunded.count() == 2
    shares = sum((2 * o.subtotal * o.refunded_amount + o.total) // (2 * o.total) for o in refunded)
    assert report["totals"]["gmv"] == raw_total[1] - shares
    rows = {row["key"]: row for row in report["rows"]}
    assert len(rows) == 22
    for code, row in totals.items():
        if code is not None:
            assert rows[code]["units"] == row[3]
    out = capsys.readouterr().out
    assert "lines/s" in out
    assert "ratio programReport / raw SQL" in out
    report_bench.cleanup()
    assert not Order.objects.filter(number__startswith="bench-report-").exists()
    assert not SalesFact.objects.exists()
