"""The stock sync service pinned to its exact answers (issue 18): every refusal's field,
code and message, a refused line never stops the lines after it, what a count records
(when, by whom, under which key) and how long keys are kept (exactly 48 hours)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import Stock, StockLocation, StockMovement
from orders.outlets import services
from orders.outlets.models import StockSyncRequest
from orders.outlets.services import SyncLine
from tests.outlets.shelves import stock_of

pytestmark = pytest.mark.django_db
sync = services.stock_bulk_update


def _refusal(**kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        sync(**kwargs)
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
