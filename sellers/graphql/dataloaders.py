"""Batch loaders for sellers and regions, so lists of sellers, products or orders
load each seller, village, kecamatan, kabupaten and zone of a page in one query."""

from sellers.models import (
    District,
    LocationChecklist,
    Regency,
    Seller,
    SellerDocument,
    SellerEvent,
    SellerMember,
    Village,
    Zone,
)
from shop.graphql.dataloaders import ByPkLoader, DataLoader, ListLoader, group_by


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


class SellerDocumentsBySellerIdLoader(ListLoader):
    """Founding documents, by kind then newest first (private: the type asks first)."""

    key_sources = ((Seller, "pk"),)

    def batch_load(self, keys):
        rows = SellerDocument.objects.filter(seller_id__in=keys).order_by("kind", "-uploaded_at")
        return group_by(rows, "seller_id")


class SellerMembersBySellerIdLoader(ListLoader):
    key_sources = ((Seller, "pk"),)

    def batch_load(self, keys):
        rows = SellerMember.objects.filter(seller_id__in=keys).select_related("user")
        return group_by(rows.order_by("created_at", "pk"), "seller_id")


class SellerEventsBySellerIdLoader(ListLoader):
    key_sources = ((Seller, "pk"),)

    def batch_load(self, keys):
        rows = SellerEvent.objects.filter(seller_id__in=keys).select_related("actor")
        return group_by(rows.order_by("created_at", "pk"), "seller_id")


class ChecklistBySellerIdLoader(DataLoader):
    key_sources = ((Seller, "pk"),)

    def batch_load(self, keys):
        return {c.seller_id: c for c in LocationChecklist.objects.filter(seller_id__in=keys)}
