"""Seller mutations: thin wrappers that find the object, then call a service."""

import graphene

from sellers import selectors, services
from sellers.errors import SellerErrorCode
from sellers.models import Seller
from shop.graphql.base import BaseMutation, Upload, enum_value, error_type, global_id_to_pk

from .types import (
    SellerDocumentKind,
    SellerDocumentType,
    SellerKind,
    SellerMemberRole,
    SellerMemberType,
    SellerType,
    ZoneType,
)

SellerError = error_type("SellerError", SellerErrorCode, "An error from a seller mutation.")

SellerReviewDecision = graphene.Enum(
    "SellerReviewDecision",
    [("APPROVE", "APPROVE"), ("REJECT", "REJECT"), ("SUSPEND", "SUSPEND")],
    description="APPROVE: SUBMITTED or SUSPENDED -> ACTIVE; REJECT: SUBMITTED -> REJECTED; "
    "SUSPEND: ACTIVE -> SUSPENDED.",
)


class SellerMutation(BaseMutation):
    """A mutation on one lembaga: finds it among those the user may see (no existence leak)."""

    class Meta:
        abstract = True

    @classmethod
    def get_seller(cls, info, global_id: str, field: str = "id") -> Seller:
        return cls.get_node_or_error(
            info,
            global_id,
            model=Seller,
            field=field,
            qs=selectors.sellers_visible_to(user=info.context.user),
        )


def _zone_pk(global_id):
    if not global_id:
        return None
    pk = global_id_to_pk(global_id, "Zone", field="zone")
    return int(pk) if pk.isdigit() else -1


class SellerRegisterInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="Legal name of the lembaga.")
    kind = SellerKind(required=True, description="Kind of lembaga.")
    village_code = graphene.String(required=True, description="Village code, e.g. 53.07.01.2001.")
    nib = graphene.String(required=True, description="NIB, 13 digits, unique.")
    phone = graphene.String(required=True, description="Indonesian phone number, any common form.")
    email = graphene.String(required=True, description="Contact e-mail.")
    description = graphene.String(description="Short description.")
    zone = graphene.ID(description="OVOP zone in the village's kabupaten.")
    npwp = graphene.String(description="NPWP, 15 or 16 digits.")
    address = graphene.String(description="Street address.")
    story = graphene.String(description="The village's story for the storefront.")
    bank_name = graphene.String(description="Payout bank.")
    bank_account_number = graphene.String(description="Payout account number.")
    bank_account_holder = graphene.String(description="Payout account holder's name.")


class SellerUpdateInput(graphene.InputObjectType):
    name = graphene.String(description="Legal name (DRAFT/REJECTED only).")
    kind = SellerKind(description="Kind of lembaga (DRAFT/REJECTED only).")
    village_code = graphene.String(description="Village code (DRAFT/REJECTED only).")
    zone = graphene.ID(description="OVOP zone (DRAFT/REJECTED only).")
    nib = graphene.String(description="NIB (DRAFT/REJECTED only).")
    npwp = graphene.String(description="NPWP (DRAFT/REJECTED only).")
    phone = graphene.String(description="Phone.")
    email = graphene.String(description="Contact e-mail.")
    address = graphene.String(description="Street address.")
    description = graphene.String(description="Short description.")
    story = graphene.String(description="The village's story.")
    bank_name = graphene.String(description="Payout bank.")
    bank_account_number = graphene.String(description="Payout account number.")
    bank_account_holder = graphene.String(description="Payout account holder's name.")
    logo = Upload(description="Logo, JPEG or PNG (checked by content), at most the upload limit.")


def _input_data(input) -> dict:
    data = {k: enum_value(v) for k, v in dict(input).items()}
    if "zone" in data:
        data["zone"] = _zone_pk(data["zone"])
    return data


class SellerRegister(BaseMutation):
    seller = graphene.Field(SellerType, description="The new lembaga, in DRAFT.")

    class Arguments:
        input = SellerRegisterInput(required=True)

    class Meta:
        description = "Register a lembaga ekonomi; the signed-in user becomes its first pengurus."
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        data = _input_data(input)
        seller = services.seller_register(user=info.context.user, **data)
        return cls(seller=seller)


class SellerUpdate(SellerMutation):
    seller = graphene.Field(SellerType, description="The changed lembaga.")

    class Arguments:
        id = graphene.ID(required=True, description="The seller.")
        input = SellerUpdateInput(required=True)

    class Meta:
        description = (
            "Change a lembaga's data (pengurus or pendamping). A REJECTED seller goes "
            "back to DRAFT; after approval only contact, story, logo and bank account change."
        )
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, input):
        seller = cls.get_seller(info, id)
        seller = services.seller_update(
            user=info.context.user, seller=seller, data=_input_data(input)
        )
        return cls(seller=seller)


class SellerDocumentUpload(SellerMutation):
    document = graphene.Field(SellerDocumentType, description="The stored document.")
    seller = graphene.Field(SellerType, description="Its lembaga.")

    class Arguments:
        seller = graphene.ID(required=True, description="The seller.")
        kind = SellerDocumentKind(required=True, description="AD_ART, SK, AKTA or OTHER.")
        file = Upload(required=True, description="PDF, JPEG or PNG (checked by content).")

    class Meta:
        description = "Upload a founding document (multipart GraphQL request)."
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, seller, kind, file):
        obj = cls.get_seller(info, seller, field="seller")
        document = services.seller_document_upload(
            user=info.context.user, seller=obj, kind=enum_value(kind), file=file
        )
        return cls(document=document, seller=obj)


class SellerSubmit(SellerMutation):
    seller = graphene.Field(SellerType, description="The submitted lembaga.")

    class Arguments:
        id = graphene.ID(required=True, description="The seller.")

    class Meta:
        description = "Submit a complete DRAFT for review."
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, id):
        seller = services.seller_submit(user=info.context.user, seller=cls.get_seller(info, id))
        return cls(seller=seller)


class LocationChecklistInput(graphene.InputObjectType):
    follows_programme = graphene.Boolean(description="a) takes part in the OVOP programme.")
    has_local_potential = graphene.Boolean(description="b) has local product potential.")
    has_raw_material = graphene.Boolean(description="c) has raw material / local wisdom.")
    has_existing_product = graphene.Boolean(description="d) a lembaga already makes products.")
    is_committed = graphene.Boolean(description="e) committed and able.")
    will_cooperate = graphene.Boolean(description="f) will cooperate (kepala desa/camat).")
    has_min_infrastructure = graphene.Boolean(description="g) minimum infrastructure.")
    umkm_community_group = graphene.Boolean(
        description="UMKM only: a kelompok usaha formed by the community (Ps. 1 angka 11); "
        "must be true to APPROVE an UMKM."
    )
    notes = graphene.String(description="Reviewer's notes.")


class SellerReview(SellerMutation):
    seller = graphene.Field(SellerType, description="The reviewed lembaga.")

    class Arguments:
        id = graphene.ID(required=True, description="The seller.")
        decision = SellerReviewDecision(required=True, description="The decision.")
        note = graphene.String(
            description="Reason shown to the seller; required to reject/suspend."
        )
        checklist = LocationChecklistInput(
            description="Pergub II.4 a-g items; all must be true to APPROVE."
        )

    class Meta:
        description = (
            "Approve, reject or suspend a lembaga (programme staff; a kabupaten "
            "officer for their kabupaten only). APPROVE on a SUSPENDED seller reactivates it."
        )
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, decision, note=None, checklist=None):
        seller = services.seller_review(
            user=info.context.user,
            seller=cls.get_seller(info, id),
            decision=enum_value(decision),
            note=note or "",
            checklist=dict(checklist or {}),
        )
        return cls(seller=seller)


class SellerMemberInvite(SellerMutation):
    email = graphene.String(description="Who was invited.")

    class Arguments:
        seller = graphene.ID(required=True, description="The seller.")
        email = graphene.String(required=True, description="E-mail to invite.")
        role = SellerMemberRole(required=True, description="PENGURUS or STAFF.")

    class Meta:
        description = "Invite a person by e-mail to join the lembaga (pengurus or pendamping)."
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, seller, email, role):
        invitation = services.seller_member_invite(
            user=info.context.user,
            seller=cls.get_seller(info, seller, field="seller"),
            email=email,
            role=enum_value(role),
        )
        return cls(email=invitation.email)


class SellerInvitationAccept(BaseMutation):
    member = graphene.Field(SellerMemberType, description="The new membership.")
    seller = graphene.Field(SellerType, description="The lembaga joined.")

    class Arguments:
        token = graphene.String(required=True, description="The token from the invitation e-mail.")

    class Meta:
        description = "Accept an invitation addressed to the signed-in user's e-mail."
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, token):
        member = services.seller_invitation_accept(user=info.context.user, token=token)
        return cls(member=member, seller=member.seller)


class SellerPendampingAssign(SellerMutation):
    seller = graphene.Field(SellerType, description="The lembaga.")

    class Arguments:
        seller = graphene.ID(required=True, description="The seller.")
        email = graphene.String(
            required=True, description="E-mail of a user with the pendamping role."
        )

    class Meta:
        description = "Assign a pendamping (facilitator) to act for a lembaga (its reviewers)."
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, seller, email):
        obj = cls.get_seller(info, seller, field="seller")
        services.seller_pendamping_assign(user=info.context.user, seller=obj, email=email)
        return cls(seller=obj)


class ZoneCreateInput(graphene.InputObjectType):
    regency_code = graphene.String(required=True, description="Regency code, e.g. 53.07.")
    name = graphene.String(required=True, description="Name of the kawasan/klaster/zona.")
    commodity = graphene.String(required=True, description="Commodity focus.")
    description = graphene.String(description="Description.")
    production_village_codes = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Production villages."
    )
    buffer_village_codes = graphene.List(
        graphene.NonNull(graphene.String), description="Buffer villages (desa penyangga)."
    )


class ZoneCreate(BaseMutation):
    zone = graphene.Field(ZoneType, description="The new zone.")

    class Arguments:
        input = ZoneCreateInput(required=True)

    class Meta:
        description = "Define an OVOP zone (programme staff; kabupaten officer in their kabupaten)."
        error_type = SellerError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        zone = services.zone_create(
            user=info.context.user,
            regency_code=input.regency_code,
            name=input.name,
            commodity=input.commodity,
            description=input.get("description") or "",
            production_village_codes=list(input.production_village_codes),
            buffer_village_codes=list(input.get("buffer_village_codes") or []),
        )
        return cls(zone=zone)


class SellerMutations(graphene.ObjectType):
    seller_register = SellerRegister.Field()
    seller_update = SellerUpdate.Field()
    seller_document_upload = SellerDocumentUpload.Field()
    seller_submit = SellerSubmit.Field()
    seller_review = SellerReview.Field()
    seller_member_invite = SellerMemberInvite.Field()
    seller_invitation_accept = SellerInvitationAccept.Field()
    seller_pendamping_assign = SellerPendampingAssign.Field()
    zone_create = ZoneCreate.Field()
