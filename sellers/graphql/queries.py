import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError
from graphql_relay import from_global_id

from sellers import selectors
from sellers.errors import SellerErrorCode
from shop.graphql.base import PagedDjangoConnectionField, enum_value, field_error

from .types import DistrictType, RegencyType, SellerStatus, SellerType, VillageType, ZoneType


def _not_found(message: str, field: str) -> GraphQLError:
    return field_error(message, code=SellerErrorCode.NOT_FOUND, field=field)


class RegionQueries(graphene.ObjectType):
    regencies = graphene.List(
        graphene.NonNull(RegencyType), required=True, description="The 22 kabupaten/kota of NTT."
    )
    districts = graphene.List(
        graphene.NonNull(DistrictType),
        required=True,
        regency=graphene.String(required=True, description="Regency code, e.g. 53.07."),
        description="The kecamatan of one kabupaten/kota.",
    )
    villages = graphene.List(
        graphene.NonNull(VillageType),
        required=True,
        district=graphene.String(required=True, description="District code, e.g. 53.07.01."),
        description="The desa/kelurahan of one kecamatan.",
    )

    @staticmethod
    def resolve_regencies(root, info):
        return selectors.regency_list()

    @staticmethod
    def resolve_districts(root, info, regency):
        if not selectors.regency_exists(regency):
            raise _not_found(
                _("Kode kabupaten/kota tidak dikenal: %(code)s.") % {"code": regency}, "regency"
            )
        return selectors.district_list(regency_code=regency)

    @staticmethod
    def resolve_villages(root, info, district):
        if not selectors.district_exists(district):
            raise _not_found(
                _("Kode kecamatan tidak dikenal: %(code)s.") % {"code": district}, "district"
            )
        return selectors.village_list(district_code=district)


class SellerFilterInput(graphene.InputObjectType):
    regency = graphene.String(description="Regency code, e.g. 53.07.")
    zone = graphene.ID(description="Zone ID.")
    status = SellerStatus(description="Only this status (public: only ACTIVE is visible).")
    search = graphene.String(description="Words in the name, village, zone or commodity.")


class SellerQueries(graphene.ObjectType):
    seller = graphene.Field(
        SellerType,
        slug=graphene.String(description="Slug of the seller."),
        id=graphene.ID(description="Global ID of the seller."),
        description="One seller by slug or ID. The public sees ACTIVE sellers; members, "
        "pendamping and reviewers also see theirs in any status.",
    )
    sellers = PagedDjangoConnectionField(
        SellerType,
        filter=SellerFilterInput(description="Narrow the list."),
        description="Sellers, by name. The public sees ACTIVE sellers; members see their own "
        "and reviewers those of the kabupaten they review, in any status.",
    )
    zones = graphene.List(
        graphene.NonNull(ZoneType),
        required=True,
        regency=graphene.String(description="Regency code, e.g. 53.07."),
        description="The OVOP zones, optionally of one kabupaten/kota.",
    )
    zone = graphene.Field(
        ZoneType,
        id=graphene.ID(description="Global ID of the zone."),
        slug=graphene.String(description="Slug of the zone."),
        description="One OVOP zone.",
    )

    @staticmethod
    def resolve_seller(root, info, slug=None, id=None):
        pk = None
        if id:
            kind, pk = _decode(id)
            if kind != "Seller":
                return None
        return selectors.seller_get(user=info.context.user, slug=slug, pk=pk)

    @staticmethod
    def resolve_sellers(root, info, filter=None, **kwargs):
        filter = filter or {}
        zone_pk = None
        if filter.get("zone"):
            kind, zone_pk = _decode(filter["zone"])
            if kind != "Zone":
                raise _not_found(_("ID zona tidak dikenal."), "zone")
        return selectors.seller_list(
            user=info.context.user,
            regency=filter.get("regency"),
            zone_id=zone_pk,
            status=enum_value(filter.get("status")),
            search=filter.get("search"),
        )

    @staticmethod
    def resolve_zones(root, info, regency=None):
        return selectors.zone_list(regency=regency)

    @staticmethod
    def resolve_zone(root, info, id=None, slug=None):
        pk = None
        if id:
            kind, pk = _decode(id)
            if kind != "Zone":
                return None
        return selectors.zone_get(pk=pk, slug=slug)


def _decode(global_id: str) -> tuple[str, str | None]:
    try:
        kind, pk = from_global_id(global_id)
    except Exception:
        return "", None
    return kind, (pk if pk.isdigit() else None)
