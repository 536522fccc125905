"""Batch loaders for sellers and regions, so lists of sellers, products or orders
load each seller, village, kecamatan, kabupaten and zone of a page in one query."""

from sellers.models import District, Regency, Seller, Village, Zone
from shop.graphql.dataloaders import ByPkLoader, ListLoader


class SellerByIdLoader(ByPkLoader):
    model = Seller


class VillageByCodeLoader(ByPkLoader):
    model = Village


class DistrictByCodeLoader(ByPkLoader):
    model = District


class RegencyByCodeLoader(ByPkLoader):
    model = Regency
    key_sources = ((Seller, "regency_code"),)


class ZoneByIdLoader(ByPkLoader):
    model = Zone


def villages_by_owner(context, rows, owner: str) -> dict:
    """Villages of a many-to-many table's ``rows`` grouped by the ``owner`` column, in
    one query joined to the villages (which then prime ``VillageByCodeLoader``)."""
    loader = VillageByCodeLoader(context)
    grouped: dict = {}
    for row in rows.select_related("village"):
        loader.prime(row.village_id, row.village)
        grouped.setdefault(getattr(row, owner), []).append(loader.load(row.village_id))
    return grouped


class ZoneVillagesLoader(ListLoader):
    """Villages of a zone's many-to-many field (``relation``), by code."""

    key_sources = ((Zone, "pk"),)
    relation: str

    def batch_load(self, keys):
        through = getattr(Zone, self.relation).through
        rows = through.objects.filter(zone_id__in=keys).order_by("village_id")
        return villages_by_owner(self.context, rows, "zone_id")


class ProductionVillagesByZoneIdLoader(ZoneVillagesLoader):
    relation = "production_villages"


class BufferVillagesByZoneIdLoader(ZoneVillagesLoader):
    relation = "buffer_villages"
