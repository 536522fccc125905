"""A lembaga's own shipping methods: pickup points and courier tariffs."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import StockLocation
from sellers.models import Seller
from shop.access import Access, require

from ..errors import OrderErrorCode as Code
from ..models import ShippingMethod

FIELDS = (
    "name",
    "kind",
    "pickup_fee",
    "same_regency_base",
    "same_regency_per_kg",
    "ntt_base",
    "ntt_per_kg",
    "outside_base",
    "outside_per_kg",
    "ships_outside_ntt",
    "max_weight_grams",
    "is_active",
)


def _check(user, seller: Seller) -> None:
    require(
        Access(user).may_manage_orders_of(seller, full_rights=True),
        _("Hanya pengurus lembaga yang boleh mengatur pengiriman."),
    )


def _apply(method: ShippingMethod, data: dict) -> None:
    for field in FIELDS:
        if data.get(field) is not None:
            setattr(method, field, data[field])
    errors = {}
    if not (method.name or "").strip():
        errors["name"] = ValidationError(_("Nama wajib diisi."), code=Code.REQUIRED)
    for field in FIELDS[2:-2]:
        if isinstance(getattr(method, field), int) and getattr(method, field) < 0:
            errors[field] = ValidationError(_("Tidak boleh negatif."), code=Code.INVALID)
    outlet_id = data.get("outlet_id")
    if method.kind == ShippingMethod.Kind.PICKUP_OUTLET:
        outlet = StockLocation.objects.filter(
            pk=outlet_id or method.outlet_id, kind=StockLocation.Kind.NTT_MART
        ).first()
        if outlet is None:
            errors["outlet"] = ValidationError(
                _("Pilih gerai NTT Mart untuk pengambilan."), code=Code.REQUIRED
            )
        method.outlet = outlet
    else:
        method.outlet = None
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def shipping_method_create(*, actor, seller: Seller, data: dict) -> ShippingMethod:
    """Add a pickup point or courier tariff for the lembaga (pengurus or staff)."""
    _check(actor, seller)
    method = ShippingMethod(seller=seller)
    _apply(method, data)
    method.save()
    return method


@transaction.atomic
def shipping_method_update(*, actor, method: ShippingMethod, data: dict) -> ShippingMethod:
    """Change a method's tariff or switch it off (``is_active``)."""
    _check(actor, method.seller)
    _apply(method, data)
    method.save()
    return method
