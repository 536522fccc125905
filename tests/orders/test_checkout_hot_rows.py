"""The rows every checkout waits for are taken last, just before COMMIT.

Paying locks the stock rows; completing locks the stock rows, the year's
order-number row and the products' sales counters. Other buyers of the same
products (and, for the number, every buyer) queue on those rows until the
transaction ends, so each transaction takes them as its last statements: the
window in which others wait is a few statements long, not the whole checkout.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from orders.models import Order, OrderNumberCounter
from orders.services.completion import checkout_complete
from orders.services.orders import order_numbers_assign
from orders.services.payments import checkout_payment_create
from tests.shopping import checkout_of_both, order_of_sikka

pytestmark = pytest.mark.django_db


def _checkout(world):
    return checkout_of_both(world, kopi=2)


def _statements(queries) -> list[str]:
    """What the service sent, without the test's savepoints."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


WRITES = ("INSERT", "UPDATE", "DELETE")
NUMBERS = "INSERT orders_ordernumbercounter + UPDATE orders_order"


def _kind(sql: str) -> str:
    """A statement as 'VERB table' (the first table it names); a statement of
    data-modifying WITH queries as each of its writes, in order, joined by ' + '."""
    words = sql.replace('"', "").replace("(", " ( ").split()
    verb = words[0]
    if verb == "WITH":
        writes = []
        for at, word in enumerate(words):
            if word in WRITES and words[at + 1] != "SET":  # not ON CONFLICT DO UPDATE SET
                writes.append(f"{word} {words[at + (1 if word == 'UPDATE' else 2)]}")
        return " + ".join(writes)
    table = next(w for w in words[1:] if w.startswith(("catalog_", "orders_", "shop_")))
    locking = " LOCK" if " FOR NO KEY UPDATE" in sql or " FOR UPDATE" in sql else ""
    return f"{verb} {table.split('.')[0]}{locking}"


def test_paying_locks_the_stock_rows_last(world):
    checkout = _checkout(world)
    with CaptureQueriesContext(connection) as queries:
        checkout_payment_create(checkout=checkout, gateway="DUMMY")
    kinds = [_kind(sql) for sql in _statements(queries)]
    first_stock_lock = kinds.index("SELECT catalog_stock LOCK")
    assert kinds[first_stock_lock:] == [
        "SELECT catalog_stock LOCK",
        "UPDATE catalog_stock + INSERT orders_stockreservation",  # one statement
    ]
    assert "INSERT orders_payment" in kinds[:first_stock_lock]


def test_completing_takes_stock_number_and_sales_counters_last(world):
    checkout = _checkout(world)
    checkout_payment_create(checkout=checkout, gateway="DUMMY")
    with CaptureQueriesContext(connection) as queries:
        orders = checkout_complete(checkout=checkout)
    kinds = [_kind(sql) for sql in _statements(queries)]
    first_stock_lock = kinds.index("SELECT catalog_stock LOCK")
    assert kinds[first_stock_lock:] == [
        "SELECT catalog_stock LOCK",
        "UPDATE catalog_stock + INSERT catalog_stockmovement",  # the rows and their ledger
        # the number row, then (joined to it) the sales counters, then the orders' numbers
        "INSERT orders_ordernumbercounter + UPDATE catalog_product + UPDATE orders_order",
    ]
    # everything else was written before: orders, lines, allocations, history, outbox
    before = {write for kind in kinds[:first_stock_lock] for write in kind.split(" + ")}
    placing = (  # one statement writes the orders and everything hanging off them
        "DELETE orders_stockreservation + UPDATE orders_checkout + INSERT orders_order"
        " + INSERT orders_orderline + INSERT orders_orderallocation + INSERT orders_orderevent"
    )
    assert placing in kinds[:first_stock_lock]
    for kind in (
        "INSERT orders_order",
        "INSERT orders_orderline",
        "INSERT orders_orderallocation",
        "INSERT orders_orderevent",
        "INSERT shop_outboxmessage",
        "UPDATE orders_checkout",
    ):
        assert kind in before
    # the provisional numbers are gone: the orders carry (and stored) their real ones
    stored = dict(Order.objects.values_list("pk", "number"))
    assert sorted(stored.values()) == sorted(o.number for o in orders)
    assert all(number.startswith("OVOP-") for number in stored.values())


def test_an_unpaid_checkout_moves_no_sales_counter(world):
    """Bank transfer: placed but unpaid, so "Terlaris" waits for the money."""
    checkout = _checkout(world)
    checkout_payment_create(checkout=checkout, gateway="BANK_TRANSFER")
    with CaptureQueriesContext(connection) as queries:
        checkout_complete(checkout=checkout)
    kinds = [_kind(sql) for sql in _statements(queries)]
    assert kinds[-1] == NUMBERS
    assert not any("UPDATE catalog_product" in kind for kind in kinds)
    assert set(Product.objects.values_list("units_sold", flat=True)) == {0}


def _order(world, number: str) -> Order:
    """A placed order set back to a provisional number, as completing writes it.

    The tests' numbers ("~t3-0") cannot be one completing writes ("~<checkout id>-0"):
    placing the next order of a test would otherwise collide with the first whenever
    the new checkout's id happened to be 3.
    """
    order = order_of_sikka(world)
    Order.objects.filter(pk=order.pk).update(number=number)
    order.number = number
    return order


def _counter_at(last: int) -> int:
    year = datetime.datetime.now(ZoneInfo("Asia/Makassar")).year
    OrderNumberCounter.objects.update_or_create(year=year, defaults={"last": last})
    return year


def test_numbers_are_the_next_consecutive_ones_in_list_order(world):
    orders = [_order(world, "~t1-0"), _order(world, "~t1-1"), _order(world, "~t1-2")]
    year = _counter_at(41)
    order_numbers_assign(orders=orders)
    expected = [f"OVOP-{year}-000042", f"OVOP-{year}-000043", f"OVOP-{year}-000044"]
    assert [o.number for o in orders] == expected
    assert [Order.objects.get(pk=o.pk).number for o in orders] == expected
    assert OrderNumberCounter.objects.get(year=year).last == 44


def test_the_first_number_of_a_year_is_one(world):
    orders = [_order(world, "~t2-0")]
    year = _counter_at(0)
    OrderNumberCounter.objects.filter(year=year).delete()
    order_numbers_assign(orders=orders)
    assert orders[0].number == f"OVOP-{year}-000001"


def test_numbers_past_six_digits_grow_a_digit(world):
    """999999 is the last six-digit number; the next reads 1000000, never truncated."""
    orders = [_order(world, "~t3-0"), _order(world, "~t3-1")]
    year = _counter_at(999_998)
    order_numbers_assign(orders=orders)
    assert [o.number for o in orders] == [f"OVOP-{year}-999999", f"OVOP-{year}-1000000"]


def test_no_orders_take_no_number(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        order_numbers_assign(orders=[])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sales_counters_are_locked_only_after_the_number_row(world):
    """Numbering and "Terlaris" are one statement; the counters still come second: while
    another transaction holds the year's number row, the waiting statement has locked no
    product row (a third transaction updates the product at once)."""
    import threading

    import psycopg

    order = _order(world, "~t9-0")
    product_id = world.tenun.product_id
    year = _counter_at(5)
    dsn = connection.get_connection_params()
    dsn.pop("cursor_factory", None)
    dsn.pop("context", None)
    holder = psycopg.connect(**dsn)
    holder.execute("SELECT 1 FROM orders_ordernumbercounter WHERE year = %s FOR UPDATE", [year])
    done = threading.Event()

    def numbering():
        try:
            order_numbers_assign(orders=[order], sold={product_id: 2})
        finally:
            connection.close()
            done.set()

    worker = threading.Thread(target=numbering)
    worker.start()
    try:
        assert not done.wait(0.5)  # waiting for the number row
        with psycopg.connect(**dsn) as other:
            other.execute("SET lock_timeout = '2s'")
            other.execute("UPDATE catalog_product SET units_sold = 7 WHERE id = %s", [product_id])
            other.commit()  # not locked by the waiting statement
    finally:
        holder.commit()
        holder.close()
        worker.join(timeout=30)
    assert done.is_set()
    assert Product.objects.get(pk=product_id).units_sold == 9
    assert order.number == f"OVOP-{year}-000006"
