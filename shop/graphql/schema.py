"""The root schema: the high part of ``shop``, which may import every app."""

import graphene
from django.utils.translation import gettext as _
from graphene import relay
from graphql_relay import from_global_id

from catalog.graphql.schema import CatalogMutations, CatalogQueries
from orders.complaints.graphql.schema import ComplaintMutations, ComplaintQueries
from orders.graphql.schema import OrderMutations, OrderQueries
from orders.outlets.graphql.schema import OutletMutations, OutletQueries
from orders.reviews.graphql.schema import ReviewMutations
from promotions.graphql.schema import PromotionMutations, PromotionQueries
from sellers.graphql.schema import RegionQueries, SellerMutations, SellerQueries
from shop.monitoring.graphql.schema import MonitoringMutations, MonitoringQueries

from .account import AccountMutations, AccountQueries
from .base import field_error


class Query(
    AccountQueries,
    RegionQueries,
    SellerQueries,
    CatalogQueries,
    PromotionQueries,
    OrderQueries,
    OutletQueries,
    ComplaintQueries,
    MonitoringQueries,
    graphene.ObjectType,
):
    node = graphene.Field(
        relay.Node,
        id=graphene.ID(required=True, description="The ID of the object"),
        description="Fetch any object by its global ID.",
    )

    @staticmethod
    def resolve_node(root, info, id):
        """The object, or null when it is missing or hidden; an ID that names no type of
        ours with a Node (a malformed one too) is a coded NOT_FOUND, not graphene's text."""
        try:
            type_name, pk = from_global_id(id)
        except Exception:
            type_name, pk = "", ""
        graphql_type = info.schema.get_type(type_name) if type_name else None
        graphene_type = getattr(graphql_type, "graphene_type", None)
        if not pk.isdigit() or relay.Node not in getattr(
            getattr(graphene_type, "_meta", None), "interfaces", ()
        ):
            raise field_error(
                _("ID tidak dikenal: %(id)s.") % {"id": id}, code="NOT_FOUND", field="id"
            )
        return graphene_type.get_node(info, pk)


class Mutation(
    AccountMutations,
    SellerMutations,
    CatalogMutations,
    PromotionMutations,
    OrderMutations,
    OutletMutations,
    ComplaintMutations,
    ReviewMutations,
    MonitoringMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
