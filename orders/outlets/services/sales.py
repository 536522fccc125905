"""``offlineSaleRecord``: a POS receipt takes units off the outlet's shelf, once.

Idempotent by (outlet, receiptId): a replay with the same body answers the
same receipt and orders; the same receipt id with another body is refused.
A receipt is all or nothing: a line the outlet cannot sell refuses it whole,
so the POS can fix it and send it again under the same id.

The units leave through the ledger (``OFFLINE_SALE``). Consignment lines
become one order per lembaga (the lembaga's sale, the outlet's margin as
commission); outright lines were the lembaga's sale at delivery, so here
they only leave the outlet's shelf.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProductVariant, Stock, StockLocation, StockMovement
from orders.models import Order, Payment

from ..errors import OutletErrorCode as Code
from ..models import OfflineReceipt, OfflineReceiptLine, OutletAssortment, PaymentMethod, Terms
from .common import MAX_QUANTITY, body_hash, field_error, require_outlet, require_stock_access
from .offline_orders import OfflineLine, offline_orders_cancel, offline_orders_create

MAX_RECEIPT_LINES = 500
MAX_UNIT_PRICE = 100_000_000
CLOCK_SKEW = timedelta(minutes=10)  # a till clock a little ahead is not an error
GATEWAYS = {
    PaymentMethod.CASH: Payment.Gateway.CASH,
    PaymentMethod.QRIS: Payment.Gateway.QRIS,
    PaymentMethod.TRANSFER: Payment.Gateway.BANK_TRANSFER,
}


@dataclass(frozen=True)
class ReceiptLine:
    sku: str
    quantity: int
    unit_price: int


def _validate(*, receipt_id: str, sold_at: datetime, lines, payment_method: str) -> None:
    if not receipt_id or len(receipt_id) > 80:
        raise field_error("receiptId", _("Nomor struk wajib, 1-80 karakter."), Code.INVALID)
    if payment_method not in PaymentMethod.values:
        raise field_error(
            "paymentMethod", _("Metode bayar harus CASH, QRIS atau TRANSFER."), Code.INVALID
        )
    if sold_at is None or sold_at > timezone.now() + CLOCK_SKEW:
        raise field_error("soldAt", _("Waktu jual tidak boleh di masa depan."), Code.INVALID)
    if not lines:
        raise field_error(
            "lines", _("Struk harus berisi paling sedikit satu baris."), Code.REQUIRED
        )
    if len(lines) > MAX_RECEIPT_LINES:
        raise field_error(
            "lines",
            _("Paling banyak %(n)s baris per struk.") % {"n": MAX_RECEIPT_LINES},
            Code.TOO_MANY_LINES,
        )
    for index, line in enumerate(lines):
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise field_error(
                f"lines.{index}.quantity",
                _("Jumlah baris %(i)s harus antara 1 dan %(n)s.")
                % {"i": index + 1, "n": MAX_QUANTITY},
                Code.INVALID,
            )
        if not 0 <= line.unit_price <= MAX_UNIT_PRICE:
            raise field_error(
                f"lines.{index}.unitPrice",
                _("Harga baris %(i)s tidak wajar.") % {"i": index + 1},
                Code.INVALID,
            )


def offline_sale_record(
    *,
    actor,
    location: StockLocation,
    receipt_id: str,
    sold_at: datetime,
    lines: list[ReceiptLine],
    payment_method: str,
) -> OfflineReceipt:
    """Record a POS receipt once: stock out, the lembaga's orders, the receipt itself."""
    require_outlet(location)
    require_stock_access(actor, location, scope="sales")
    receipt_id = (receipt_id or "").strip()
    if sold_at is not None and timezone.is_naive(sold_at):
        sold_at = timezone.make_aware(sold_at)
    _validate(receipt_id=receipt_id, sold_at=sold_at, lines=lines, payment_method=payment_method)
    fingerprint = body_hash(
        {
            "soldAt": sold_at.isoformat(),
            "paymentMethod": payment_method,
            "lines": [[line.sku, line.quantity, line.unit_price] for line in lines],
        }
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                receipt = OfflineReceipt.objects.create(
                    location=location,
                    receipt_id=receipt_id,
                    body_hash=fingerprint,
                    sold_at=sold_at,
                    payment_method=payment_method,
                    total=sum(line.quantity * line.unit_price for line in lines),
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            receipt = OfflineReceipt.objects.get(location=location, receipt_id=receipt_id)
            if receipt.body_hash != fingerprint:
                raise field_error(
                    "receiptId",
                    _("Struk %(id)s sudah tercatat dengan isi yang lain.") % {"id": receipt_id},
                    Code.RECEIPT_CONFLICT,
                ) from None
            return receipt
        _sell(receipt=receipt, location=location, lines=lines, actor=actor)
    return receipt


def _sell(*, receipt: OfflineReceipt, location: StockLocation, lines, actor) -> None:
    variants = {
        v.sku: v
        for v in ProductVariant.objects.select_related("product").filter(
            sku__in={line.sku for line in lines}
        )
    }
    unknown = sorted({line.sku for line in lines} - set(variants))
    if unknown:
        raise field_error(
            "lines",
            _("SKU tidak dikenal: %(skus)s.") % {"skus": ", ".join(unknown[:20])},
            Code.UNKNOWN_SKU,
        )
    terms = {
        a.variant_id: a
        for a in OutletAssortment.objects.filter(
            location=location, variant_id__in=[v.pk for v in variants.values()]
        )
    }
    not_carried = sorted({line.sku for line in lines if variants[line.sku].pk not in terms})
    if not_carried:
        raise field_error(
            "lines",
            _("Gerai ini tidak menjual SKU: %(skus)s.") % {"skus": ", ".join(not_carried[:20])},
            Code.NOT_CARRIED,
        )
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        wanted[variants[line.sku].pk] += line.quantity
    Stock.objects.bulk_create(
        [Stock(variant_id=v, location=location) for v in sorted(wanted)], ignore_conflicts=True
    )
    stocks = {
        s.variant_id: s
        for s in Stock.objects.select_for_update()
        .filter(location=location, variant_id__in=wanted)
        .order_by("pk")
    }
    buffer = getattr(settings, "OUTLET_OVERSELL_UNITS", 0)
    short = sorted(
        sku
        for sku, v in variants.items()
        if v.pk in wanted
        and wanted[v.pk] - (stocks[v.pk].quantity - stocks[v.pk].quantity_reserved) > buffer
    )
    if short:
        raise field_error(
            "lines",
            _("Stok gerai tidak cukup untuk SKU: %(skus)s. Kirim hitungan stok dulu.")
            % {"skus": ", ".join(short[:20])},
            Code.INSUFFICIENT_STOCK,
        )
    movements = []
    skus = {v.pk: sku for sku, v in variants.items()}
    for variant_id in sorted(wanted, key=lambda v: stocks[v].pk):
        stock = stocks[variant_id]
        take = min(wanted[variant_id], stock.quantity - stock.quantity_reserved)
        if take < wanted[variant_id]:
            receipt.oversold[skus[variant_id]] = wanted[variant_id] - take
        if take <= 0:
            continue
        stock.quantity -= take
        stock.save(update_fields=["quantity", "updated_at"])
        movements.append(
            StockMovement(
                stock=stock,
                delta=-take,
                quantity_after=stock.quantity,
                reason=StockMovement.Reason.OFFLINE_SALE,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                reference=f"receipt:{receipt.receipt_id}"[:100],
                note=(f"oversold {wanted[variant_id] - take}" if take < wanted[variant_id] else ""),
            )
        )
    if receipt.oversold:
        receipt.save(update_fields=["oversold"])
    StockMovement.objects.bulk_create(movements)
    parts: dict[int, list[OfflineLine]] = defaultdict(list)
    receipt_lines = []
    for line in lines:
        variant = variants[line.sku]
        agreed = terms[variant.pk]
        receipt_lines.append(
            OfflineReceiptLine(
                receipt=receipt,
                variant=variant,
                stock=stocks[variant.pk],
                sku=line.sku,
                quantity=line.quantity,
                unit_price=line.unit_price,
                terms=agreed.terms,
            )
        )
        if agreed.terms == Terms.CONSIGNMENT:
            parts[variant.product.seller_id].append(
                OfflineLine(
                    variant=variant,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    margin_percent=agreed.margin_percent,
                    stock_id=stocks[variant.pk].pk,
                )
            )
    OfflineReceiptLine.objects.bulk_create(receipt_lines)
    orders = offline_orders_create(
        outlet=location,
        reference=f"receipt:{receipt.receipt_id}",
        at=receipt.sold_at,
        gateway=GATEWAYS[receipt.payment_method],
        parts=dict(parts),
        actor=actor,
        note=f"receipt:{receipt.receipt_id}"[:255],
    )
    receipt.orders.set(orders)


def offline_sale_void(*, actor, location: StockLocation, receipt_id: str) -> OfflineReceipt:
    """Reverse a receipt: its units back on the shelf, its orders cancelled (idempotent)."""
    require_outlet(location)
    require_stock_access(actor, location, scope="sales")
    with transaction.atomic():
        receipt = (
            OfflineReceipt.objects.select_for_update()
            .filter(location=location, receipt_id=(receipt_id or "").strip())
            .first()
        )
        if receipt is None:
            raise field_error("receiptId", _("Struk tidak ditemukan."), Code.NOT_FOUND)
        if receipt.voided_at is not None:
            return receipt
        totals: dict[int, int] = defaultdict(int)
        oversold = dict(receipt.oversold)
        for stock_id, sku, quantity in receipt.lines.values_list("stock_id", "sku", "quantity"):
            # Units sold beyond the shelf never left it: they do not come back either.
            kept_back = min(quantity, oversold.get(sku, 0))
            oversold[sku] = oversold.get(sku, 0) - kept_back
            totals[stock_id] += quantity - kept_back
        movements = []
        for stock in Stock.objects.select_for_update().filter(pk__in=totals).order_by("pk"):
            if not totals[stock.pk]:
                continue
            stock.quantity += totals[stock.pk]
            stock.save(update_fields=["quantity", "updated_at"])
            movements.append(
                StockMovement(
                    stock=stock,
                    delta=totals[stock.pk],
                    quantity_after=stock.quantity,
                    reason=StockMovement.Reason.RETURN,
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                    reference=f"void:{receipt.receipt_id}"[:100],
                )
            )
        StockMovement.objects.bulk_create(movements)
        orders = list(Order.objects.select_for_update().filter(pk__in=receipt.orders.all()))
        offline_orders_cancel(orders=orders, actor=actor, note=f"void:{receipt.receipt_id}")
        receipt.voided_at = timezone.now()
        receipt.save(update_fields=["voided_at"])
    return receipt
