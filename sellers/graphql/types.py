import graphene
from graphene_django import DjangoObjectType

from sellers.models import District, Regency, Village

VillageKind = graphene.Enum.from_enum(Village.Kind, description="Desa or kelurahan.")


class RegencyType(DjangoObjectType):
    code = graphene.String(required=True, description="Kemendagri code, e.g. 53.07.")
    name = graphene.String(required=True, description="Official name, e.g. Kabupaten Sikka.")

    class Meta:
        model = Regency
        name = "Regency"
        fields = ("code", "name")
        description = "A kabupaten or kota of NTT."


class DistrictType(DjangoObjectType):
    code = graphene.String(required=True, description="Kemendagri code, e.g. 53.07.01.")
    name = graphene.String(required=True, description="Name of the kecamatan.")
    regency = graphene.Field(RegencyType, required=True, description="Its kabupaten/kota.")

    class Meta:
        model = District
        name = "District"
        fields = ("code", "name", "regency")
        description = "A kecamatan."


class VillageType(DjangoObjectType):
    code = graphene.String(required=True, description="Kemendagri code, e.g. 53.07.01.2001.")
    name = graphene.String(required=True, description="Name of the desa/kelurahan.")
    kind = graphene.Field(VillageKind, required=True, description="DESA or KELURAHAN.")
    district = graphene.Field(DistrictType, required=True, description="Its kecamatan.")

    class Meta:
        model = Village
        name = "Village"
        fields = ("code", "name", "kind", "district")
        description = "A desa or kelurahan."
