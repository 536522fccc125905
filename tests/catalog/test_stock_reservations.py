"""Holding, giving back, selling and returning units: exact counts on the Stock rows.

Services called directly (no HTTP) so each assertion is one figure on one row; the
20-way race over GraphQL lives in tests/orders/test_checkout_concurrency.py.
"""

import pytest

from catalog.models import Stock, StockLocation, StockMovement
from catalog.reservations import (
    InsufficientStock,
    Pick,
    stocks_allocate,
    stocks_reserve,
    stocks_return,
    stocks_unreserve,
)
from tests.shopping import make_seller, make_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def variant():
    return make_variant(make_seller(), stock=10)


def _counts(stock: Stock) -> tuple[int, int]:
    stock.refresh_from_db()
    return stock.quantity, stock.quantity_reserved


def _second_room(variant, quantity: int, **location) -> Stock:
    room = StockLocation.objects.create(
        name=location.pop("name", "Gudang kedua"),
        kind=location.pop("kind", StockLocation.Kind.SELLER),
        seller=variant.product.seller,
        **location,
    )
    return Stock.objects.create(variant=variant, location=room, quantity=quantity)


def test_a_hold_takes_units_from_the_first_rooms_first(variant):
    first = Stock.objects.get(variant=variant)
    second = _second_room(variant, 5)
    picks = stocks_reserve(demands={variant.pk: 12})
    assert picks == [Pick(first.pk, variant.pk, 10), Pick(second.pk, variant.pk, 2)]
    assert _counts(first) == (10, 10)
    assert _counts(second) == (5, 2)


def test_a_room_with_nothing_free_gives_no_empty_pick(variant):
    first = Stock.objects.get(variant=variant)
    Stock.objects.filter(pk=first.pk).update(quantity_reserved=10)
    second = _second_room(variant, 5)
    assert stocks_reserve(demands={variant.pk: 5}) == [Pick(second.pk, variant.pk, 5)]
    assert _counts(second) == (5, 5)


def test_offline_rooms_and_outlets_are_never_held(variant):
    first = Stock.objects.get(variant=variant)
    _second_room(variant, 50, name="Gudang tutup", sells_online=False)
    outlet = StockLocation.objects.create(name="NTT Mart", kind=StockLocation.Kind.NTT_MART)
    Stock.objects.create(variant=variant, location=outlet, quantity=50)
    with pytest.raises(InsufficientStock) as raised:
        stocks_reserve(demands={variant.pk: 11})
    assert raised.value.variant_ids == [variant.pk]
    assert _counts(first) == (10, 0)
    assert stocks_reserve(demands={variant.pk: 10}) == [Pick(first.pk, variant.pk, 10)]


def test_exactly_the_free_units_can_be_held_one_more_cannot(variant):
    stock = Stock.objects.get(variant=variant)
    Stock.objects.filter(pk=stock.pk).update(quantity_reserved=4)
    with pytest.raises(InsufficientStock):
        stocks_reserve(demands={variant.pk: 7})
    assert _counts(stock) == (10, 4)
    assert stocks_reserve(demands={variant.pk: 6}) == [Pick(stock.pk, variant.pk, 6)]
    assert _counts(stock) == (10, 10)


def test_a_short_cart_names_every_short_variant_and_holds_nothing():
    seller = make_seller()
    a = make_variant(seller, name="Tenun A", stock=2)
    b = make_variant(seller, name="Tenun B", stock=2)
    c = make_variant(seller, name="Tenun C", stock=2)
    with pytest.raises(InsufficientStock) as raised:
        stocks_reserve(demands={c.pk: 3, a.pk: 3, b.pk: 1})
    assert raised.value.variant_ids == [a.pk, c.pk]
    assert str(raised.value) == f"insufficient stock for variants {[a.pk, c.pk]}"
    assert list(Stock.objects.values_list("quantity_reserved", flat=True)) == [0, 0, 0]


def test_changing_a_cart_releases_its_old_hold_first(variant):
    stock = Stock.objects.get(variant=variant)
    old = stocks_reserve(demands={variant.pk: 4})
    # 4 held + 8 wanted > 10: only possible because the old hold is given back first.
    new = stocks_reserve(demands={variant.pk: 8}, release=old)
    assert new == [Pick(stock.pk, variant.pk, 8)]
    assert _counts(stock) == (10, 8)
    # Shrinking the cart to nothing gives everything back.
    assert stocks_reserve(demands={}, release=new) == []
    assert _counts(stock) == (10, 0)


def test_swapping_a_cart_to_another_product_releases_the_old_products_hold(variant):
    old_stock = Stock.objects.get(variant=variant)
    other = make_variant(variant.product.seller, name="Selendang", stock=3)
    old = stocks_reserve(demands={variant.pk: 4})
    new = stocks_reserve(demands={other.pk: 3}, release=old)
    assert new == [Pick(Stock.objects.get(variant=other).pk, other.pk, 3)]
    assert _counts(old_stock) == (10, 0)


def test_changing_one_cart_leaves_other_buyers_holds_alone(variant):
    stock = Stock.objects.get(variant=variant)
    mine = stocks_reserve(demands={variant.pk: 2})
    stocks_reserve(demands={variant.pk: 5})  # another buyer
    stocks_reserve(demands={variant.pk: 1}, release=mine)
    assert _counts(stock) == (10, 6)


def test_releasing_one_checkout_leaves_other_buyers_holds_alone(variant):
    stock = Stock.objects.get(variant=variant)
    mine = stocks_reserve(demands={variant.pk: 2})
    stocks_reserve(demands={variant.pk: 5})  # another buyer
    stocks_unreserve(picks=mine)
    assert _counts(stock) == (10, 5)


def test_releasing_more_than_is_held_stops_at_zero(variant):
    stock = Stock.objects.get(variant=variant)
    stocks_reserve(demands={variant.pk: 2})
    stocks_unreserve(picks=[Pick(stock.pk, variant.pk, 3)])
    assert _counts(stock) == (10, 0)
    stocks_reserve(demands={variant.pk: 2})
    stocks_reserve(demands={variant.pk: 1}, release=[Pick(stock.pk, variant.pk, 3)])
    assert _counts(stock) == (10, 1)


def test_releasing_a_hold_on_a_deleted_room_skips_it(variant):
    stock = Stock.objects.get(variant=variant)
    stocks_reserve(demands={variant.pk: 3})
    stocks_unreserve(picks=[Pick(stock.pk + 999, variant.pk, 3), Pick(stock.pk, variant.pk, 1)])
    assert _counts(stock) == (10, 2)


def test_releasing_nothing_touches_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        stocks_unreserve(picks=[])
        stocks_allocate(picks=[], reference="x")
        stocks_return(picks=[], reference="x")


def test_a_sale_takes_held_units_off_the_shelf_and_writes_the_ledger(variant, make_user):
    stock = Stock.objects.get(variant=variant)
    actor = make_user()
    picks = stocks_reserve(demands={variant.pk: 3})
    stocks_reserve(demands={variant.pk: 2})  # another buyer keeps holding
    stocks_allocate(picks=[*picks, Pick(stock.pk, variant.pk, 1)], reference="R" * 120, actor=actor)
    assert _counts(stock) == (6, 1)
    move = StockMovement.objects.get()
    assert (move.stock_id, move.delta, move.quantity_after, move.reason, move.actor) == (
        stock.pk,
        -4,
        6,
        StockMovement.Reason.SALE,
        actor,
    )
    assert move.reference == "R" * 100


def test_a_sale_of_more_than_is_held_leaves_no_negative_hold(variant):
    stock = Stock.objects.get(variant=variant)
    stocks_reserve(demands={variant.pk: 1})
    stocks_allocate(picks=[Pick(stock.pk, variant.pk, 3)], reference="ORD-1")
    assert _counts(stock) == (7, 0)


def test_a_cancelled_order_returns_units_without_consuming_other_holds(variant, make_user):
    stock = Stock.objects.get(variant=variant)
    officer = make_user()
    sold = stocks_reserve(demands={variant.pk: 3})
    stocks_allocate(picks=sold, reference="ORD-1")
    stocks_reserve(demands={variant.pk: 4})  # another buyer's hold
    stocks_return(picks=sold, reference="ORD-1 batal", actor=officer)
    assert _counts(stock) == (10, 4)
    ret = StockMovement.objects.order_by("pk").last()
    assert (ret.delta, ret.quantity_after, ret.reason, ret.reference, ret.actor) == (
        3,
        10,
        StockMovement.Reason.RETURN,
        "ORD-1 batal",
        officer,
    )


def test_a_sale_over_two_rooms_writes_one_ledger_row_each(variant):
    first = Stock.objects.get(variant=variant)
    second = _second_room(variant, 5)
    picks = stocks_reserve(demands={variant.pk: 12})
    stocks_allocate(picks=picks, reference="ORD-2")
    assert _counts(first) == (0, 0)
    assert _counts(second) == (3, 0)
    rows = list(StockMovement.objects.order_by("stock_id").values_list("stock_id", "delta"))
    assert rows == [(first.pk, -10), (second.pk, -2)]


def test_a_sale_and_a_return_queue_one_search_reindex_of_the_products(variant):
    from catalog.search.indexing import PRODUCT_INDEX
    from shop.models import OutboxMessage

    picks = stocks_reserve(demands={variant.pk: 2})
    assert OutboxMessage.objects.count() == 0  # a hold does not change what is in stock
    stocks_allocate(picks=picks, reference="ORD-3")
    stocks_return(picks=picks, reference="ORD-3 batal")
    rows = list(OutboxMessage.objects.order_by("pk").values_list("handler", "kwargs"))
    ids = {"product_ids": [variant.product_id]}
    assert rows == [(PRODUCT_INDEX, ids), (PRODUCT_INDEX, ids)]


def test_a_hold_touches_only_the_rows_it_needs(variant):
    """Other variants' and offline rooms' rows are neither locked nor rewritten."""
    stock = Stock.objects.get(variant=variant)
    other = Stock.objects.get(variant=make_variant(variant.product.seller, name="Lain", stock=4))
    closed = _second_room(variant, 5, name="Gudang tutup", sells_online=False)
    before = {s.pk: s.updated_at for s in Stock.objects.all()}
    stocks_reserve(demands={variant.pk: 1})
    after = {s.pk: s.updated_at for s in Stock.objects.all()}
    assert after[stock.pk] > before[stock.pk]
    assert (after[closed.pk], after[other.pk]) == (before[closed.pk], before[other.pk])


def test_one_locking_query_loads_rooms_and_variants(variant, django_assert_num_queries):
    second = _second_room(variant, 5)
    # SELECT ... FOR UPDATE, one UPDATE for both rows (no savepoint: nothing raised inside)
    with django_assert_num_queries(2):
        picks = stocks_reserve(demands={variant.pk: 12})
    assert picks[-1].stock_id == second.pk
    # lock, one UPDATE for both rows with their ledger insert (one statement), outbox row
    with django_assert_num_queries(3):
        stocks_allocate(picks=picks, reference="ORD-4")


def test_a_demand_met_by_the_first_room_leaves_the_second_alone(variant):
    first = Stock.objects.get(variant=variant)
    second = _second_room(variant, 5)
    assert stocks_reserve(demands={variant.pk: 10}) == [Pick(first.pk, variant.pk, 10)]
    assert (_counts(first), _counts(second)) == ((10, 10), (5, 0))


def test_a_sale_left_to_its_caller_to_reindex_queues_nothing(variant):
    """A checkout queues the re-index itself, before it locks the stock rows last."""
    from shop.models import OutboxMessage

    picks = stocks_reserve(demands={variant.pk: 2})
    stocks_allocate(picks=picks, reference="ORD-5", reindex=False)
    assert OutboxMessage.objects.count() == 0
    assert _counts(Stock.objects.get(variant=variant)) == (8, 0)


def test_the_stock_rows_are_locked_for_no_key_update(variant):
    """FOR NO KEY UPDATE: rows that only reference a stock row (another checkout's
    reservations, allocations, ledger) never wait for its lock."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        picks = stocks_reserve(demands={variant.pk: 1})
        stocks_allocate(picks=picks, reference="ORD-6")
        stocks_return(picks=picks, reference="ORD-6 batal")
        stocks_unreserve(picks=picks)
    locks = [q["sql"] for q in queries.captured_queries if " FOR " in q["sql"]]
    assert len(locks) == 4
    assert all(sql.rstrip().endswith("FOR NO KEY UPDATE OF s") for sql in locks)


def _locked_by_us(stock: Stock) -> bool:
    """Whether this transaction holds a row lock on the stock row (its xmax is ours)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmax::text = txid_current()::text FROM catalog_stock WHERE id = %s",
            [stock.pk],
        )
        return cursor.fetchone()[0]


def test_a_hold_locks_only_the_online_rows_of_its_variants(variant):
    """Other variants' rows and rooms that do not sell online are not locked: other
    buyers of them never queue behind this checkout."""
    mine = Stock.objects.get(variant=variant)
    other = Stock.objects.get(variant=make_variant(variant.product.seller, name="Lain", stock=4))
    closed = _second_room(variant, 5, name="Gudang tutup", sells_online=False)
    assert not any(_locked_by_us(s) for s in (mine, other, closed))
    stocks_reserve(demands={variant.pk: 1})
    assert (_locked_by_us(other), _locked_by_us(closed)) == (False, False)
    list(Stock.objects.select_for_update(no_key=True).filter(pk=other.pk))  # the probe works
    assert _locked_by_us(other)


def test_releasing_a_hold_costs_one_lock_and_one_update(variant, django_assert_num_queries):
    """No savepoint: the caller re-raises anything that goes wrong."""
    picks = stocks_reserve(demands={variant.pk: 3})
    with django_assert_num_queries(2):
        stocks_unreserve(picks=picks)
    assert _counts(Stock.objects.get(variant=variant)) == (10, 0)


def test_releasing_a_hold_already_released_locks_and_writes_nothing(
    variant, django_assert_num_queries
):
    """A second release of the same picks (an expired checkout abandoned twice) finds the
    counts at zero: the rows are locked and read, and no UPDATE is sent."""
    picks = stocks_reserve(demands={variant.pk: 3})
    stocks_unreserve(picks=picks)
    with django_assert_num_queries(1) as queries:
        stocks_unreserve(picks=picks)
    assert "FOR NO KEY UPDATE" in queries.captured_queries[0]["sql"]
    assert _counts(Stock.objects.get(variant=variant)) == (10, 0)


def test_a_hold_sends_the_callers_writes_in_its_one_update_statement(
    variant, django_assert_num_queries
):
    """``then``: the caller's writes (here two ledger notes) ride in the statement that
    updates the locked rows, as data-modifying WITH queries, in the order given."""
    from shop import rows

    stock = Stock.objects.get(variant=variant)

    def notes(picks):
        return [
            (
                rows.insert(StockMovement, returning=""),
                rows.insert_params(
                    StockMovement,
                    [
                        StockMovement(
                            stock_id=p.stock_id,
                            delta=0,
                            quantity_after=10,
                            reason=StockMovement.Reason.CORRECTION,
                            reference=f"note {n}: {p.quantity}",
                        )
                    ],
                ),
            )
            for n in (1, 2)
            for p in picks
        ]

    with django_assert_num_queries(2):  # the lock, then one statement of three writes
        stocks_reserve(demands={variant.pk: 4}, then=notes)
    assert _counts(stock) == (10, 4)
    assert sorted(StockMovement.objects.values_list("reference", flat=True)) == [
        "note 1: 4",
        "note 2: 4",
    ]


def test_the_plain_branch_of_sqlite_holds_sells_and_returns_the_same_units(
    variant, make_user, monkeypatch
):
    """``make run``'s SQLite takes the ORM branch of every hand-written statement; run
    here on PostgreSQL, it moves the same units and writes the same ledger."""
    from shop import rows

    monkeypatch.setattr(rows, "is_postgres", lambda *_db: False)
    first = Stock.objects.get(variant=variant)
    second = _second_room(variant, 5)
    _second_room(variant, 50, name="Gudang tutup", sells_online=False)
    outlet = StockLocation.objects.create(name="NTT Mart", kind=StockLocation.Kind.NTT_MART)
    Stock.objects.create(variant=variant, location=outlet, quantity=50)
    with pytest.raises(InsufficientStock):
        stocks_reserve(demands={variant.pk: 16})
    assert (_counts(first), _counts(second)) == ((10, 0), (5, 0))
    picks = stocks_reserve(demands={variant.pk: 12})
    assert picks == [Pick(first.pk, variant.pk, 10), Pick(second.pk, variant.pk, 2)]
    assert (_counts(first), _counts(second)) == ((10, 10), (5, 2))
    # a changed cart: the old hold released first, never below zero
    picks = stocks_reserve(demands={variant.pk: 11}, release=[*picks, Pick(second.pk, 0, 9)])
    assert (_counts(first), _counts(second)) == ((10, 10), (5, 1))
    actor = make_user()
    stocks_allocate(picks=picks, reference="R" * 120, actor=actor)
    assert (_counts(first), _counts(second)) == ((0, 0), (4, 0))
    assert list(
        StockMovement.objects.order_by("stock_id").values_list(
            "stock_id", "delta", "quantity_after", "reason", "reference", "actor"
        )
    ) == [
        (first.pk, -10, 0, "SALE", "R" * 100, actor.pk),
        (second.pk, -1, 4, "SALE", "R" * 100, actor.pk),
    ]
    stocks_return(picks=picks, reference="batal", actor=actor)
    assert (_counts(first), _counts(second)) == ((10, 0), (5, 0))
    stocks_reserve(demands={variant.pk: 2})
    stocks_unreserve(picks=[Pick(first.pk, variant.pk, 3)])
    assert _counts(first) == (10, 0)


def test_the_plain_branch_releases_another_variants_hold_and_stamps_the_rows(variant, monkeypatch):
    """A changed cart on SQLite's ORM branch: the old hold on one product is released
    while the new one is taken on another, and each written row gets a new updated_at."""
    from shop import rows

    monkeypatch.setattr(rows, "is_postgres", lambda *_db: False)
    other = make_variant(variant.product.seller, name="Selendang", stock=4)
    first, second = Stock.objects.get(variant=variant), Stock.objects.get(variant=other)
    old = stocks_reserve(demands={variant.pk: 3})
    stamped = Stock.objects.get(pk=first.pk).updated_at
    assert stocks_reserve(demands={other.pk: 4}, release=old) == [Pick(second.pk, other.pk, 4)]
    assert (_counts(first), _counts(second)) == ((10, 0), (4, 4))
    assert Stock.objects.get(pk=first.pk).updated_at > stamped
