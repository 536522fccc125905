"""The root schema: the high part of ``shop``, which may import every app."""

import graphene
from graphene import relay

from catalog.graphql.schema import CatalogMutations, CatalogQueries
from sellers.graphql.queries import RegionQueries

from .account import AccountMutations, AccountQueries


class Query(AccountQueries, RegionQueries, CatalogQueries, graphene.ObjectType):
    node = relay.Node.Field(description="Fetch any object by its global ID.")


class Mutation(AccountMutations, CatalogMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
