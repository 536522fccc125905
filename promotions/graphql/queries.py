import graphene
from graphene_django import DjangoConnectionField

from shop.graphql.base import enum_value

from ..asn import asn_profile_get
from ..selectors import campaign_get, campaign_list
from .types import AsnProfileType, CampaignStatusEnum, CampaignType


class CampaignFilterInput(graphene.InputObjectType):
    status = CampaignStatusEnum(description="Only campaigns with this derived status.")


class PromotionQueries(graphene.ObjectType):
    campaigns = DjangoConnectionField(
        CampaignType,
        filter=CampaignFilterInput(description="Filters."),
        description="Campaigns, newest start first. Drafts only for campaign staff.",
    )
    campaign = graphene.Field(
        CampaignType,
        slug=graphene.String(required=True, description="URL slug."),
        description="One campaign by slug (a draft only for campaign staff).",
    )

    asn_profile = graphene.Field(
        AsnProfileType,
        description="The signed-in buyer's own ASN record (NIP and agency); null when none.",
    )

    @staticmethod
    def resolve_asn_profile(root, info):
        return asn_profile_get(user=info.context.user)

    @staticmethod
    def resolve_campaigns(root, info, filter=None, **kwargs):
        status = enum_value((filter or {}).get("status"))
        return campaign_list(user=info.context.user, status=status)

    @staticmethod
    def resolve_campaign(root, info, slug):
        return campaign_get(user=info.context.user, slug=slug)
