"""``stockBulkUpdate``: a POS or a lembaga sets (SET) or adjusts (ADJUST) many stocks at once.

Idempotent by (location, key): the first call stores its answer, a replay
with the same body gets that answer without applying anything again, and
the same key with another body is refused. Good lines are applied even when
others fail; each failure names its line (index, SKU, code, message).

The cost does not grow in queries with the number of lines: one query reads
the SKUs, one the assortment, one locks the stocks (in primary-key order,
like checkouts, so syncs and checkouts never deadlock), one updates them all
and one inserts the ledger rows. The reads pass the SKUs and ids as one array
(``= ANY(%s)``) and the locked rows come back as plain tuples, not model
instances: at 2,000 lines an ``IN`` of 2,000 placeholders and 2,000 models
cost more than the update itself (issue #15). On SQLite (the embedded default of
``make run``) the same steps run through the ORM: one writer, a small catalogue.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, ProductVariant, Stock, StockLocation, StockMovement
from catalog.search import product_index_later
from shop import rows

from ..errors import OutletErrorCode as Code
from ..models import OutletAssortment, StockSyncRequest
from .common import MAX_QUANTITY, body_hash, field_error, require_stock_access

MAX_LINES = 5000
KEY_RETENTION = dt.timedelta(hours=48)  # at least the 24 hours POS vendors are promised


@dataclass(frozen=True)
class SyncLine:
    sku: str
    quantity: int
    counted_at: dt.datetime | None = None


class Mode:
    SET = "SET"
    ADJUST = "ADJUST"


def _mode_check(mode: str) -> None:
    if mode not in (Mode.SET, Mode.ADJUST):
        raise field_error("mode", _("Mode harus SET atau ADJUST."), Code.INVALID)


def _line_error(index: int, sku: str, code: Code, message: str) -> dict:
    return {"index": index, "sku": sku, "code": code.value, "message": str(message)}


def stock_bulk_update(
    *,
    actor,
    location: StockLocation,
    idempotency_key: str,
    mode: str,
    lines: list[SyncLine],
) -> dict:
    """Apply a stock sync once; answer ``{updatedCount, results, errors}`` (a replay: the same).

    Raises ``ValidationError`` for the whole request (bad key, too many lines,
    the key reused with another body); a bad line is reported, not raised.
    """
    require_stock_access(actor, location, scope="stock")
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise field_error(
            "idempotencyKey", _("Kunci idempoten wajib, 1-100 karakter."), Code.INVALID
        )
    _mode_check(mode)
    if len(lines) > MAX_LINES:
        raise field_error(
            "lines",
            _("Paling banyak %(n)s baris sekali kirim; kirim %(m)s baris dalam beberapa kali.")
            % {"n": f"{MAX_LINES:,}".replace(",", "."), "m": len(lines)},
            Code.TOO_MANY_LINES,
        )
    counted = [_aware(line.counted_at) for line in lines]
    fingerprint = body_hash(
        {
            "mode": mode,
            "lines": [
                [line.sku, line.quantity, c.isoformat() if c else None]
                for line, c in zip(lines, counted, strict=True)
            ],
        }
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = StockSyncRequest.objects.create(
                    location=location, key=key, body_hash=fingerprint, actor=actor
                )
        except IntegrityError:
            # Another call holds or held the key: a concurrent one waited on its insert.
            request = StockSyncRequest.objects.get(location=location, key=key)
            if request.body_hash != fingerprint:
                raise field_error(
                    "idempotencyKey",
                    _("Kunci idempoten ini sudah dipakai untuk isi permintaan yang lain."),
                    Code.IDEMPOTENCY_CONFLICT,
                ) from None
            return request.response
        response = _apply(
            actor=actor, location=location, key=key, mode=mode, lines=lines, counted=counted
        )
        request.response = response
        request.save(update_fields=["response"])
    return response


def stock_bulk_preview(*, actor, location: StockLocation, mode: str, lines: list[SyncLine]) -> dict:
    """What ``stock_bulk_update`` would answer, computed and rolled back (the dry run)."""
    require_stock_access(actor, location, scope="stock")
    _mode_check(mode)
    if len(lines) > MAX_LINES:
        raise field_error("lines", _("Paling banyak 5.000 baris."), Code.TOO_MANY_LINES)
    with transaction.atomic():
        counted = [_aware(line.counted_at) for line in lines]
        response = _apply(
            actor=actor, location=location, key="preview", mode=mode, lines=lines, counted=counted
        )
        transaction.set_rollback(True)  # the rows, the ledger and the queued re-index: undone
    return response


def stock_sync_requests_purge(*, now: dt.datetime | None = None) -> int:
    """Forget idempotency keys older than the retention; answers how many."""
    cutoff = (now or timezone.now()) - KEY_RETENTION
    deleted, _detail = StockSyncRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _apply(*, actor, location, key, mode, lines, counted) -> dict:
    errors: list[dict] = []
    variants, carried = _variants_carried(location, {line.sku for line in lines})
    good: list[tuple[int, SyncLine, int]] = []  # (index, line, variant id)
    seen: set[str] = set()
    for index, line in enumerate(lines):
        found = variants.get(line.sku)
        if found is None:
            errors.append(_line_error(index, line.sku, Code.UNKNOWN_SKU, _("SKU tidak dikenal.")))
        elif found[0] not in carried:
            errors.append(
                _line_error(
                    index, line.sku, Code.NOT_CARRIED, _("SKU ini tidak dijual di lokasi ini.")
                )
            )
        elif line.sku in seen:
            errors.append(
                _line_error(
                    index, line.sku, Code.DUPLICATE_SKU, _("SKU ini sudah ada di baris sebelumnya.")
                )
            )
        elif abs(line.quantity) > MAX_QUANTITY:
            errors.append(
                _line_error(
                    index,
                    line.sku,
                    Code.QUANTITY_TOO_LARGE,
                    _("Jumlah paling banyak %(n)s.") % {"n": f"{MAX_QUANTITY:,}".replace(",", ".")},
                )
            )
        elif mode == Mode.SET and line.quantity < 0:
            errors.append(
                _line_error(index, line.sku, Code.NEGATIVE, _("Stok tidak boleh negatif."))
            )
        else:
            seen.add(line.sku)
            good.append((index, line, found[0]))
    stocks = _locked_stocks(location, sorted({variant_id for _i, _l, variant_id in good}))
    now = timezone.now()
    changed: list[tuple[_LockedStock, int]] = []
    counted_rows: dict[int, dt.datetime] = {}
    results = []
    for index, line, variant_id in good:
        stock = stocks[variant_id]
        when = counted[index] or now
        if mode == Mode.SET:
            if stock.counted_at is not None and counted[index] and when < stock.counted_at:
                errors.append(
                    _line_error(
                        index,
                        line.sku,
                        Code.STALE_COUNT,
                        _("Hitungan ini lebih lama dari hitungan terakhir (%(at)s); diabaikan.")
                        % {"at": timezone.localtime(stock.counted_at).strftime("%d-%m-%Y %H:%M")},
                    )
                )
                continue
            new = line.quantity
        else:
            new = stock.quantity + line.quantity
        if new < 0:
            errors.append(
                _line_error(
                    index,
                    line.sku,
                    Code.NEGATIVE,
                    _("Stok akan menjadi negatif (%(n)s).") % {"n": new},
                )
            )
            continue
        if new < stock.quantity_reserved:
            errors.append(
                _line_error(
                    index,
                    line.sku,
                    Code.BELOW_RESERVED,
                    _("Stok tidak boleh kurang dari jumlah yang sedang dipesan (%(n)s).")
                    % {"n": stock.quantity_reserved},
                )
            )
            continue
        if new > MAX_QUANTITY:
            errors.append(
                _line_error(
                    index,
                    line.sku,
                    Code.QUANTITY_TOO_LARGE,
                    _("Jumlah paling banyak %(n)s.") % {"n": f"{MAX_QUANTITY:,}".replace(",", ".")},
                )
            )
            continue
        delta = new - stock.quantity
        if mode == Mode.SET:
            counted_rows[stock.pk] = when
        if delta:
            stock.quantity = new
            changed.append((stock, delta))
        results.append({"sku": line.sku, "quantity": new})
    _write(location, changed, counted_rows, actor=actor, key=key, mode=mode)
    errors.sort(key=lambda e: e["index"])
    return {"updatedCount": len(results), "results": results, "errors": errors}


def _variants_carried(
    location: StockLocation, skus: set[str]
) -> tuple[dict[str, tuple[int, int, int]], set[int]]:
    """The variants of these SKUs (sku -> (id, product id, seller id)) and the ids of
    those the location carries.

    The SKUs travel as one array parameter (``= ANY(%s)``): an ``IN`` of 2,000
    placeholders cost more to build and plan than the whole update.
    """
    if not rows.is_postgres():
        variants = {
            sku: (pk, product_id, seller_id)
            for sku, pk, product_id, seller_id in ProductVariant.objects.filter(
                sku__in=skus
            ).values_list("sku", "pk", "product_id", "product__seller_id")
        }
        if location.kind != StockLocation.Kind.NTT_MART:
            return variants, {v[0] for v in variants.values() if v[2] == location.seller_id}
        return variants, set(
            OutletAssortment.objects.filter(
                location=location, variant_id__in=[v[0] for v in variants.values()]
            ).values_list("variant_id", flat=True)
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT v.sku, v.id, v.product_id, p.seller_id
                  FROM {ProductVariant._meta.db_table} v JOIN {Product._meta.db_table} p ON p.id = v.product_id
                 WHERE v.sku = ANY(%s)""",
            [list(skus)],
        )
        variants = {sku: (pk, product_id, seller_id) for sku, pk, product_id, seller_id in cursor}
        if location.kind != StockLocation.Kind.NTT_MART:
            return variants, {v[0] for v in variants.values() if v[2] == location.seller_id}
        cursor.execute(
            f"""SELECT variant_id FROM {OutletAssortment._meta.db_table}
                 WHERE location_id = %s AND variant_id = ANY(%s)""",
            [location.pk, [v[0] for v in variants.values()]],
        )
        return variants, {variant_id for (variant_id,) in cursor}


@dataclass(slots=True)
class _LockedStock:
    """The columns of a locked stock row the sync reads and changes."""

    pk: int
    variant_id: int
    quantity: int
    quantity_reserved: int
    counted_at: dt.datetime | None


def _locked_stocks(location: StockLocation, variant_ids: list[int]) -> dict[int, _LockedStock]:
    """Lock (creating missing rows first) the location's stock of these variants, by pk."""
    if not variant_ids:
        return {}

    def lock() -> dict[int, _LockedStock]:
        if not rows.is_postgres():  # SQLite locks the whole database for the writer
            found = (
                Stock.objects.filter(location=location, variant_id__in=variant_ids)
                .order_by("pk")
                .values_list("pk", "variant_id", "quantity", "quantity_reserved", "counted_at")
            )
            return {row[1]: _LockedStock(*row) for row in found}
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT id, variant_id, quantity, quantity_reserved, counted_at
                      FROM {Stock._meta.db_table}
                     WHERE location_id = %s AND variant_id = ANY(%s)
                     ORDER BY id FOR UPDATE""",
                [location.pk, variant_ids],
            )
            return {row[1]: _LockedStock(*row) for row in cursor}

    stocks = lock()
    missing = [v for v in variant_ids if v not in stocks]
    if missing:
        Stock.objects.bulk_create(
            [Stock(variant_id=v, location=location) for v in missing], ignore_conflicts=True
        )
        stocks = lock()
    return stocks


def _write(location, changed, counted_rows, *, actor, key, mode) -> None:
    """One UPDATE for every changed stock, one INSERT for their ledger rows."""
    touched = {stock.pk: stock for stock, _delta in changed}
    ids = sorted(set(touched) | set(counted_rows))
    if not ids:
        return
    quantities = []
    counts = []
    for pk in ids:
        stock = touched.get(pk)
        quantities.append(stock.quantity if stock is not None else None)
        counts.append(counted_rows.get(pk))
    reason = StockMovement.Reason.COUNT if mode == Mode.SET else StockMovement.Reason.CORRECTION
    if not rows.is_postgres():
        now = timezone.now()
        for pk, quantity, counted_at in zip(ids, quantities, counts, strict=True):
            values = {"updated_at": now}
            if quantity is not None:
                values["quantity"] = quantity
            if counted_at is not None:
                values["counted_at"] = counted_at
            Stock.objects.filter(pk=pk).update(**values)
        StockMovement.objects.bulk_create(
            StockMovement(
                stock_id=stock.pk,
                delta=delta,
                quantity_after=stock.quantity,
                reason=reason,
                actor_id=actor.pk,
                reference=f"sync:{key}"[:100],
            )
            for stock, delta in changed
        )
        _reindex(location, changed)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Stock._meta.db_table} AS s
               SET quantity = COALESCE(v.quantity, s.quantity),
                   counted_at = COALESCE(v.counted_at, s.counted_at),
                   updated_at = now()
              FROM unnest(%s::bigint[], %s::integer[], %s::timestamptz[])
                   AS v(id, quantity, counted_at)
             WHERE s.id = v.id
            """,
            [ids, quantities, counts],
        )
    if changed:
        # The ledger rows in one INSERT ... SELECT over arrays: as fast as raw bulk SQL.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {StockMovement._meta.db_table}
                       (stock_id, delta, quantity_after, reason, actor_id, reference, note,
                        created_at)
                SELECT v.stock_id, v.delta, v.quantity_after, %s, %s, %s, '', now()
                  FROM unnest(%s::bigint[], %s::integer[], %s::integer[])
                       AS v(stock_id, delta, quantity_after)
                """,
                [
                    reason,
                    actor.pk,
                    f"sync:{key}"[:100],
                    [stock.pk for stock, _delta in changed],
                    [delta for _stock, delta in changed],
                    [stock.quantity for stock, _delta in changed],
                ],
            )
    _reindex(location, changed)


def _reindex(location: StockLocation, changed) -> None:
    """A lembaga's own online stock shows on its products: search re-reads them."""
    if location.kind == StockLocation.Kind.SELLER and location.sells_online and changed:
        variant_ids = [stock.variant_id for stock, _delta in changed]
        product_index_later(
            set(
                ProductVariant.objects.filter(pk__in=variant_ids).values_list(
                    "product_id", flat=True
                )
            )
        )
