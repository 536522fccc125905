"""Reserve, allocate and give back units of stock for online orders.

Every function locks the ``Stock`` rows it touches with ``SELECT ... FOR NO
KEY UPDATE`` in one query ordered by primary key, so two checkouts racing for the
last units queue on the same rows in the same order (no deadlock) and the
second sees what the first left. (``NO KEY``: rows that merely reference a stock
row - another checkout's reservations, allocations, ledger - do not wait for it.) Callers run these inside their own
transaction; the locks are held until it commits. Orders keep the returned
picks (stock id, variant id, quantity) to undo them later. A sale or a
return changes what is in stock, so it queues a search re-index of those
products after commit.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shop import rows

from .models import ProductVariant, Stock, StockLocation, StockMovement
from .search import product_index_later
from .selectors import ONLINE_STOCK


@dataclass(frozen=True)
class Pick:
    stock_id: int
    variant_id: int
    quantity: int


# Writes sent with the stock rows' UPDATE in one statement: (SQL, parameters) each; off
# PostgreSQL (SQLite, the embedded default of `make run`) plain functions run after it.
Writes = Sequence[tuple[str, list] | Callable[[], object]]


class InsufficientStock(Exception):
    """Some variants do not have enough free units; ``variant_ids`` says which."""

    def __init__(self, variant_ids: list[int]):
        super().__init__(f"insufficient stock for variants {variant_ids}")
        self.variant_ids = variant_ids


@cache
def _lock_statement() -> tuple[str, tuple]:
    """The locking query of ``_lock``, written once per process (``shop.rows``); which
    rows sell online is ``selectors.ONLINE_STOCK``'s own compiled SQL."""
    online, online_params = (
        Stock.objects.order_by().filter(ONLINE_STOCK).values("pk").query.sql_with_params()
    )
    sql = f"""
        SELECT {rows.columns(Stock, "s")}, {rows.columns(StockLocation, "l")},
               {rows.columns(ProductVariant, "v")}
          FROM {Stock._meta.db_table} s
          JOIN {StockLocation._meta.db_table} l ON l.id = s.location_id
          JOIN {ProductVariant._meta.db_table} v ON v.id = s.variant_id
         WHERE s.id = ANY(%s)
            OR (s.variant_id = ANY(%s)
                AND EXISTS (SELECT 1 FROM ({online}) o WHERE o.pk = s.id))
         ORDER BY s.id
           FOR NO KEY UPDATE OF s"""
    return sql, tuple(online_params)


def _lock(stock_ids: set[int], variant_ids: set[int]) -> list[Stock]:
    """The rows ``stock_ids`` and the online rows of ``variant_ids``, locked in primary-key
    order, with their location and variant. Hand-written (``shop.rows``): compiling it
    through the ORM cost more CPU than answering it, inside the window other buyers
    wait for."""
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`: one writer
        return _lock_plain(stock_ids, variant_ids)
    sql, online_params = _lock_statement()
    fetched = rows.fetch(sql, [sorted(stock_ids), sorted(variant_ids or ()), *online_params])
    stocks = []
    for row in fetched:
        stock, at = rows.take(Stock, row, 0)
        location, at = rows.take(StockLocation, row, at)
        variant, _at = rows.take(ProductVariant, row, at)
        stock.location = location
        stock.variant = variant
        stock.loaded = {"quantity": stock.quantity, "quantity_reserved": stock.quantity_reserved}
        stocks.append(stock)
    return stocks


def _lock_plain(stock_ids: set[int], variant_ids: set[int]) -> list[Stock]:
    """``_lock`` through the ORM, unlocked (SQLite has one writer at a time)."""
    condition = Q(pk__in=stock_ids)
    if variant_ids:
        condition |= Q(ONLINE_STOCK, variant_id__in=variant_ids)
    stocks = list(
        Stock.objects.select_related("location", "variant").filter(condition).order_by("pk")
    )
    for stock in stocks:
        stock.loaded = {"quantity": stock.quantity, "quantity_reserved": stock.quantity_reserved}
    return stocks


def _save_plain(changed: list[Stock], then: Writes) -> None:
    """``_save`` through the ORM: a row at a time, then the callers' writes (functions)."""
    now = timezone.now()
    for stock in changed:
        Stock.objects.filter(pk=stock.pk).update(
            quantity=stock.quantity, quantity_reserved=stock.quantity_reserved, updated_at=now
        )
    for write in then:
        write()


def _save(stocks: list[Stock], fields: list[str], then: Writes = ()) -> None:
    """Write the locked rows whose ``fields`` changed in one UPDATE (not one per row).

    Both counts are written from the locked rows (unchanged values stay as read). One
    hand-written statement over arrays: ``bulk_update``'s CASE per row cost 2 ms of
    CPU to build, inside the window in which other buyers wait for these rows.
    ``then``: more writes (the ledger, a checkout's reservation rows) sent in the same
    statement, as data-modifying WITH queries: a round trip less in that window.
    """
    changed = [s for s in stocks if any(getattr(s, f) != s.loaded[f] for f in fields)]
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`
        return _save_plain(changed, then)
    writes = [(_UPDATE, _update_params(changed))] if changed else []
    writes += then
    if not writes:
        return
    *first, (sql, params) = writes
    if first:
        queries = ", ".join(f"w{i} AS ({query})" for i, (query, _params) in enumerate(first))
        sql = f"WITH {queries} {sql}"
        params = [*(p for _query, query_params in first for p in query_params), *params]
    rows.fetch(sql, params)


_UPDATE = (
    f"UPDATE {Stock._meta.db_table} s"
    " SET quantity = v.quantity, quantity_reserved = v.reserved, updated_at = %s"
    " FROM unnest(%s::bigint[], %s::int[], %s::int[]) AS v(id, quantity, reserved)"
    " WHERE s.id = v.id"
)


def _update_params(stocks: list[Stock]) -> list:
    return [
        timezone.now(),
        [stock.pk for stock in stocks],
        [stock.quantity for stock in stocks],
        [stock.quantity_reserved for stock in stocks],
    ]


def stocks_reserve(
    *,
    demands: dict[int, int],
    release: list[Pick] = (),
    then: Callable[[list[Pick]], Writes] | None = None,
) -> list[Pick]:
    """Hold ``demands`` (variant id -> units) of online stock, first giving back ``release``.

    Raises ``InsufficientStock`` (and changes nothing) when a variant lacks free units.
    ``then``: the caller's own writes of the picks (a checkout's reservation rows), built
    from them and sent in the statement that updates the locked rows (see ``_save``).
    """
    with transaction.atomic(savepoint=False):  # nothing raised inside: no savepoint needed
        stocks = _lock({p.stock_id for p in release}, set(demands))
        by_pk = {s.pk: s for s in stocks}
        for pick in release:
            stock = by_pk[pick.stock_id]
            stock.quantity_reserved = max(0, stock.quantity_reserved - pick.quantity)
        picks: list[Pick] = []
        short: list[int] = []
        for variant_id, wanted in sorted(demands.items()):
            candidates = [
                s
                for s in stocks
                if s.variant_id == variant_id
                and s.location.sells_online
                and s.location.kind == StockLocation.Kind.SELLER
            ]
            for stock in candidates:
                if wanted <= 0:
                    break
                take = min(wanted, stock.quantity - stock.quantity_reserved)
                if take > 0:
                    stock.quantity_reserved += take
                    wanted -= take
                    picks.append(Pick(stock.pk, variant_id, take))
            if wanted > 0:
                short.append(variant_id)
        if not short:
            _save(stocks, ["quantity_reserved"], then=then(picks) if then else ())
    if short:  # raised after the block, which wrote nothing: a caller may go on
        raise InsufficientStock(short)
    return picks


def stocks_unreserve(*, picks: list[Pick]) -> None:
    """Give back reserved units (an abandoned or expired checkout)."""
    if not picks:
        return
    with transaction.atomic(savepoint=False):  # callers re-raise: no savepoint needed
        by_pk = {s.pk: s for s in _lock({p.stock_id for p in picks}, set())}
        for pick in picks:
            stock = by_pk.get(pick.stock_id)
            if stock is not None:
                stock.quantity_reserved = max(0, stock.quantity_reserved - pick.quantity)
        _save(list(by_pk.values()), ["quantity_reserved"])


def stocks_allocate(*, picks: list[Pick], reference: str, actor=None, reindex: bool = True) -> None:
    """Turn reserved units into a sale: take them off the shelf and write the ledger.

    ``reindex=False``: the caller queues the products' search re-index itself, before
    it takes these locks (a checkout locks the stock rows last, so that they are held
    for the fewest statements before its COMMIT).
    """
    _apply(
        picks=picks,
        sign=-1,
        reason=StockMovement.Reason.SALE,
        reference=reference,
        actor=actor,
        reindex=reindex,
    )


def stocks_return(*, picks: list[Pick], reference: str, actor=None) -> None:
    """Put sold units back on the shelf (a cancelled order) and write the ledger."""
    _apply(
        picks=picks, sign=+1, reason=StockMovement.Reason.RETURN, reference=reference, actor=actor
    )


def _apply(
    *, picks: list[Pick], sign: int, reason: str, reference: str, actor, reindex: bool = True
) -> None:
    if not picks:
        return
    totals: dict[int, int] = defaultdict(int)
    for pick in picks:
        totals[pick.stock_id] += pick.quantity
    with transaction.atomic(savepoint=False):  # callers re-raise: no savepoint needed
        stocks = _lock(set(totals), set())
        movements = []
        for stock in stocks:
            units = totals[stock.pk]
            stock.quantity += sign * units
            if sign < 0:
                stock.quantity_reserved = max(0, stock.quantity_reserved - units)
            movements.append(
                StockMovement(
                    stock=stock,
                    delta=sign * units,
                    quantity_after=stock.quantity,
                    reason=reason,
                    actor=actor,
                    reference=reference[:100],
                )
            )
        # every quantity moved (units > 0): the rows and their ledger in one statement
        ledger = (
            (
                rows.insert(StockMovement, returning=""),
                rows.insert_params(StockMovement, movements),
            )
            if rows.is_postgres()
            else lambda: StockMovement.objects.bulk_create(movements)  # SQLite (`make run`)
        )
        _save(stocks, ["quantity"], then=[ledger])
        if reindex:  # availability changed: search must learn it (queued after commit)
            product_index_later(sorted({stock.variant.product_id for stock in stocks}))
