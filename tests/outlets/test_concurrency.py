"""Two POS clients at once on the same SKU, on real PostgreSQL connections in threads."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.db.models import Sum
from django.utils import timezone

from catalog.models import Stock, StockMovement
from orders.outlets import services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            outcomes[i] = job()
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return outcomes


def test_concurrent_adjustments_and_sales_never_go_negative_and_the_ledger_adds_up(
    disperindag, outlet, carried
):
    variant = carried[0]
    services.stock_bulk_update(
        actor=disperindag,
        location=outlet,
        idempotency_key="start",
        mode="SET",
        lines=[services.SyncLine(variant.sku, 10)],
    )
    a = services.api_token_create(user=disperindag, location=outlet, name="Kasir A").api_token.user
    b = services.api_token_create(user=disperindag, location=outlet, name="Kasir B").api_token.user

    def adjust(user, key):
        return lambda: services.stock_bulk_update(
            actor=user,
            location=outlet,
            idempotency_key=key,
            mode="ADJUST",
            lines=[services.SyncLine(variant.sku, -6)],
        )

    def sell(user, receipt):
        return lambda: services.offline_sale_record(
            actor=user,
            location=outlet,
            receipt_id=receipt,
            sold_at=timezone.now(),
            lines=[services.ReceiptLine(variant.sku, 3, 25_000)],
            payment_method="CASH",
        )

    outcomes = _run_together(adjust(a, "a1"), adjust(b, "b1"), sell(a, "R1"), sell(b, "R2"))
    stock = Stock.objects.get(variant=variant, location=outlet)
    assert stock.quantity >= 0
    ledger = StockMovement.objects.filter(stock=stock).aggregate(s=Sum("delta"))["s"]
    assert ledger == stock.quantity
    applied = sum(1 for o in outcomes[:2] if isinstance(o, dict) and o["updatedCount"] == 1)
    sold = sum(1 for o in outcomes[2:] if not isinstance(o, Exception))
    assert 10 - 6 * applied - 3 * sold == stock.quantity


def test_the_same_key_sent_twice_at_once_applies_once(disperindag, outlet, carried):
    variant = carried[0]
    user = services.api_token_create(user=disperindag, location=outlet, name="Kasir").api_token.user

    def job():
        return services.stock_bulk_update(
            actor=user,
            location=outlet,
            idempotency_key="same",
            mode="ADJUST",
            lines=[services.SyncLine(variant.sku, 5)],
        )

    first, second = _run_together(job, job)
    assert first == second
    assert Stock.objects.get(variant=variant, location=outlet).quantity == 5
    assert StockMovement.objects.count() == 1
