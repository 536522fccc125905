import graphene
from django.urls import reverse
from graphene import relay
from graphene_django import DjangoObjectType

from sellers import selectors
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
from shop.access import request_access
from shop.graphql.base import CountableConnection

from .dataloaders import (
    BufferVillagesByZoneIdLoader,
    ChecklistBySellerIdLoader,
    DistrictByCodeLoader,
    ProductionVillagesByZoneIdLoader,
    RegencyByCodeLoader,
    SellerByIdLoader,
    SellerDocumentsBySellerIdLoader,
    SellerEventsBySellerIdLoader,
    SellerMembersBySellerIdLoader,
    VillageByCodeLoader,
    ZoneByIdLoader,
)

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

    @staticmethod
    def resolve_regency(root: District, info):
        return RegencyByCodeLoader(info.context).load(root.regency_id)


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

    @staticmethod
    def resolve_district(root: Village, info):
        return DistrictByCodeLoader(info.context).load(root.district_id)


SellerKind = graphene.Enum.from_enum(
    Seller.Kind, name="SellerKind", description="Kind of lembaga ekonomi."
)
SellerStatus = graphene.Enum.from_enum(
    Seller.Status, name="SellerStatus", description="Onboarding status of a seller."
)


SellerDocumentKind = graphene.Enum.from_enum(
    SellerDocument.Kind, name="SellerDocumentKind", description="Kind of founding document."
)
SellerMemberRole = graphene.Enum.from_enum(
    SellerMember.Role,
    name="SellerMemberRole",
    description="PENGURUS (full rights) or STAFF (listings and orders).",
)


class ZoneType(DjangoObjectType):
    name = graphene.String(required=True, description="Name of the kawasan/klaster/zona.")
    slug = graphene.String(required=True, description="URL slug.")
    commodity = graphene.String(required=True, description="Commodity focus.")
    description = graphene.String(required=True, description="What the zone produces and how.")
    regency = graphene.Field(RegencyType, required=True, description="Its kabupaten/kota.")
    production_villages = graphene.List(
        graphene.NonNull(VillageType), required=True, description="Villages that make the product."
    )
    buffer_villages = graphene.List(
        graphene.NonNull(VillageType),
        required=True,
        description="Buffer villages (desa penyangga) supplying the raw material.",
    )

    class Meta:
        model = Zone
        name = "Zone"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "name",
            "slug",
            "commodity",
            "description",
            "regency",
            "production_villages",
            "buffer_villages",
        )
        description = "An OVOP zone (kawasan/klaster/zona) inside a kabupaten."

    @staticmethod
    def resolve_regency(root: Zone, info):
        return RegencyByCodeLoader(info.context).load(root.regency_id)

    @staticmethod
    def resolve_production_villages(root: Zone, info):
        return ProductionVillagesByZoneIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_buffer_villages(root: Zone, info):
        return BufferVillagesByZoneIdLoader(info.context).load(root.pk)


class SellerDocumentType(DjangoObjectType):
    kind = graphene.Field(SellerDocumentKind, required=True, description="AD_ART, SK, AKTA, OTHER.")
    url = graphene.String(required=True, description="Where to download the file.")
    content_type = graphene.String(
        required=True,
        description="Detected from the content: application/pdf, image/jpeg, image/png.",
    )
    uploaded_at = graphene.DateTime(required=True, description="When it was uploaded.")

    class Meta:
        model = SellerDocument
        name = "SellerDocument"
        interfaces = (relay.Node,)
        fields = ("id", "kind", "content_type", "uploaded_at")
        description = "A founding document of a lembaga (private to its members and reviewers)."

    @classmethod
    def get_queryset(cls, queryset, info):
        return selectors.seller_documents_visible_to(user=info.context.user, qs=queryset)

    @staticmethod
    def resolve_url(root: SellerDocument, info):
        seller = SellerByIdLoader(info.context).load(root.seller_id)
        path = reverse("sellers:document_download", args=[seller.slug, root.pk])
        return info.context.build_absolute_uri(path)


class SellerMemberType(DjangoObjectType):
    email = graphene.String(required=True, description="The member's e-mail.")
    full_name = graphene.String(required=True, description="The member's name.")
    role = graphene.Field(SellerMemberRole, required=True, description="PENGURUS or STAFF.")

    class Meta:
        model = SellerMember
        name = "SellerMember"
        fields = ("role",)
        description = "A user of a lembaga."

    @staticmethod
    def resolve_email(root: SellerMember, info):
        return root.user.email

    @staticmethod
    def resolve_full_name(root: SellerMember, info):
        return root.user.get_full_name()


class SellerEventType(DjangoObjectType):
    actor_name = graphene.String(description="Who acted (null for the system).")
    acting_as_pendamping = graphene.Boolean(
        required=True, description="True when a pendamping acted for the lembaga."
    )
    from_status = graphene.Field(SellerStatus, description="Status before (null at creation).")
    to_status = graphene.Field(SellerStatus, required=True, description="Status after.")
    note = graphene.String(required=True, description="The reason or note given.")
    created_at = graphene.DateTime(required=True, description="When it happened.")

    class Meta:
        model = SellerEvent
        name = "SellerEvent"
        fields = ("acting_as_pendamping", "note", "created_at")
        description = "One row of a lembaga's audit log."

    @staticmethod
    def resolve_actor_name(root: SellerEvent, info):
        if root.actor is None:
            return None
        return root.actor.get_full_name() or root.actor.email

    @staticmethod
    def resolve_from_status(root: SellerEvent, info):
        return root.from_status or None

    @staticmethod
    def resolve_to_status(root: SellerEvent, info):
        return root.to_status


def _checklist_field(label: str) -> graphene.Boolean:
    return graphene.Boolean(description=f"{label} (null: not yet assessed).")


class LocationChecklistType(DjangoObjectType):
    follows_programme = _checklist_field("a) The village takes part in the OVOP programme")
    has_local_potential = _checklist_field("b) It has a local flagship product potential")
    has_raw_material = _checklist_field("c) It has enough raw material or local wisdom")
    has_existing_product = _checklist_field("d) A lembaga ekonomi already makes a product")
    is_committed = _checklist_field("e) It is committed and able to develop the product")
    will_cooperate = _checklist_field("f) It will cooperate (proposed by kepala desa/camat)")
    has_min_infrastructure = _checklist_field("g) It has the minimum infrastructure")
    umkm_community_group = _checklist_field(
        "UMKM only: a kelompok usaha formed by the community (Ps. 1 angka 11)"
    )
    notes = graphene.String(required=True, description="The reviewer's notes.")
    updated_at = graphene.DateTime(required=True, description="Last change.")

    class Meta:
        model = LocationChecklist
        name = "LocationChecklist"
        fields = (*LocationChecklist.ITEMS, "umkm_community_group", "notes", "updated_at")
        description = "The Pergub II.4 a-g location criteria, as the reviewer recorded them."


class BankAccount(graphene.ObjectType):
    bank_name = graphene.String(required=True, description="Bank name.")
    account_number = graphene.String(required=True, description="Account number.")
    holder_name = graphene.String(required=True, description="Account holder's name.")

    class Meta:
        description = "The payout bank account of a lembaga."


def _private(resolver):
    """Answer null unless the viewer is a member, its pendamping or a reviewer."""

    def wrapped(root: Seller, info):
        return (
            resolver(root, info)
            if request_access(info.context).may_see_seller_private(root)
            else None
        )

    return staticmethod(wrapped)


class RatingType(graphene.ObjectType):
    """Resolves from any model with ``rating_count``/``rating_sum`` counters."""

    average = graphene.Float(
        description="Mean rating 1-5 of the visible reviews, one decimal; null without reviews."
    )
    count = graphene.Int(required=True, description="Number of visible reviews.")

    class Meta:
        name = "Rating"
        description = "Buyers' rating (verified purchases only): average and count."

    @staticmethod
    def resolve_average(root, info):
        return root.rating_average

    @staticmethod
    def resolve_count(root, info):
        return root.rating_count


class SellerType(DjangoObjectType):
    name = graphene.String(required=True, description="Legal name of the lembaga.")
    rating = graphene.Field(
        RatingType,
        required=True,
        description="Rating of the lembaga over the reviews of all its products.",
    )
    slug = graphene.String(required=True, description="URL slug of its public page.")
    kind = graphene.Field(SellerKind, required=True, description="Kind of lembaga.")
    kind_label = graphene.String(
        required=True,
        description="The kind as the regulation names it here (a Koperasi Desa Merah Putih in "
        "a kelurahan is a Koperasi Kelurahan Merah Putih).",
    )
    status = graphene.Field(SellerStatus, required=True, description="Onboarding status.")
    village = graphene.Field(VillageType, required=True, description="Its desa/kelurahan.")
    regency = graphene.Field(RegencyType, required=True, description="Its kabupaten/kota.")
    zone = graphene.Field(ZoneType, description="Its OVOP zone, if any.")
    description = graphene.String(required=True, description="Short description.")
    story = graphene.String(required=True, description="The village's story for the storefront.")
    logo_url = graphene.String(description="URL of its logo, if any.")
    can_manage = graphene.Boolean(
        required=True, description="May the viewer change this lembaga (pengurus, pendamping)?"
    )
    # Private: null unless the viewer is a member, its pendamping or a reviewer.
    nib = graphene.String(description="NIB, 13 digits. Private.")
    npwp = graphene.String(description="NPWP, 15 or 16 digits, or empty. Private.")
    phone = graphene.String(description="Phone in +62 form. Private.")
    email = graphene.String(description="Contact e-mail. Private.")
    address = graphene.String(description="Street address. Private.")
    bank_account = graphene.Field(BankAccount, description="Payout bank account. Private.")
    rejection_reason = graphene.String(
        description="Why the review rejected or suspended it (empty otherwise). Private."
    )
    submitted_at = graphene.DateTime(description="When it was last submitted. Private.")
    approved_at = graphene.DateTime(description="When it was first approved.")
    documents = graphene.List(
        graphene.NonNull(SellerDocumentType), description="Founding documents. Private."
    )
    members = graphene.List(graphene.NonNull(SellerMemberType), description="Its users. Private.")
    events = graphene.List(
        graphene.NonNull(SellerEventType), description="Audit log of status changes. Private."
    )
    checklist = graphene.Field(
        LocationChecklistType, description="The reviewer's location checklist. Private."
    )

    class Meta:
        model = Seller
        name = "Seller"
        interfaces = (relay.Node,)
        connection_class = CountableConnection
        fields = (
            "id",
            "name",
            "slug",
            "kind",
            "status",
            "village",
            "zone",
            "description",
            "story",
            "nib",
            "npwp",
            "phone",
            "email",
            "address",
            "rejection_reason",
            "submitted_at",
            "approved_at",
            "documents",
            "members",
            "events",
            "checklist",
        )
        description = "A lembaga ekonomi selling on the marketplace."

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(
            pk__in=selectors.sellers_visible_to(user=info.context.user).values("pk")
        )

    @staticmethod
    def resolve_village(root: Seller, info):
        return VillageByCodeLoader(info.context).load(root.village_id)

    @staticmethod
    def resolve_rating(root: Seller, info):
        return root

    @staticmethod
    def resolve_zone(root: Seller, info):
        return ZoneByIdLoader(info.context).load(root.zone_id) if root.zone_id else None

    @staticmethod
    def resolve_regency(root: Seller, info):
        # Village codes start with their kabupaten's code (53.07.01.2001 is in 53.07).
        return RegencyByCodeLoader(info.context).load(root.regency_code)

    @staticmethod
    def resolve_logo_url(root: Seller, info):
        return root.logo.url if root.logo else None

    @staticmethod
    def resolve_can_manage(root: Seller, info):
        return request_access(info.context).may_manage_seller(root, full_rights=True)

    resolve_nib = _private(lambda root, info: root.nib)
    resolve_npwp = _private(lambda root, info: root.npwp)
    resolve_phone = _private(lambda root, info: root.phone)
    resolve_email = _private(lambda root, info: root.email)
    resolve_address = _private(lambda root, info: root.address)
    resolve_rejection_reason = _private(lambda root, info: root.rejection_reason)
    resolve_submitted_at = _private(lambda root, info: root.submitted_at)
    resolve_bank_account = _private(
        lambda root, info: {
            "bank_name": root.bank_name,
            "account_number": root.bank_account_number,
            "holder_name": root.bank_account_holder,
        }
    )
    resolve_documents = _private(
        lambda root, info: SellerDocumentsBySellerIdLoader(info.context).load(root.pk)
    )
    resolve_members = _private(
        lambda root, info: SellerMembersBySellerIdLoader(info.context).load(root.pk)
    )
    resolve_events = _private(
        lambda root, info: SellerEventsBySellerIdLoader(info.context).load(root.pk)
    )
    resolve_checklist = _private(
        lambda root, info: ChecklistBySellerIdLoader(info.context).load(root.pk)
    )
