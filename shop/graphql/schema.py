"""The root schema: the high part of ``shop``, which may import every app."""

import graphene
from graphene import relay

from catalog.graphql.schema import CatalogMutations, CatalogQueries
from orders.graphql.schema import OrderMutations, OrderQueries
from promotions.graphql.schema import PromotionMutations, PromotionQueries
from sellers.graphql.schema import RegionQueries, SellerMutations, SellerQueries

from .account import AccountMutations, AccountQueries


class Query(
    AccountQueries,
    RegionQueries,
    SellerQueries,
    CatalogQueries,
    PromotionQueries,
    OrderQueries,
    graphene.ObjectType,
):
    node = relay.Node.Field(description="Fetch any object by its global ID.")


class Mutation(
    AccountMutations,
    SellerMutations,
    CatalogMutations,
    PromotionMutations,
    OrderMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
