"""Outlets, their operators and assortment: set up by Disperindag staff."""

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import ProductVariant, StockLocation
from sellers.models import Regency

from ..errors import OutletErrorCode as Code
from ..models import OutletAssortment, OutletOperator, Terms
from .common import field_error, require_outlet, require_outlet_manager

DEFAULT_MARGIN_PERCENT = 20


@transaction.atomic
def stock_location_create(
    *,
    user,
    name: str,
    kind: str,
    regency_code: str,
    address: str = "",
    channel: str = "",
    opening_hours: str = "",
) -> StockLocation:
    """Open an outlet of an offline channel (a lembaga's own location is made for it)."""
    require_outlet_manager(user)
    name = (name or "").strip()
    if not name:
        raise field_error("name", _("Nama wajib diisi."), Code.REQUIRED)
    if len(name) > 150:
        raise field_error("name", _("Nama paling panjang 150 karakter."), Code.INVALID)
    if kind != StockLocation.Kind.NTT_MART:
        raise field_error(
            "kind",
            _("Lokasi lembaga dibuat otomatis; di sini hanya gerai (NTT_MART)."),
            Code.NOT_AN_OUTLET,
        )
    regency = Regency.objects.filter(code=(regency_code or "").strip()).first()
    if regency is None:
        raise field_error("regencyCode", _("Kabupaten/kota tidak dikenal."), Code.NOT_FOUND)
    channel = channel or StockLocation.Channel.NTT_MART
    if channel not in StockLocation.Channel.values:
        raise field_error("channel", _("Saluran tidak dikenal."), Code.INVALID)
    if len(opening_hours or "") > 120:
        raise field_error("openingHours", _("Jam buka paling panjang 120 karakter."), Code.INVALID)
    return StockLocation.objects.create(
        name=name,
        kind=kind,
        regency=regency,
        address=(address or "").strip(),
        channel=channel,
        opening_hours=(opening_hours or "").strip(),
        sells_online=False,
    )


def outlet_operator_add(*, user, location: StockLocation, operator) -> OutletOperator:
    """Let ``operator`` run this outlet (they also need the NTT Mart operator role)."""
    require_outlet_manager(user)
    require_outlet(location)
    link, _created = OutletOperator.objects.get_or_create(user=operator, location=location)
    return link


@transaction.atomic
def outlet_assortment_add(
    *,
    user,
    location: StockLocation,
    skus: list[str],
    terms: str,
    margin_percent: int | None = None,
) -> list[OutletAssortment]:
    """Carry these SKUs at the outlet on ``terms`` (a SKU already carried gets the new terms).

    The margin is the outlet's share of the sale price: kept per sale under
    consignment, taken off the purchase price under outright terms.
    """
    require_outlet_manager(user)
    require_outlet(location)
    if terms not in Terms.values:
        raise field_error("terms", _("Syarat harus CONSIGNMENT atau OUTRIGHT."), Code.INVALID)
    margin = DEFAULT_MARGIN_PERCENT if margin_percent is None else margin_percent
    if not 0 <= margin <= 100:
        raise field_error("marginPercent", _("Margin harus antara 0 dan 100."), Code.INVALID)
    wanted = list(dict.fromkeys(s.strip() for s in skus or () if s and s.strip()))
    if not wanted:
        raise field_error("skus", _("Sebutkan paling sedikit satu SKU."), Code.REQUIRED)
    if len(wanted) > 5000:
        raise field_error("skus", _("Paling banyak 5.000 SKU sekali kirim."), Code.TOO_MANY_LINES)
    variants = dict(ProductVariant.objects.filter(sku__in=wanted).values_list("sku", "pk"))
    unknown = [s for s in wanted if s not in variants]
    if unknown:
        raise field_error(
            "skus",
            _("SKU tidak dikenal: %(skus)s.") % {"skus": ", ".join(unknown[:20])},
            Code.UNKNOWN_SKU,
        )
    rows = [
        OutletAssortment(
            location=location, variant_id=variants[s], terms=terms, margin_percent=margin
        )
        for s in wanted
    ]
    OutletAssortment.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["location", "variant"],
        update_fields=["terms", "margin_percent"],
    )
    return list(
        OutletAssortment.objects.filter(location=location, variant_id__in=variants.values())
    )
