"""The one global-ID helper of the tests: ``gid(obj)`` names a row by its GraphQL type,
``gid_of("Product", pk)`` spells one by hand (e.g. a missing or wrong-typed ID)."""

import json

from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from graphene_django.registry import get_global_registry
from graphql_relay import to_global_id

import shop.graphql.schema  # noqa: F401  (registers every type with its model)

# Types whose IDs name another type (a lembaga's shipping method is a ShippingMethod).
ID_TYPE = {"SellerShippingMethod": "ShippingMethod"}


def gid_of(type_name: str, pk) -> str:
    """The relay global ID of ``type_name`` and ``pk``."""
    return to_global_id(type_name, pk)


def gid(obj: models.Model) -> str:
    """The global ID of a row, under the GraphQL type registered for its model."""
    graphql_type = get_global_registry().get_type_for_model(type(obj))
    if graphql_type is None:
        raise LookupError(f"No GraphQL type for {type(obj).__name__}")
    name = graphql_type._meta.name
    return to_global_id(ID_TYPE.get(name, name), obj.pk)


def queries_and_data(gql, query: str, variables: dict | None = None) -> tuple[int, dict]:
    """Run ``query`` through ``gql`` and answer (SQL queries it cost, its data); the
    query-count tests compare the first at 1 row and at 50."""
    with CaptureQueriesContext(connection) as ctx:
        answer = gql(query, variables)
    assert "errors" not in answer, answer
    return len(ctx.captured_queries), answer["data"]


def gql_upload(client, token: str, query: str, variables: dict, files: dict, language="id"):
    """A GraphQL multipart request (the graphql-multipart-request spec)."""
    file_map = {str(i): [f"variables.{name}"] for i, name in enumerate(files)}
    data = {
        "operations": json.dumps({"query": query, "variables": variables}),
        "map": json.dumps(file_map),
    }
    for i, f in enumerate(files.values()):
        data[str(i)] = f
    response = client.post(
        "/graphql/",
        data=data,
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200, response.content
    return response.json()
