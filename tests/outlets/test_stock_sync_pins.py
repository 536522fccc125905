"""The stock sync service pinned to its exact answers (issue 18): every refusal's field,
code and message, a refused line never stops the lines after it, what a count records
(when, by whom, under which key), how long keys are kept (exactly 48 hours), the preview
field by field, the ledger rows, the re-index it queues and a stock row a rival inserts;
each for both branches of the service (PostgreSQL's SQL, and the ORM for SQLite)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Stock, StockLocation, StockMovement
from catalog.search.indexing import PRODUCT_INDEX
from catalog.services import stock_location_ensure_for_seller
from orders.outlets import services
from orders.outlets.models import StockSyncRequest
from orders.outlets.services import SyncLine
from shop.models import OutboxMessage
from tests.outlets.shelves import stock_of

pytestmark = pytest.mark.django_db
sync = services.stock_bulk_update
preview = services.stock_bulk_preview
WITA = ZoneInfo("Asia/Makassar")  # Kupang's zone, the project's TIME_ZONE
AT = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)  # 18:00 in Kupang


@pytest.fixture(autouse=True, params=["postgresql", "plain"])
def branch(request, monkeypatch) -> str:
    """Every pin holds for both branches of the service: its hand-written PostgreSQL and
    the ORM branch SQLite takes (the embedded default of ``make run``), run here on
    PostgreSQL against the same figures."""
    if request.param == "plain":
        monkeypatch.setattr("shop.rows.is_postgres", lambda *_db: False)
    return request.param


def _refusal(call=sync, **kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        call(**kwargs)
    return {
        field: [(e.code, e.messages[0]) for e in errors]
        for field, errors in refused.value.error_dict.items()
    }


def test_whole_request_refusals_name_their_field_code_and_message(disperindag, outlet, carried):
    line = [SyncLine(carried[0].sku, 1)]
    common = {"actor": disperindag, "location": outlet}
    assert _refusal(**common, idempotency_key=" ", mode="SET", lines=line) == {
        "idempotencyKey": [("INVALID", "Kunci idempoten wajib, 1-100 karakter.")]
    }
    assert _refusal(**common, idempotency_key="k" * 101, mode="SET", lines=line) == {
        "idempotencyKey": [("INVALID", "Kunci idempoten wajib, 1-100 karakter.")]
    }
    assert sync(**common, idempotency_key="k" * 100, mode="SET", lines=line)["updatedCount"] == 1
    assert _refusal(**common, idempotency_key="m", mode="set", lines=line) == {
        "mode": [("INVALID", "Mode harus SET atau ADJUST.")]
    }
    assert _refusal(**common, idempotency_key="n", mode="SET", lines=line * 5001) == {
        "lines": [
            (
                "TOO_MANY_LINES",
                "Paling banyak 5.000 baris sekali kirim; kirim 5001 baris dalam beberapa kali.",
            )
        ]
    }


def test_each_refused_line_is_reported_exactly_and_the_lines_after_it_still_apply(
    disperindag, outlet, carried
):
    a, b, c = carried
    Stock.objects.create(variant=a, location=outlet, quantity=5, quantity_reserved=2)
    Stock.objects.create(variant=b, location=outlet, quantity=999_999)
    answer = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="adj",
        mode="ADJUST",
        lines=[
            SyncLine(a.sku, -4),  # 1 left, 2 reserved
            SyncLine(c.sku, 3),
            SyncLine(b.sku, 2),  # 1.000.001
            SyncLine(c.sku, 1),
            SyncLine(a.sku, -1),
        ],
    )
    assert answer == {
        "updatedCount": 1,
        "results": [{"sku": c.sku, "quantity": 3}],
        "errors": [
            {
                "index": 0,
                "sku": a.sku,
                "code": "BELOW_RESERVED",
                "message": "Stok tidak boleh kurang dari jumlah yang sedang dipesan (2).",
            },
            {
                "index": 2,
                "sku": b.sku,
                "code": "QUANTITY_TOO_LARGE",
                "message": "Jumlah paling banyak 1.000.000.",
            },
            {
                "index": 3,
                "sku": c.sku,
                "code": "DUPLICATE_SKU",
                "message": "SKU ini sudah ada di baris sebelumnya.",
            },
            {
                "index": 4,
                "sku": a.sku,
                "code": "DUPLICATE_SKU",
                "message": "SKU ini sudah ada di baris sebelumnya.",
            },
        ],
    }
    after = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="adj-2",
        mode="ADJUST",
        lines=[SyncLine(a.sku, -9), SyncLine(c.sku, 1), SyncLine(b.sku, 2_000_000)],
    )
    assert after["results"] == [{"sku": c.sku, "quantity": 4}]
    assert after["errors"][0]["message"] == "Stok akan menjadi negatif (-4)."
    assert after["errors"][1] == {
        "index": 2,
        "sku": b.sku,
        "code": "QUANTITY_TOO_LARGE",
        "message": "Jumlah paling banyak 1.000.000.",
    }


def test_a_stale_count_is_skipped_and_the_next_line_still_counts(disperindag, outlet, carried):
    a, b, _c = carried
    at = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
    sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="k1",
        mode="SET",
        lines=[SyncLine(a.sku, 7, at)],
    )
    answer = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="k2",
        mode="SET",
        lines=[SyncLine(a.sku, 3, at - dt.timedelta(seconds=1)), SyncLine(b.sku, 6)],
    )
    assert answer["results"] == [{"sku": b.sku, "quantity": 6}]
    assert [e["code"] for e in answer["errors"]] == ["STALE_COUNT"]
    assert answer["errors"][0]["message"] == (
        "Hitungan ini lebih lama dari hitungan terakhir (29-11-2026 18:00); diabaikan."
    )
    assert [stock_of(a, outlet), stock_of(b, outlet)] == [7, 6]


def test_postgresql_sends_the_hand_written_statements_and_the_orm_branch_none(
    branch, disperindag, outlet, carried
):
    """The branch is chosen per database: PostgreSQL's arrays (read, lock, update,
    ledger) on PostgreSQL, never through the ORM's per-row path there."""
    with CaptureQueriesContext(connection) as queries:
        sync(
            actor=disperindag,
            location=outlet,
            idempotency_key="cabang",
            mode="SET",
            lines=[SyncLine(carried[0].sku, 4)],
        )
    sent = " ".join(q["sql"] for q in queries.captured_queries)
    hand_written = ["v.sku = ANY(", "ORDER BY id FOR UPDATE", "FROM unnest("]
    assert [part in sent for part in hand_written] == [branch == "postgresql"] * 3
    assert stock_of(carried[0], outlet) == 4


def test_a_count_records_when_who_and_the_key(disperindag, outlet, carried):
    a, b, _c = carried
    at = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
    before = timezone.now()
    sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="opname-1",
        mode="SET",
        lines=[SyncLine(a.sku, 7, at), SyncLine(b.sku, 0)],
    )
    after = timezone.now()
    counted = dict(Stock.objects.filter(location=outlet).values_list("variant_id", "counted_at"))
    assert counted[a.pk] == at
    assert before <= counted[b.pk] <= after  # a count of 0 without a time: now
    assert StockSyncRequest.objects.get().actor == disperindag
    assert list(StockMovement.objects.values_list("actor", "reference", "reason")) == [
        (disperindag.pk, "sync:opname-1", "COUNT")
    ]


def test_only_this_outlets_assortment_counts_as_carried(disperindag, outlet, carried, make_outlet):
    other = make_outlet(name="NTT Mart Ende", regency="53.08")
    sibling = carried[0].product.variants.create(sku="LAIN-1", name="500 g", price=45_000)
    services.outlet_assortment_add(
        user=disperindag, location=other, skus=["LAIN-1"], terms="CONSIGNMENT", margin_percent=20
    )
    answer = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="k",
        mode="SET",
        lines=[SyncLine(sibling.sku, 4)],
    )
    assert [e["code"] for e in answer["errors"]] == ["NOT_CARRIED"]
    assert answer["errors"][0]["message"] == "SKU ini tidak dijual di lokasi ini."
    assert not Stock.objects.filter(location=outlet, variant=sibling).exists()


def test_a_pos_token_with_the_stock_scope_may_preview(disperindag, outlet, carried):
    token = services.api_token_create(
        user=disperindag, location=outlet, name="Kasir", scopes=["stock"]
    ).api_token
    preview = services.stock_bulk_preview(
        actor=token.user, location=outlet, mode="SET", lines=[SyncLine(carried[0].sku, 9)]
    )
    assert preview == {
        "updatedCount": 1,
        "results": [{"sku": carried[0].sku, "quantity": 9}],
        "errors": [],
    }
    assert stock_of(carried[0], outlet) == 0
    assert StockMovement.objects.count() == 0


def test_keys_are_kept_exactly_48_hours(disperindag, outlet, carried):
    for key in ("old", "young"):
        sync(
            actor=disperindag,
            location=outlet,
            idempotency_key=key,
            mode="SET",
            lines=[SyncLine(carried[0].sku, 1)],
        )
    old = StockSyncRequest.objects.get(key="old")
    young_at = old.created_at + dt.timedelta(seconds=1)
    StockSyncRequest.objects.filter(key="young").update(created_at=young_at)
    limit = old.created_at + dt.timedelta(hours=48)
    assert services.stock_sync_requests_purge(now=limit) == 0
    assert services.stock_sync_requests_purge(now=limit + dt.timedelta(seconds=1)) == 1
    assert list(StockSyncRequest.objects.values_list("key", flat=True)) == ["young"]
    assert StockLocation.objects.filter(pk=outlet.pk).exists()


STALE_AT_18 = "Hitungan ini lebih lama dari hitungan terakhir (29-11-2026 18:00); diabaikan."
TWICE = "SKU ini sudah ada di baris sebelumnya."


def _error(index: int, sku: str, code: str, message: str) -> dict:
    return {"index": index, "sku": sku, "code": code, "message": message}


def test_a_missing_or_empty_key_is_refused_like_a_blank_one(disperindag, outlet, carried):
    line = [SyncLine(carried[0].sku, 1)]
    for key in (None, ""):
        assert _refusal(
            actor=disperindag, location=outlet, idempotency_key=key, mode="SET", lines=line
        ) == {"idempotencyKey": [("INVALID", "Kunci idempoten wajib, 1-100 karakter.")]}
    assert not StockSyncRequest.objects.exists()
    assert stock_of(carried[0], outlet) == 0


def test_the_same_key_with_another_count_time_is_refused_and_a_naive_time_is_local(
    disperindag, outlet, carried
):
    a = carried[0]
    common = {"actor": disperindag, "location": outlet, "idempotency_key": "k", "mode": "SET"}
    first = sync(**common, lines=[SyncLine(a.sku, 7, AT)])
    assert _refusal(**common, lines=[SyncLine(a.sku, 7, AT + dt.timedelta(seconds=1))]) == {
        "idempotencyKey": [
            (
                "IDEMPOTENCY_CONFLICT",
                "Kunci idempoten ini sudah dipakai untuk isi permintaan yang lain.",
            )
        ]
    }
    # A time without a zone is Kupang's: the same body as that time with WITA's zone, a replay.
    naive = {**common, "idempotency_key": "naive"}
    again = sync(**naive, lines=[SyncLine(a.sku, 7, dt.datetime(2026, 11, 29, 18, 0))])
    assert (
        sync(**naive, lines=[SyncLine(a.sku, 7, dt.datetime(2026, 11, 29, 18, 0, tzinfo=WITA))])
        == again
    )
    assert again == first
    assert StockMovement.objects.count() == 1


def test_a_naive_count_time_is_recorded_in_local_time(disperindag, outlet, carried):
    sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="naive",
        mode="SET",
        lines=[SyncLine(carried[0].sku, 7, dt.datetime(2026, 11, 29, 18, 0))],
    )
    assert Stock.objects.get(location=outlet, variant=carried[0]).counted_at == AT


def test_keys_belong_to_one_location_and_a_replay_finds_its_own(
    disperindag, outlet, carried, make_outlet
):
    a = carried[0]
    other = make_outlet(name="NTT Mart Ende", regency="53.08")
    services.outlet_assortment_add(
        user=disperindag, location=other, skus=[a.sku], terms="CONSIGNMENT", margin_percent=20
    )

    def call(location, key, quantity):
        return sync(
            actor=disperindag,
            location=location,
            idempotency_key=key,
            mode="SET",
            lines=[SyncLine(a.sku, quantity)],
        )

    here = call(outlet, "k", 5)
    there = call(other, "k", 8)  # the same key at another outlet is another request
    call(outlet, "k2", 6)
    assert there == {"updatedCount": 1, "results": [{"sku": a.sku, "quantity": 8}], "errors": []}
    assert (
        call(outlet, "k", 5)
        == here
        == {
            "updatedCount": 1,
            "results": [{"sku": a.sku, "quantity": 5}],
            "errors": [],
        }
    )
    assert call(other, "k", 8) == there
    assert [stock_of(a, outlet), stock_of(a, other)] == [6, 8]
    assert StockSyncRequest.objects.count() == 3


def test_every_line_refusal_names_its_index_sku_code_and_message(disperindag, outlet, carried):
    a, b, c = carried
    sibling = a.product.variants.create(sku="LAIN-1", name="500 g", price=45_000)
    Stock.objects.create(variant=b, location=outlet, quantity=3, counted_at=AT)
    Stock.objects.create(variant=c, location=outlet, quantity=2)
    counted = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="set",
        mode="SET",
        lines=[
            SyncLine(sibling.sku, 4),
            SyncLine(a.sku, -1),
            SyncLine(b.sku, 9, AT - dt.timedelta(minutes=1)),
            SyncLine("TIDAK-ADA", 1),
        ],
    )
    assert counted == {
        "updatedCount": 0,
        "results": [],
        "errors": [
            _error(0, "LAIN-1", "NOT_CARRIED", "SKU ini tidak dijual di lokasi ini."),
            _error(1, a.sku, "NEGATIVE", "Stok tidak boleh negatif."),
            _error(2, b.sku, "STALE_COUNT", STALE_AT_18),
            _error(3, "TIDAK-ADA", "UNKNOWN_SKU", "SKU tidak dikenal."),
        ],
    }
    adjusted = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="adjust",
        mode="ADJUST",
        lines=[SyncLine(c.sku, -3), SyncLine(a.sku, -1)],
    )
    assert adjusted["errors"] == [
        _error(0, c.sku, "NEGATIVE", "Stok akan menjadi negatif (-1)."),
        _error(1, a.sku, "NEGATIVE", "Stok akan menjadi negatif (-1)."),
    ]
    assert [stock_of(a, outlet), stock_of(b, outlet), stock_of(c, outlet)] == [0, 3, 2]
    assert StockMovement.objects.count() == 0


def test_a_line_past_the_maximum_after_adjusting_does_not_stop_the_next(
    disperindag, outlet, carried
):
    a, b, c = carried
    Stock.objects.create(variant=b, location=outlet, quantity=999_999)
    answer = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="adj",
        mode="ADJUST",
        lines=[SyncLine(b.sku, 1), SyncLine(a.sku, 2), SyncLine(b.sku, 0), SyncLine(c.sku, 3)],
    )
    assert answer["results"] == [  # exactly the maximum is allowed
        {"sku": b.sku, "quantity": 1_000_000},
        {"sku": a.sku, "quantity": 2},
        {"sku": c.sku, "quantity": 3},
    ]
    answer = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="adj-2",
        mode="ADJUST",
        lines=[SyncLine(b.sku, 1), SyncLine(a.sku, 2), SyncLine(c.sku, 3)],
    )
    assert answer == {
        "updatedCount": 2,
        "results": [{"sku": a.sku, "quantity": 4}, {"sku": c.sku, "quantity": 6}],
        "errors": [_error(0, b.sku, "QUANTITY_TOO_LARGE", "Jumlah paling banyak 1.000.000.")],
    }
    assert [stock_of(a, outlet), stock_of(b, outlet), stock_of(c, outlet)] == [4, 1_000_000, 6]


def test_the_ledger_rows_of_a_count_and_of_an_adjustment(disperindag, outlet, carried):
    a, b, _c = carried
    Stock.objects.create(variant=a, location=outlet, quantity=5)
    sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="opname",
        mode="SET",
        lines=[SyncLine(a.sku, 2), SyncLine(b.sku, 0)],  # b: counted, unchanged, no row
    )
    sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="koreksi",
        mode="ADJUST",
        lines=[SyncLine(a.sku, 4), SyncLine(b.sku, 3)],
    )
    rows = StockMovement.objects.order_by("pk").values_list(
        "stock__variant", "delta", "quantity_after", "reason", "actor", "reference", "note"
    )
    assert list(rows) == [
        (a.pk, -3, 2, "COUNT", disperindag.pk, "sync:opname", ""),
        (a.pk, 4, 6, "CORRECTION", disperindag.pk, "sync:koreksi", ""),
        (b.pk, 3, 3, "CORRECTION", disperindag.pk, "sync:koreksi", ""),
    ]


def _reindexed(after: int) -> list:
    queued = OutboxMessage.objects.filter(handler=PRODUCT_INDEX, pk__gt=after).order_by("pk")
    return list(queued.values_list("kwargs", flat=True))


def _last_message() -> int:
    return OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_only_a_lembagas_online_stock_change_queues_a_reindex_of_its_products(
    disperindag, pengurus, seller, outlet, carried, make_product
):
    product = make_product()
    small = product.variants.get()
    large = product.variants.create(sku="BESAR-1", name="1 kg", price=90_000)
    home = stock_location_ensure_for_seller(seller=seller)
    assert home.sells_online
    lines = [SyncLine(small.sku, 4), SyncLine(large.sku, 2)]
    before = _last_message()
    sync(actor=pengurus, location=home, idempotency_key="a", mode="SET", lines=lines)
    assert _reindexed(before) == [{"product_ids": [product.pk]}]  # the product, not its variants

    before = _last_message()
    shown = preview(actor=pengurus, location=home, mode="ADJUST", lines=lines)
    assert shown["results"] == [
        {"sku": small.sku, "quantity": 8},
        {"sku": large.sku, "quantity": 4},
    ]
    assert _reindexed(before) == []  # a preview queues nothing
    sync(actor=pengurus, location=home, idempotency_key="b", mode="SET", lines=lines)
    assert _reindexed(before) == []  # nothing changed

    StockLocation.objects.filter(pk=home.pk).update(sells_online=False)
    home.refresh_from_db()
    sync(actor=pengurus, location=home, idempotency_key="c", mode="ADJUST", lines=lines)
    assert stock_of(small, home) == 8
    assert _reindexed(before) == []  # a store room that does not sell online

    sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="d",
        mode="SET",
        lines=[SyncLine(carried[0].sku, 5)],
    )
    assert stock_of(carried[0], outlet) == 5
    assert _reindexed(before) == []  # an outlet's shelf is not online stock


def test_the_preview_refuses_what_the_sync_refuses(disperindag, outlet, carried):
    common = {"actor": disperindag, "location": outlet}
    line = [SyncLine(carried[0].sku, 1)]
    assert _refusal(preview, **common, mode="set", lines=line) == {
        "mode": [("INVALID", "Mode harus SET atau ADJUST.")]
    }
    assert _refusal(preview, **common, mode="SET", lines=line * 5001) == {
        "lines": [("TOO_MANY_LINES", "Paling banyak 5.000 baris.")]
    }
    answer = preview(**common, mode="ADJUST", lines=line * 5000)
    assert answer["updatedCount"] == 1
    assert len(answer["errors"]) == 4999
    assert answer["errors"][-1] == _error(4999, carried[0].sku, "DUPLICATE_SKU", TWICE)
    assert stock_of(carried[0], outlet) == 0


def test_the_preview_answers_field_by_field_what_the_sync_then_does_and_keeps_nothing(
    disperindag, outlet, carried
):
    a, b, c = carried
    Stock.objects.create(variant=a, location=outlet, quantity=5, counted_at=AT)
    Stock.objects.create(variant=b, location=outlet, quantity=6, quantity_reserved=2)
    lines = [
        SyncLine(a.sku, 3, dt.datetime(2026, 11, 29, 17, 59)),  # naive, local: a minute stale
        SyncLine(b.sku, 1),
        SyncLine(c.sku, 4, AT),
        SyncLine(b.sku, 2),
        SyncLine("TIDAK-ADA", 1),
        SyncLine(a.sku, 9, dt.datetime(2026, 11, 29, 18, 0)),
    ]
    expected = {
        "updatedCount": 1,
        "results": [{"sku": c.sku, "quantity": 4}],
        "errors": [
            _error(0, a.sku, "STALE_COUNT", STALE_AT_18),
            _error(
                1,
                b.sku,
                "BELOW_RESERVED",
                "Stok tidak boleh kurang dari jumlah yang sedang dipesan (2).",
            ),
            _error(3, b.sku, "DUPLICATE_SKU", TWICE),
            _error(4, "TIDAK-ADA", "UNKNOWN_SKU", "SKU tidak dikenal."),
            _error(5, a.sku, "DUPLICATE_SKU", TWICE),
        ],
    }
    shown = preview(actor=disperindag, location=outlet, mode="SET", lines=lines)
    assert shown == expected
    set_three = preview(actor=disperindag, location=outlet, mode="SET", lines=[SyncLine(a.sku, 3)])
    assert set_three["results"] == [{"sku": a.sku, "quantity": 3}]  # SET, not ADJUST (8)
    rows = Stock.objects.order_by("variant").values_list("variant", "quantity", "counted_at")
    assert list(rows) == [(a.pk, 5, AT), (b.pk, 6, None)]  # the stock row of c was not kept
    assert StockMovement.objects.count() == 0
    assert not StockSyncRequest.objects.exists()
    assert (
        sync(actor=disperindag, location=outlet, idempotency_key="k", mode="SET", lines=lines)
        == expected
    )
    assert [stock_of(a, outlet), stock_of(b, outlet), stock_of(c, outlet)] == [5, 6, 4]


def test_a_stock_row_that_appears_before_the_insert_is_locked_and_used_not_refused(
    disperindag, outlet, carried, monkeypatch
):
    variant = carried[0]
    insert = Stock.objects.bulk_create

    def insert_after_a_rival(rows, **kwargs):
        # Another sync creates the row between the first lock (no row yet) and this insert.
        Stock.objects.create(variant=variant, location=outlet, quantity=4)
        return insert(rows, **kwargs)

    monkeypatch.setattr(Stock.objects, "bulk_create", insert_after_a_rival)
    answer = sync(
        actor=disperindag,
        location=outlet,
        idempotency_key="k",
        mode="ADJUST",
        lines=[SyncLine(variant.sku, 3)],
    )
    assert answer == {
        "updatedCount": 1,
        "results": [{"sku": variant.sku, "quantity": 7}],
        "errors": [],
    }
    rows = Stock.objects.filter(variant=variant, location=outlet).values_list("quantity", flat=True)
    assert list(rows) == [7]
    assert list(StockMovement.objects.values_list("delta", "quantity_after")) == [(3, 7)]
