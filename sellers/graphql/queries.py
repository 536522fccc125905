import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from sellers import selectors

from .types import DistrictType, RegencyType, VillageType


def _not_found(message: str, field: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "NOT_FOUND", "field": field})


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
