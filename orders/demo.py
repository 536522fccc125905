"""Demo shipping methods: every active lembaga offers pickup and a courier; idempotent."""

from catalog.models import StockLocation
from sellers.models import Seller

from .models import ShippingMethod

# Courier tariffs (Rp) for the first kilogram and each further kilogram, by band,
# in the range of what JNE/POS charge from a kabupaten town in NTT in 2025.
COURIER = {
    "same_regency_base": 12_000,
    "same_regency_per_kg": 6_000,
    "ntt_base": 28_000,
    "ntt_per_kg": 14_000,
    "outside_base": 62_000,
    "outside_per_kg": 31_000,
}


def seed() -> int:
    """Give each ACTIVE seller pickup at the village, a courier, and NTT Mart pickup in its
    kabupaten when there is an outlet; answer how many methods were created."""
    created = 0
    outlets = {
        loc.regency_id: loc
        for loc in StockLocation.objects.filter(kind=StockLocation.Kind.NTT_MART).order_by("pk")
    }
    for seller in Seller.objects.filter(status=Seller.Status.ACTIVE).select_related(
        "village__district"
    ):
        _, new = ShippingMethod.objects.get_or_create(
            seller=seller,
            name=f"Ambil di {seller.village.name}",
            defaults={"kind": ShippingMethod.Kind.PICKUP_VILLAGE},
        )
        created += new
        _, new = ShippingMethod.objects.get_or_create(
            seller=seller,
            name="Kurir (JNE/POS)",
            defaults={"kind": ShippingMethod.Kind.COURIER, **COURIER},
        )
        created += new
        outlet = outlets.get(seller.village.district.regency_id)
        if outlet is not None:
            _, new = ShippingMethod.objects.get_or_create(
                seller=seller,
                name=f"Ambil di {outlet.name}",
                defaults={
                    "kind": ShippingMethod.Kind.PICKUP_OUTLET,
                    "outlet": outlet,
                    "pickup_fee": 5_000,
                },
            )
            created += new
    return created
