"""Goods received at an outlet (surat jalan): units move from the lembaga to the outlet.

Both sides write a ledger row (``TRANSFER``: minus at the lembaga, plus at
the outlet) in one transaction, locking every stock involved in primary-key
order. Outright lines are the lembaga's sale now (one OFFLINE order at the
purchase price: sale price less the outlet's margin); consignment lines stay
the lembaga's until a receipt sells them.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProductVariant, Stock, StockLocation, StockMovement
from catalog.search import product_index_later
from orders.models import Payment

from ..errors import OutletErrorCode as Code
from ..models import OutletAssortment, OutletDelivery, OutletDeliveryLine, Terms
from .common import MAX_QUANTITY, field_error, require_outlet, require_stock_access
from .offline_orders import OfflineLine, margin_of, offline_orders_create


@dataclass(frozen=True)
class DeliveryLine:
    sku: str
    quantity: int


def outlet_delivery_receive(
    *, actor, location: StockLocation, number: str, lines: list[DeliveryLine]
) -> OutletDelivery:
    """Record a surat jalan as received; the same number again answers the first delivery."""
    require_outlet(location)
    require_stock_access(actor, location, scope="stock")
    number = (number or "").strip()
    if not number or len(number) > 60:
        raise field_error("number", _("Nomor surat jalan wajib, 1-60 karakter."), Code.INVALID)
    if not lines:
        raise field_error("lines", _("Surat jalan harus berisi barang."), Code.REQUIRED)
    if len(lines) > 5000:
        raise field_error("lines", _("Paling banyak 5.000 baris."), Code.TOO_MANY_LINES)
    for index, line in enumerate(lines):
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise field_error(
                f"lines.{index}.quantity",
                _("Jumlah baris %(i)s harus antara 1 dan %(n)s.")
                % {"i": index + 1, "n": MAX_QUANTITY},
                Code.INVALID,
            )
    skus = {line.sku for line in lines}
    variants = {
        v.sku: v for v in ProductVariant.objects.select_related("product").filter(sku__in=skus)
    }
    unknown = sorted(skus - set(variants))
    if unknown:
        raise field_error(
            "lines",
            _("SKU tidak dikenal: %(skus)s.") % {"skus": ", ".join(unknown[:20])},
            Code.UNKNOWN_SKU,
        )
    sellers = {v.product.seller_id for v in variants.values()}
    if len(sellers) != 1:
        raise field_error(
            "lines", _("Satu surat jalan hanya dari satu lembaga."), Code.MIXED_SELLERS
        )
    seller_id = sellers.pop()
    agreed = {
        a.variant_id: a
        for a in OutletAssortment.objects.filter(
            location=location, variant_id__in=[v.pk for v in variants.values()]
        )
    }
    not_carried = sorted(s for s, v in variants.items() if v.pk not in agreed)
    if not_carried:
        raise field_error(
            "lines",
            _("Gerai ini tidak menjual SKU: %(skus)s.") % {"skus": ", ".join(not_carried[:20])},
            Code.NOT_CARRIED,
        )
    with transaction.atomic():
        existing = OutletDelivery.objects.filter(
            location=location, seller_id=seller_id, number=number
        ).first()
        if existing is not None:
            return existing
        wanted: dict[int, int] = {}
        for line in lines:
            wanted[variants[line.sku].pk] = wanted.get(variants[line.sku].pk, 0) + line.quantity
        Stock.objects.bulk_create(
            [Stock(variant_id=v, location=location) for v in sorted(wanted)],
            ignore_conflicts=True,
        )
        home = (
            StockLocation.objects.filter(kind=StockLocation.Kind.SELLER, seller_id=seller_id)
            .order_by("pk")
            .first()
        )
        stocks = list(
            Stock.objects.select_for_update()
            .filter(variant_id__in=wanted, location_id__in=[location.pk, getattr(home, "pk", 0)])
            .order_by("pk")
        )
        source = {s.variant_id: s for s in stocks if s.location_id != location.pk}
        short = sorted(
            sku
            for sku, v in variants.items()
            if v.pk not in source
            or source[v.pk].quantity - source[v.pk].quantity_reserved < wanted[v.pk]
        )
        if short:
            raise field_error(
                "lines",
                _("Stok lembaga tidak cukup untuk SKU: %(skus)s.") % {"skus": ", ".join(short)},
                Code.INSUFFICIENT_STOCK,
            )
        now = timezone.now()
        delivery = OutletDelivery.objects.create(
            location=location,
            seller_id=seller_id,
            number=number,
            received_at=now,
            received_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        person = delivery.received_by
        movements = []
        for stock in stocks:
            units = wanted[stock.variant_id]
            sign = 1 if stock.location_id == location.pk else -1
            stock.quantity += sign * units
            stock.save(update_fields=["quantity", "updated_at"])
            movements.append(
                StockMovement(
                    stock=stock,
                    delta=sign * units,
                    quantity_after=stock.quantity,
                    reason=StockMovement.Reason.TRANSFER,
                    actor=person,
                    reference=f"surat-jalan:{number}"[:100],
                    note=(location.name if sign < 0 else "")[:255],
                )
            )
        StockMovement.objects.bulk_create(movements)
        outright = []
        delivery_lines = []
        for variant_id, units in wanted.items():
            variant = next(v for v in variants.values() if v.pk == variant_id)
            terms = agreed[variant_id]
            price = variant.price - margin_of(variant.price, terms.margin_percent)
            delivery_lines.append(
                OutletDeliveryLine(
                    delivery=delivery,
                    variant=variant,
                    sku=variant.sku,
                    quantity=units,
                    terms=terms.terms,
                    unit_price=price if terms.terms == Terms.OUTRIGHT else 0,
                )
            )
            if terms.terms == Terms.OUTRIGHT:
                outright.append(
                    OfflineLine(variant=variant, quantity=units, unit_price=price, margin_percent=0)
                )
        OutletDeliveryLine.objects.bulk_create(delivery_lines)
        if outright:
            (order,) = offline_orders_create(
                outlet=location,
                reference=f"surat-jalan:{seller_id}:{number}",
                at=now,
                gateway=Payment.Gateway.OUTLET_PURCHASE,
                parts={seller_id: outright},
                actor=person,
                note=f"surat-jalan:{number}"[:255],
            )
            delivery.order = order
            delivery.save(update_fields=["order"])
        # The lembaga's online availability dropped.
        product_index_later({v.product_id for v in variants.values()})
    return delivery
