import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from graphql_relay import from_global_id

from sellers.models import Seller
from shop.graphql.base import BaseMutation, Upload, enum_value, error_type

from .. import asn, services
from ..errors import PromotionErrorCode
from ..models import Campaign
from .types import AppliesToEnum, AsnProfileType, CampaignType, DiscountTypeEnum, FundedByEnum

PromotionError = error_type(
    "PromotionError", PromotionErrorCode, "An error from a promotions mutation."
)


class CampaignScopeInput(graphene.InputObjectType):
    products = graphene.List(graphene.NonNull(graphene.ID), description="Products.")
    categories = graphene.List(
        graphene.NonNull(graphene.ID), description="Categories (their sub-categories included)."
    )
    sellers = graphene.List(graphene.NonNull(graphene.ID), description="Lembaga.")
    regencies = graphene.List(
        graphene.NonNull(graphene.String),
        description="Kabupaten/kota codes of the products' origin, e.g. 53.07.",
    )
    zones = graphene.List(graphene.NonNull(graphene.ID), description="OVOP zones.")


class CampaignFieldsInput(graphene.InputObjectType):
    name = graphene.String(description="Name.")
    starts_at = graphene.DateTime(description="Start.")
    ends_at = graphene.DateTime(description="End (exclusive), after the start.")
    discount_type = DiscountTypeEnum(description="PERCENTAGE (1-100) or FIXED rupiah.")
    value = graphene.Int(description="Percent, or rupiah off.")
    scope = CampaignScopeInput(
        description="What it covers: every dimension given must match; empty = everything."
    )
    budget = graphene.Int(description="Discount budget in rupiah; null = no limit.")
    funded_by = FundedByEnum(description="GOVERNMENT or SELLER (each lembaga opts in).")
    funding_reference = graphene.String(description="APBD year / DPA number / partner name.")
    description = graphene.String(description="Description.")
    agency = graphene.String(description="DISPERINDAG (default), DISPAREKRAF or OTHER.")
    applies_to = AppliesToEnum(description="ITEM (default) or ORDER.")
    min_subtotal = graphene.Int(description="Minimum subtotal for an ORDER benefit.")
    per_customer_limit = graphene.Int(description="Orders per buyer; null = no limit.")
    voucher_only = graphene.Boolean(description="Give the benefit only with a voucher code.")
    slug = graphene.String(description="URL slug (made from the name when left out).")


class CampaignCreateInput(CampaignFieldsInput):
    name = graphene.String(required=True, description="Name.")
    starts_at = graphene.DateTime(required=True, description="Start.")
    ends_at = graphene.DateTime(required=True, description="End (exclusive), after the start.")
    discount_type = DiscountTypeEnum(required=True, description="PERCENTAGE or FIXED.")
    value = graphene.Int(required=True, description="Percent (1-100), or rupiah off.")
    funded_by = FundedByEnum(required=True, description="GOVERNMENT or SELLER.")
    draft = graphene.Boolean(description="Keep it a DRAFT until published.")


def _pks(ids, type_name: str, field: str) -> list[int]:
    pks = []
    for global_id in ids or ():
        try:
            kind, pk = from_global_id(global_id)
        except Exception:
            kind, pk = "", ""
        if kind != type_name or not pk.isdigit():
            raise ValidationError(
                {
                    field: ValidationError(
                        _("ID tidak dikenal: %(id)s."),
                        code=PromotionErrorCode.NOT_FOUND,
                        params={"id": global_id},
                    )
                }
            )
        pks.append(int(pk))
    return pks


def _data(input) -> services.CampaignInput:
    scope = None
    if input.get("scope") is not None:
        s = input.scope
        scope = services.Scope(
            products=_pks(s.get("products"), "Product", "scope"),
            categories=_pks(s.get("categories"), "Category", "scope"),
            sellers=_pks(s.get("sellers"), "Seller", "scope"),
            regencies=[r.strip() for r in s.get("regencies") or ()],
            zones=_pks(s.get("zones"), "Zone", "scope"),
        )
    return services.CampaignInput(
        name=input.get("name"),
        starts_at=input.get("starts_at"),
        ends_at=input.get("ends_at"),
        discount_type=enum_value(input.get("discount_type")),
        value=input.get("value"),
        scope=scope,
        budget=input.get("budget"),
        funded_by=enum_value(input.get("funded_by")),
        description=input.get("description"),
        agency=input.get("agency"),
        applies_to=enum_value(input.get("applies_to")),
        min_subtotal=input.get("min_subtotal"),
        per_customer_limit=input.get("per_customer_limit"),
        voucher_only=input.get("voucher_only"),
        funding_reference=input.get("funding_reference"),
        slug=input.get("slug"),
    )


class CampaignCreate(BaseMutation):
    campaign = graphene.Field(CampaignType, description="The new campaign.")

    class Arguments:
        input = CampaignCreateInput(required=True, description="The campaign.")
        banner = Upload(description="Banner image (JPEG, PNG or WebP).")

    class Meta:
        description = (
            "Create a campaign (campaign staff). One whose period has begun is ACTIVE at once; "
            "draft: true keeps it a DRAFT."
        )
        error_type = PromotionError
        login_required = True

    @classmethod
    def perform(cls, root, info, input, banner=None):
        campaign = services.campaign_create(
            user=info.context.user,
            data=_data(input),
            draft=bool(input.get("draft")),
            banner=banner,
        )
        return cls(campaign=campaign)


class CampaignUpdate(BaseMutation):
    campaign = graphene.Field(CampaignType, description="The changed campaign.")

    class Arguments:
        id = graphene.ID(required=True, description="The campaign.")
        input = CampaignFieldsInput(required=True, description="Fields to change.")
        banner = Upload(description="A new banner image.")

    class Meta:
        description = "Change a campaign that has not ended (campaign staff)."
        error_type = PromotionError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, input, banner=None):
        campaign = cls.get_node_or_error(info, id, model=Campaign)
        campaign = services.campaign_update(
            user=info.context.user,
            campaign=campaign,
            data=_data(input),
            budget_set="budget" in input,
            banner=banner,
        )
        return cls(campaign=campaign)


class CampaignPause(BaseMutation):
    campaign = graphene.Field(CampaignType, description="The campaign.")

    class Arguments:
        id = graphene.ID(required=True, description="The campaign.")
        paused = graphene.Boolean(description="True (default) to pause, false to resume.")

    class Meta:
        description = "Pause or resume a campaign by hand (campaign staff)."
        error_type = PromotionError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, paused=True):
        campaign = cls.get_node_or_error(info, id, model=Campaign)
        campaign = services.campaign_pause(
            user=info.context.user, campaign=campaign, paused=paused is not False
        )
        return cls(campaign=campaign)


class CampaignPublish(BaseMutation):
    campaign = graphene.Field(CampaignType, description="The campaign.")

    class Arguments:
        id = graphene.ID(required=True, description="The campaign.")

    class Meta:
        description = "Publish a DRAFT campaign (campaign staff)."
        error_type = PromotionError
        login_required = True

    @classmethod
    def perform(cls, root, info, id):
        campaign = cls.get_node_or_error(info, id, model=Campaign)
        return cls(campaign=services.campaign_publish(user=info.context.user, campaign=campaign))


class CampaignSellerOptIn(BaseMutation):
    campaign = graphene.Field(CampaignType, description="The campaign.")
    opted_in = graphene.Boolean(description="The lembaga's answer now.")

    class Arguments:
        campaign = graphene.ID(required=True, description="A seller-funded campaign.")
        seller = graphene.ID(required=True, description="Your lembaga.")
        opted_in = graphene.Boolean(required=True, description="True to join, false to leave.")

    class Meta:
        description = "Join or leave a seller-funded campaign for your lembaga (its pengurus)."
        error_type = PromotionError
        login_required = True

    @classmethod
    def perform(cls, root, info, campaign, seller, opted_in):
        found = cls.get_node_or_error(
            info,
            campaign,
            model=Campaign,
            field="campaign",
            qs=Campaign.objects.filter(is_draft=False),
        )
        lembaga = cls.get_node_or_error(info, seller, model=Seller, field="seller")
        answer = services.campaign_seller_opt_in(
            user=info.context.user, campaign=found, seller=lembaga, opted_in=opted_in
        )
        return cls(campaign=found, opted_in=answer.opted_in)


class VouchersGenerate(BaseMutation):
    codes = graphene.List(graphene.NonNull(graphene.String), description="The new codes.")

    class Arguments:
        campaign = graphene.ID(required=True, description="A voucher-only campaign.")
        count = graphene.Int(required=True, description="How many codes (1-5000).")
        usage_limit = graphene.Int(description="Checkouts per code; null = no limit.")
        per_customer_limit = graphene.Int(description="Checkouts per buyer; null = no limit.")
        first_order_only = graphene.Boolean(description="Only for a buyer's first order.")
        valid_until = graphene.DateTime(description="Last moment (default: campaign end).")

    class Meta:
        description = "Generate unique, unguessable voucher codes (campaign staff)."
        error_type = PromotionError
        login_required = True

    @classmethod
    def perform(cls, root, info, campaign, count, **options):
        found = cls.get_node_or_error(info, campaign, model=Campaign, field="campaign")
        vouchers = services.vouchers_generate(
            user=info.context.user,
            campaign=found,
            count=count,
            usage_limit=options.get("usage_limit"),
            per_customer_limit=options.get("per_customer_limit"),
            first_order_only=bool(options.get("first_order_only")),
            valid_until=options.get("valid_until"),
        )
        return cls(codes=[v.code for v in vouchers])


class AsnProfileSet(BaseMutation):
    asn_profile = graphene.Field(AsnProfileType, description="The record as kept.")

    class Arguments:
        nip = graphene.String(required=True, description="NIP: 18 digits (spaces allowed).")
        agency = graphene.String(required=True, description="Agency (instansi).")
        consent = graphene.Boolean(
            required=True, description="Explicit consent to keep them; must be true."
        )

    class Meta:
        description = "Record or replace one's own NIP and agency (ASN participation)."
        error_type = PromotionError
        login_required = True

    @classmethod
    def perform(cls, root, info, nip, agency, consent):
        participant = asn.asn_profile_set(
            user=info.context.user, nip=nip, agency=agency, consent=consent
        )
        return cls(asn_profile=participant)


class AsnProfileDelete(BaseMutation):
    deleted = graphene.Boolean(required=True, description="Whether there was one to delete.")

    class Meta:
        description = "Delete one's own NIP record for good."
        error_type = PromotionError
        login_required = True

    @classmethod
    def perform(cls, root, info):
        return cls(deleted=asn.asn_profile_delete(user=info.context.user))


class PromotionMutations(graphene.ObjectType):
    campaign_create = CampaignCreate.Field()
    campaign_update = CampaignUpdate.Field()
    campaign_pause = CampaignPause.Field()
    campaign_publish = CampaignPublish.Field()
    campaign_seller_opt_in = CampaignSellerOptIn.Field()
    vouchers_generate = VouchersGenerate.Field()
    asn_profile_set = AsnProfileSet.Field()
    asn_profile_delete = AsnProfileDelete.Field()
