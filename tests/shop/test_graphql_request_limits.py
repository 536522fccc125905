"""Every GraphQL limit exactly at its boundary and one past (issue #10 items 3, 4, 5)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from graphql import get_introspection_query, get_operation_ast, parse

from shop.graphql.limits import measure
from shop.graphql.schema import schema

pytestmark = pytest.mark.django_db


def _codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def _cost(query: str, variables: dict | None = None) -> int:
    document = parse(query)
    return measure(schema.graphql_schema, document, get_operation_ast(document), variables).cost


# --- page sizes, variables' defaults included -------------------------------------------

PAGED = {
    "sellers": "sellers(first: $n) { edges { node { id } } }",
    "orders": "orders(first: $n) { edges { node { id } } }",
    "products": "products(first: $n) { edges { node { id } } }",
}


@pytest.mark.parametrize("field", PAGED)
def test_a_variables_default_page_size_is_limited_like_a_value(gql, field):
    at_limit = gql(f"query($n: Int = 100) {{ {PAGED[field]} }}")
    assert "errors" not in at_limit, at_limit
    past = gql(f"query($n: Int = 101) {{ {PAGED[field]} }}")
    assert _codes(past) == ["PAGE_SIZE_TOO_LARGE"]
    huge = gql(f"query($n: Int = 1000000) {{ {PAGED[field]} }}")
    assert "PAGE_SIZE_TOO_LARGE" in _codes(huge)


@pytest.mark.parametrize("field", PAGED)
def test_a_given_value_beats_the_default(gql, field):
    body = gql(f"query($n: Int = 1000000) {{ {PAGED[field]} }}", {"n": 5})
    assert "errors" not in body, body


@pytest.mark.parametrize("field", ["sellers", "orders"])
def test_page_size_literal_boundary(gql, field):
    assert "errors" not in gql(f"{{ {field}(first: 100) {{ totalCount }} }}")
    assert _codes(gql(f"{{ {field}(first: 101) {{ totalCount }} }}")) == ["PAGE_SIZE_TOO_LARGE"]
    assert "errors" not in gql(f"{{ {field}(last: 100) {{ totalCount }} }}")
    assert _codes(gql(f"{{ {field}(last: 101) {{ totalCount }} }}")) == ["PAGE_SIZE_TOO_LARGE"]


@pytest.mark.parametrize("field", ["sellers", "orders"])
def test_first_and_last_together_are_refused(gql, field):
    body = gql(f"{{ {field}(first: 1, last: 1) {{ totalCount }} }}")
    assert _codes(body) == ["INVALID"]
    assert "first" in body["errors"][0]["message"]
    assert "last" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "query",
    [
        "{ sellers(first: -1) { totalCount } }",
        "{ sellers(last: -1) { totalCount } }",
        "{ orders(first: -1) { totalCount } }",
        "{ orders(last: -1) { totalCount } }",
        "query($n: Int = -1) { orders(first: $n) { totalCount } }",
    ],
)
def test_a_negative_page_size_is_refused_with_a_code(gql, query):
    gql.language = "en"
    body = gql(query)
    assert _codes(body) == ["INVALID"]
    assert body["errors"][0]["message"].endswith("must not be negative.")


def test_a_page_size_of_zero_is_an_empty_page(gql):
    body = gql("{ sellers(first: 0) { totalCount edges { node { id } } } }")
    assert body["data"]["sellers"]["edges"] == []


# --- depth, aliases, mutations, cost: at the limit and one past --------------------------


def test_depth_boundary(gql, settings):
    query = '{ villages(district: "53.07.01") { district { regency { name } } } }'
    settings.GRAPHQL_MAX_DEPTH = 4  # the root, villages, district and regency selections
    assert "errors" not in gql(query)
    settings.GRAPHQL_MAX_DEPTH = 3
    assert _codes(gql(query)) == ["QUERY_TOO_DEEP"]


def test_alias_boundary(gql, settings):
    settings.GRAPHQL_MAX_ALIASES = 2
    assert "errors" not in gql("{ a: regencies { code } b: regencies { code } }")
    body = gql("{ a: regencies { code } b: regencies { code } c: regencies { code } }")
    assert _codes(body) == ["TOO_MANY_ALIASES"]


def test_mutation_count_boundary(gql, settings):
    settings.GRAPHQL_MAX_MUTATIONS = 2
    m = 'tokenRefresh(refreshToken: "x") { token }'
    assert "errors" not in gql(f"mutation {{ a: {m} b: {m} }}")
    assert _codes(gql(f"mutation {{ a: {m} b: {m} c: {m} }}")) == ["TOO_MANY_MUTATIONS"]


def test_cost_boundary(gql, settings):
    query = "{ a: regencies { code name } b: regencies { code name } }"
    settings.GRAPHQL_MAX_COST = _cost(query)
    assert "errors" not in gql(query)
    settings.GRAPHQL_MAX_COST = _cost(query) - 1
    assert _codes(gql(query)) == ["QUERY_TOO_COSTLY"]


WRITTEN_OUT = "{ products(first: 10) { edges { node { seller { name } category { name } } } } }"
NAMED = """{ products(first: 10) { edges { node { ...P } } } }
fragment P on Product { seller { name } category { name } }"""
INLINE = """{ products(first: 10) { edges { node { ... on Product { seller { name } } ...
  on Product { category { name } } } } } }"""


def test_fragments_cost_what_they_select():
    assert _cost(WRITTEN_OUT) == _cost(NAMED) == _cost(INLINE) == 1 + 10 * (1 + 1 + 1 + 1)


@pytest.mark.parametrize("query", [NAMED, INLINE])
def test_cost_boundary_through_fragments(gql, settings, query):
    settings.GRAPHQL_MAX_COST = _cost(query)
    assert "errors" not in gql(query)
    settings.GRAPHQL_MAX_COST = _cost(query) - 1
    assert _codes(gql(query)) == ["QUERY_TOO_COSTLY"]


def test_aliases_count_each_time_a_fragment_is_spread(gql, settings):
    query = """{ a: regencies { ...R } b: regencies { ...R } }
      fragment R on Regency { x: code y: name }"""
    settings.GRAPHQL_MAX_ALIASES = 6
    assert "errors" not in gql(query)
    settings.GRAPHQL_MAX_ALIASES = 5
    assert _codes(gql(query)) == ["TOO_MANY_ALIASES"]


# --- introspection ----------------------------------------------------------------------

INTROSPECTION = get_introspection_query(descriptions=True)


def test_the_standard_introspection_query_runs_within_the_default_limits(gql):
    body = gql(INTROSPECTION)
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_introspection_counts_toward_cost_at_the_boundary(gql, settings):
    settings.GRAPHQL_MAX_COST = _cost(INTROSPECTION)
    assert "errors" not in gql(INTROSPECTION)
    settings.GRAPHQL_MAX_COST = _cost(INTROSPECTION) - 1
    assert _codes(gql(INTROSPECTION)) == ["QUERY_TOO_COSTLY"]


def _aliased_types(n: int) -> str:
    walk = "types { fields { type { fields { type { name } } } } }"
    return "{ __schema { " + " ".join(f"a{i}: {walk}" for i in range(n)) + " } }"


def test_aliases_inside_introspection_count(gql, settings):
    settings.GRAPHQL_MAX_COST = 10**9
    assert "errors" not in gql(_aliased_types(15))
    assert _codes(gql(_aliased_types(16))) == ["TOO_MANY_ALIASES"]


def test_the_amplification_of_the_issue_is_refused_by_cost(gql, django_assert_num_queries):
    """200 aliased type walks answered 12.6 MB; now even the 15 aliases allowed cost too much."""
    with django_assert_num_queries(0):
        body = gql(_aliased_types(15))
    assert _codes(body) == ["QUERY_TOO_COSTLY"]
    assert _codes(gql(_aliased_types(200))) == ["TOO_MANY_ALIASES", "QUERY_TOO_COSTLY"]


def test_introspection_deeper_than_its_own_limit_is_refused(gql):
    nested = "kind " + "ofType { kind " * 13 + "}" * 13  # 15 selection sets deep
    assert "errors" not in gql(f'{{ __type(name: "Query") {{ {nested} }} }}')
    nested = "kind " + "ofType { kind " * 14 + "}" * 14
    assert _codes(gql(f'{{ __type(name: "Query") {{ {nested} }} }}')) == ["QUERY_TOO_DEEP"]


@pytest.mark.parametrize(
    "query",
    ["{ __schema { types { name } } }", '{ __type(name: "Query") { name } }', INTROSPECTION],
)
def test_introspection_can_be_switched_off(gql, settings, query):
    settings.GRAPHQL_INTROSPECTION = False
    gql.language = "en"
    body = gql(query)
    assert "INTROSPECTION_DISABLED" in _codes(body)
    assert "data" not in body
    assert "schema.graphql" in body["errors"][0]["message"]


def test_typename_stays_when_introspection_is_off(gql, settings):
    settings.GRAPHQL_INTROSPECTION = False
    assert gql("{ __typename }") == {"data": {"__typename": "Query"}}


def test_introspection_is_on_here_and_off_by_default_in_production():
    assert django_settings.GRAPHQL_INTROSPECTION is True
    from tests.shop.test_settings import GOOD_ENV

    env = {k: v for k, v in os.environ.items() if k != "GRAPHQL_INTROSPECTION"}
    code = "from django.conf import settings; print(settings.GRAPHQL_INTROSPECTION)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=django_settings.BASE_DIR,
        env={**env, **GOOD_ENV, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr


# --- the raw request: size and nesting before parsing -----------------------------------


def _post(client, raw: bytes | str):
    return client.post("/graphql/", data=raw, content_type="application/json")


def _body_of_size(size: int) -> str:
    skeleton = json.dumps({"query": "{ __typename }", "variables": {"pad": ""}})
    body = json.dumps(
        {"query": "{ __typename }", "variables": {"pad": "x" * (size - len(skeleton))}}
    )
    assert len(body) == size
    return body


def test_body_size_boundary(client, settings):
    settings.GRAPHQL_MAX_BODY_BYTES = 2000
    at_limit = _post(client, _body_of_size(2000))
    assert at_limit.status_code == 200
    assert at_limit.json() == {"data": {"__typename": "Query"}}
    past = _post(client, _body_of_size(2001))
    assert past.status_code == 400
    assert _codes(past.json()) == ["REQUEST_TOO_LARGE"]


def test_the_default_body_limit_refuses_a_large_body_unread(client):
    response = _post(client, _body_of_size(django_settings.GRAPHQL_MAX_BODY_BYTES + 1))
    assert response.status_code == 400
    assert _codes(response.json()) == ["REQUEST_TOO_LARGE"]


def _nested_variables(levels: int) -> str:
    """A body whose brackets nest ``levels`` deep (the body and variables objects count)."""
    inner = "[" * (levels - 2) + "]" * (levels - 2)
    return '{"query": "{ __typename }", "variables": {"a": ' + inner + "}}"


def test_json_nesting_boundary(client, settings):
    limit = settings.GRAPHQL_MAX_NESTING
    at_limit = _post(client, _nested_variables(limit))
    assert at_limit.status_code == 200, at_limit.content
    past = _post(client, _nested_variables(limit + 1))
    assert past.status_code == 400
    assert _codes(past.json()) == ["REQUEST_TOO_DEEP"]


def test_brackets_inside_strings_do_not_count(client, settings):
    body = json.dumps({"query": "{ __typename }", "variables": {"a": "[" * 1000}})
    assert _post(client, body).status_code == 200


@pytest.mark.parametrize("levels", [50_000, 30_000])
def test_the_100_kb_nested_body_of_the_issue_is_a_coded_400(client, levels):
    body = '{"query": "{ __typename }", "variables": {"a": ' + "[" * levels + "]" * levels + "}}"
    response = _post(client, body)
    assert response.status_code == 400
    assert _codes(response.json()) in (["REQUEST_TOO_DEEP"], ["REQUEST_TOO_LARGE"])


def test_nested_variables_in_a_get_request_are_refused_too(client):
    variables = "[" * 5000 + "]" * 5000
    response = client.get("/graphql/", {"query": "{ __typename }", "variables": variables})
    assert response.status_code == 400
    assert _codes(response.json()) == ["REQUEST_TOO_DEEP"]


def test_query_text_nesting_boundary(gql, settings):
    limit = settings.GRAPHQL_MAX_NESTING
    at_limit = gql("{" * limit + "}" * limit)
    assert _codes(at_limit) == ["INVALID"]  # a syntax error, found by the parser
    past = gql("{" * (limit + 1) + "}" * (limit + 1))
    assert _codes(past) == ["QUERY_TOO_DEEP"]


def test_a_deeply_nested_query_text_never_reaches_the_parser(gql):
    body = gql("{ a" + "(b: [" * 10_000 + "]" * 10_000 + ") }")
    assert _codes(body) == ["QUERY_TOO_DEEP"]
