import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from sellers.models import District, Regency, Seller, Village, Zone

VillageKind = graphene.Enum.from_enum(
    Village.Kind, name="VillageKind", description="Desa or kelurahan."
)


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


SellerKind = graphene.Enum.from_enum(
    Seller.Kind, name="SellerKind", description="Kind of lembaga ekonomi."
)
SellerStatus = graphene.Enum.from_enum(
    Seller.Status, name="SellerStatus", description="Onboarding status of a seller."
)


class ZoneType(DjangoObjectType):
    name = graphene.String(required=True, description="Name of the kawasan/klaster/zona.")
    commodity = graphene.String(required=True, description="Commodity focus.")
    regency = graphene.Field(RegencyType, required=True, description="Its kabupaten/kota.")

    class Meta:
        model = Zone
        name = "Zone"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug", "commodity", "regency")
        description = "An OVOP zone (kawasan/klaster/zona) inside a kabupaten."


class SellerType(DjangoObjectType):
    name = graphene.String(required=True, description="Legal name of the lembaga.")
    slug = graphene.String(required=True, description="URL slug of its public page.")
    kind = graphene.Field(SellerKind, required=True, description="Kind of lembaga.")
    status = graphene.Field(SellerStatus, required=True, description="Onboarding status.")
    village = graphene.Field(VillageType, required=True, description="Its desa/kelurahan.")
    zone = graphene.Field(ZoneType, description="Its OVOP zone, if any.")

    class Meta:
        model = Seller
        name = "Seller"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug", "kind", "status", "village", "zone")
        description = "A lembaga ekonomi selling on the marketplace."
