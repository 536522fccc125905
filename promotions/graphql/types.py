import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from catalog.graphql.queries import page_window, products_connection
from catalog.graphql.types import ProductCountableConnection
from catalog.search import SearchQuery
from shop.access import request_access
from shop.graphql.base import Money, money

from ..asn import campaign_asn_report
from ..models import (
    AppliesTo,
    AsnParticipant,
    Campaign,
    CampaignStatus,
    DiscountType,
    FundedBy,
    Voucher,
)
from ..offers import campaign_products
from ..selectors import campaign_stats

CampaignStatusEnum = graphene.Enum.from_enum(
    CampaignStatus, description="DRAFT until published; then by period and pause."
)
DiscountTypeEnum = graphene.Enum.from_enum(DiscountType, description="Percentage or rupiah off.")
AppliesToEnum = graphene.Enum.from_enum(
    AppliesTo, description="ITEM: off each item; ORDER: off an order above a minimum subtotal."
)
FundedByEnum = graphene.Enum.from_enum(FundedBy, description="Who pays for the discount.")


class AsnMonthStats(graphene.ObjectType):
    month = graphene.String(required=True, description="The month in WITA, YYYY-MM.")
    zero = graphene.Int(required=True, description="ASN who spent nothing that month.")
    below_target = graphene.Int(required=True, description="ASN who spent below the target.")
    at_target = graphene.Int(
        required=True, description="ASN who spent at least the target, below twice it."
    )
    double_target = graphene.Int(
        required=True, description="ASN who spent at least twice the target."
    )

    class Meta:
        description = "One month of a campaign's ASN buyers by spend band (counts only)."


class CampaignAsnStats(graphene.ObjectType):
    registered = graphene.Int(required=True, description="Buyers with a NIP recorded now.")
    participants = graphene.Int(
        required=True, description="Of them, those who bought with this campaign's discount."
    )
    target = graphene.Field(Money, required=True, description="Monthly spend target.")
    months = graphene.List(
        graphene.NonNull(AsnMonthStats), required=True, description="Campaign months so far."
    )

    class Meta:
        description = "ASN participation in a campaign: counts, never a NIP."


class CampaignStats(graphene.ObjectType):
    orders = graphene.Int(required=True, description="Orders that received the discount.")
    gmv = graphene.Field(
        Money, required=True, description="Value of the discounted goods, before the discount."
    )
    units = graphene.Int(required=True, description="Units sold with the discount.")
    discount_total = graphene.Field(Money, required=True, description="Discount given.")
    government = graphene.Field(
        Money, required=True, description="Part of the discount the province pays the lembaga."
    )
    held = graphene.Field(Money, required=True, description="Budget held by checkouts paying now.")
    new_buyers = graphene.Int(
        required=True, description="Buyers without a discounted order before the campaign."
    )

    asn = graphene.Field(
        CampaignAsnStats, description="ASN participation; null when it is switched off."
    )

    class Meta:
        description = "What a campaign sold and what it cost (refunded orders excluded)."


class CampaignType(DjangoObjectType):
    name = graphene.String(required=True, description="Name.")
    slug = graphene.String(required=True, description="URL slug.")
    description = graphene.String(required=True, description="Description.")
    banner_url = graphene.String(description="Banner image.")
    agency = graphene.String(required=True, description="Owning agency code.")
    starts_at = graphene.DateTime(required=True, description="Start (shown in WITA).")
    ends_at = graphene.DateTime(required=True, description="End, exclusive.")
    status = graphene.Field(CampaignStatusEnum, required=True, description="Derived status.")
    discount_type = graphene.Field(DiscountTypeEnum, required=True, description="Benefit kind.")
    value = graphene.Int(required=True, description="Percent, or rupiah off.")
    applies_to = graphene.Field(AppliesToEnum, required=True, description="Item or order.")
    min_subtotal = graphene.Field(
        Money, required=True, description="Minimum subtotal of an order benefit."
    )
    voucher_only = graphene.Boolean(required=True, description="Needs one of its voucher codes.")
    funded_by = graphene.Field(FundedByEnum, required=True, description="Who funds it.")
    funding_reference = graphene.String(
        required=True, description="APBD year / DPA number / partner."
    )
    budget = graphene.Field(Money, description="Discount budget; null = no limit.")
    budget_spent = graphene.Field(Money, required=True, description="Held and redeemed discounts.")
    budget_left = graphene.Field(Money, description="What is left; null = no limit.")
    per_customer_limit = graphene.Int(description="Orders per buyer; null = no limit.")
    products = graphene.Field(
        ProductCountableConnection,
        required=True,
        first=graphene.Int(description="Page size, at most 100 (default 20)."),
        after=graphene.String(description="Cursor of the last row of the previous page."),
        description="Published products the campaign covers.",
    )
    stats = graphene.Field(
        CampaignStats, description="Its report; null unless you may see campaign reports."
    )

    class Meta:
        model = Campaign
        name = "Campaign"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "name",
            "slug",
            "description",
            "agency",
            "starts_at",
            "ends_at",
            "discount_type",
            "value",
            "applies_to",
            "voucher_only",
            "funded_by",
            "funding_reference",
            "per_customer_limit",
        )
        description = 'A "Beli Produk NTT" campaign.'

    @classmethod
    def get_node(cls, info, id):
        from ..selectors import campaign_get

        return campaign_get(user=info.context.user, pk=id)

    @staticmethod
    def resolve_banner_url(root: Campaign, info):
        return info.context.build_absolute_uri(root.banner.url) if root.banner else None

    @staticmethod
    def resolve_status(root: Campaign, info):
        return root.status

    @staticmethod
    def resolve_min_subtotal(root: Campaign, info):
        return money(root.min_subtotal)

    @staticmethod
    def resolve_budget(root: Campaign, info):
        return money(root.budget)

    @staticmethod
    def resolve_budget_spent(root: Campaign, info):
        return money(root.budget_spent)

    @staticmethod
    def resolve_budget_left(root: Campaign, info):
        return money(root.budget_left)

    @staticmethod
    def resolve_products(root: Campaign, info, first=None, after=None):
        first, offset = page_window(first, after)
        ids = tuple(campaign_products(root).values_list("pk", flat=True))
        return products_connection(
            SearchQuery(
                product_ids=ids,
                sort="NAME",
                offset=offset,
                limit=first,
                with_facets=False,
                with_suggestions=False,
            )
        )

    @staticmethod
    def resolve_stats(root: Campaign, info):
        if not request_access(info.context).may_see_campaign_report():
            return None
        stats = campaign_stats(campaign=root)
        return CampaignStats(
            orders=stats.orders,
            gmv=money(stats.gmv),
            units=stats.units,
            discount_total=money(stats.discount_total),
            government=money(stats.government),
            held=money(stats.held),
            new_buyers=stats.new_buyers,
            asn=_asn_stats(root),
        )


def _asn_stats(campaign: Campaign) -> CampaignAsnStats | None:
    report = campaign_asn_report(campaign=campaign)
    if report is None:
        return None
    return CampaignAsnStats(
        registered=report.registered,
        participants=report.participants,
        target=money(report.target),
        months=[
            AsnMonthStats(
                month=m.month.strftime("%Y-%m"),
                zero=m.zero,
                below_target=m.below_target,
                at_target=m.at_target,
                double_target=m.double_target,
            )
            for m in report.months
        ],
    )


class VoucherType(DjangoObjectType):
    code = graphene.String(required=True, description="The code (case-insensitive).")
    usage_limit = graphene.Int(description="Checkouts in all; null = no limit.")
    per_customer_limit = graphene.Int(description="Checkouts per buyer; null = no limit.")
    uses = graphene.Int(required=True, description="Held and redeemed uses.")
    first_order_only = graphene.Boolean(required=True, description="Only a buyer's first order.")
    valid_until = graphene.DateTime(description="Last moment it may be used.")

    class Meta:
        model = Voucher
        name = "Voucher"
        fields = (
            "code",
            "usage_limit",
            "per_customer_limit",
            "uses",
            "first_order_only",
            "valid_until",
        )
        description = "A voucher code of a voucher-only campaign."


class AsnProfileType(DjangoObjectType):
    nip = graphene.String(
        required=True, description="The NIP: whole for its owner, masked for anyone else."
    )
    nip_masked = graphene.String(
        required=True, description="The NIP masked, e.g. 1985**********1012."
    )
    agency = graphene.String(required=True, description="Agency (instansi).")
    consented_at = graphene.DateTime(required=True, description="When consent was given.")

    class Meta:
        model = AsnParticipant
        name = "AsnProfile"
        fields = ("agency", "consented_at")
        description = "A buyer's own ASN record (NIP and agency), kept with their consent."

    @staticmethod
    def resolve_nip(root: AsnParticipant, info):
        if request_access(info.context).may_see_nip_of(root):
            return root.nip
        return root.nip_masked

    @staticmethod
    def resolve_nip_masked(root: AsnParticipant, info):
        return root.nip_masked
