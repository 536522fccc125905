import pytest

pytestmark = pytest.mark.django_db


def _codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def test_a_query_deeper_than_the_limit_is_refused_before_running(
    gql, settings, django_assert_num_queries
):
    settings.GRAPHQL_MAX_DEPTH = 3
    query = '{ villages(district: "53.07.01") { district { regency { name } } } }'
    with django_assert_num_queries(0):
        body = gql(query)
    assert body.get("data") is None
    assert _codes(body) == ["QUERY_TOO_DEEP"]
    assert "3" in body["errors"][0]["message"]


def test_depth_counts_through_fragments(gql, settings):
    settings.GRAPHQL_MAX_DEPTH = 3
    query = """
      query { villages(district: "53.07.01") { ...V } }
      fragment V on Village { district { regency { name } } }
    """
    assert _codes(gql(query)) == ["QUERY_TOO_DEEP"]


def test_a_query_within_the_limits_runs(gql):
    body = gql('{ villages(district: "53.07.01") { code district { regency { code } } } }')
    assert "errors" not in body
    assert body["data"]["villages"][0]["district"]["regency"]["code"] == "53.07"


def test_too_many_aliases_are_refused(gql, settings):
    settings.GRAPHQL_MAX_ALIASES = 2
    body = gql("{ a: regencies { code } b: regencies { code } c: regencies { code } }")
    assert _codes(body) == ["TOO_MANY_ALIASES"]


def test_cost_limit_names_the_limit_and_runs_nothing(gql, settings, django_assert_num_queries):
    settings.GRAPHQL_MAX_COST = 1
    with django_assert_num_queries(0):
        body = gql("{ a: regencies { code name } b: regencies { code name } }")
    assert _codes(body) == ["QUERY_TOO_COSTLY"]
    assert "batas biaya adalah 1" in body["errors"][0]["message"]


CONTRACT_PRODUCTS = """
query($first: Int) { products(first: $first) { totalCount edges { node {
  id name slug description category { name } seller { id name } originVillage { name }
  isPublished isAvailable
  pricing { priceRange { start { amount currency } stop { amount currency } }
            discounted { amount currency } }
  certificates { type number expiresAt status } media { url thumbnailUrl alt }
  variants { id sku name price { amount currency } quantityAvailable }
} } pageInfo { hasNextPage endCursor } } }
"""


def test_the_contracts_product_list_runs_at_the_largest_page(gql):
    body = gql(CONTRACT_PRODUCTS, {"first": 100})
    assert "errors" not in body, body
    assert body["data"]["products"]["totalCount"] == 0


def test_a_page_size_multiplies_the_cost_of_what_it_nests(gql):
    nested = """{ products(first: 100) { edges { node { seller {
        products(first: 100) { edges { node { name } } } } } } } }"""
    body = gql(nested)
    assert _codes(body) == ["QUERY_TOO_COSTLY"]
    small = nested.replace("first: 100", "first: 5")
    assert "errors" not in gql(small)


def test_too_many_mutations_in_one_request_are_refused(gql, settings):
    settings.GRAPHQL_MAX_MUTATIONS = 2
    m = 'tokenRefresh(refreshToken: "x") { token }'
    body = gql(f"mutation {{ a: {m} b: {m} c: {m} }}")
    assert _codes(body) == ["TOO_MANY_MUTATIONS"]


def test_mutations_hidden_in_fragments_count_too(gql, settings):
    settings.GRAPHQL_MAX_MUTATIONS = 2
    m = 'tokenRefresh(refreshToken: "x") { token }'
    body = gql(f"mutation {{ ...M }} fragment M on Mutation {{ a: {m} b: {m} c: {m} }}")
    assert _codes(body) == ["TOO_MANY_MUTATIONS"]


def test_repeated_nested_fragment_spreads_are_measured_once_each():
    from graphql import get_operation_ast, parse

    from shop.graphql.limits import measure
    from shop.graphql.schema import schema

    spreads = " ".join(["...F0"] * 200)
    fragments = (
        "".join(
            f"fragment F{i} on Village {{ district {{ regency {{ code }} }} "
            f"{' '.join([f'...F{i + 1}'] * 200)} }} "
            for i in range(4)
        )
        + "fragment F4 on Village { code }"
    )
    document = parse(f'{{ villages(district: "53.07.01") {{ {spreads} }} }} {fragments}')
    m = measure(schema.graphql_schema, document, get_operation_ast(document), {})
    # 200**4 spreads written out, yet each fragment is walked once.
    assert m.selection_sets < 30


def test_array_batching_is_refused_with_a_clear_error(gql):
    response = gql.raw([{"query": "{ regencies { code } }"}, {"query": "{ regencies { code } }"}])
    assert response.status_code == 400
    assert "batch" in response.json()["errors"][0]["message"]


def test_invalid_json_is_a_400_not_a_500(client):
    response = client.post("/graphql/", data="{nope", content_type="application/json")
    assert response.status_code == 400


def test_errors_are_translated_to_english(gql, settings):
    settings.GRAPHQL_MAX_ALIASES = 0
    gql.language = "en"
    body = gql("{ a: regencies { code } }")
    assert body["errors"][0]["message"] == "Too many aliases (1): the limit is 0."
