"""The static measure of a query, number by number, and every limit's error text.

``measure``/``limit_errors`` called on parsed documents (no request): each figure the
walk produces is pinned, so a change to how a connection, a fragment or a page size is
counted fails here. The HTTP-level boundaries are in test_graphql_request_limits.py.
"""

import math

import pytest
from django.utils import translation
from graphql import get_introspection_query, get_operation_ast, graphql_sync, parse

from shop.graphql.limits import (
    INTROSPECTION_MAX_DEPTH,
    limit_errors,
    measure,
    nesting_exceeds,
)
from shop.graphql.schema import schema

SCHEMA = schema.graphql_schema


@pytest.fixture(autouse=True)
def _indonesian():
    """The texts are checked in Bahasa Indonesia whatever an earlier test activated."""
    with translation.override("id"):
        yield


def _measure(query: str, variables: dict | None = None):
    document = parse(query)
    return measure(SCHEMA, document, get_operation_ast(document), variables)


def _errors(query: str, variables: dict | None = None) -> list[tuple[str, str]]:
    document = parse(query)
    return [
        (e.extensions["code"], e.message)
        for e in limit_errors(SCHEMA, document, get_operation_ast(document), variables)
    ]


# --- the figures of one walk ------------------------------------------------------------


def test_a_plain_query_measures_depth_aliases_and_cost():
    m = _measure("{ a: regencies { code } b: regencies { x: code name } }")
    assert (m.depth, m.aliases, m.cost, m.mutations) == (2, 3, 2, 0)
    assert m.selection_sets == 3
    assert (m.page_errors, m.negative_pages, m.both_pages) == ([], [], [])


def test_a_connection_without_a_page_size_costs_the_largest_page(settings):
    assert _measure("{ sellers { edges { node { id } } } }").cost == 1 + 100 * (1 + 1)
    settings.GRAPHQL_PAGE_SIZE_MAX = 7
    assert _measure("{ sellers { edges { node { id } } } }").cost == 1 + 7 * (1 + 1)
    # A list that is not a connection is one row.
    assert _measure("{ regencies { code } }").cost == 1


@pytest.mark.parametrize(("page", "rows"), [(0, 1), (1, 1), (2, 2), (100, 100)])
def test_a_page_size_is_the_rows_it_may_return_and_never_less_than_one(page, rows):
    m = _measure(f"{{ sellers(first: {page}) {{ edges {{ node {{ id }} }} }} }}")
    assert m.cost == 1 + rows * 2
    m = _measure(f"{{ sellers(last: {page}) {{ edges {{ node {{ id }} }} }} }}")
    assert m.cost == 1 + rows * 2


def test_first_and_last_together_are_costed_at_the_larger_and_refused():
    m = _measure("{ sellers(first: 3, last: 5) { edges { node { id } } } }")
    assert (m.both_pages, m.cost) == (["sellers"], 1 + 5 * 2)
    m = _measure("{ sellers(first: 5, last: 3) { edges { node { id } } } }")
    assert m.cost == 1 + 5 * 2
    assert _errors("{ sellers(first: 3, last: 5) { totalCount } }") == [
        ("INVALID", "Sebutkan first atau last untuk sellers, jangan keduanya.")
    ]
    assert _measure("{ sellers(first: 3) { totalCount } }").both_pages == []


def test_page_sizes_come_from_variables_and_their_defaults():
    query = "query($n: Int = 4) { sellers(first: $n) { edges { node { id } } } }"
    assert _measure(query).cost == 1 + 4 * 2
    assert _measure(query, {"n": 9}).cost == 1 + 9 * 2
    assert _measure(query, {"n": 101}).page_errors == ["sellers"]
    no_default = "query($n: Int) { sellers(first: $n) { edges { node { id } } } }"
    assert _measure(no_default).cost == 1 + 100 * 2
    # A boolean or a string is not a page size (execution refuses it by type).
    assert _measure("query($n: Int) { sellers(first: $n) { totalCount } }", {"n": True}).cost == 1


def test_negative_and_too_large_pages_are_each_named():
    m = _measure("{ a: sellers(first: -1) { totalCount } b: orders(last: 101) { totalCount } }")
    assert (m.negative_pages, m.page_errors) == (["sellers"], ["orders"])
    assert _measure("{ sellers(first: 100) { totalCount } }").page_errors == []
    assert _measure("{ sellers(first: 0) { totalCount } }").negative_pages == []
    assert _errors("{ sellers(first: -1) { totalCount } }") == [
        ("INVALID", "Ukuran halaman untuk sellers tidak boleh negatif.")
    ]
    assert _errors("{ sellers(first: 101) { totalCount } }") == [
        ("PAGE_SIZE_TOO_LARGE", "Ukuran halaman untuk sellers melebihi batas 100 baris.")
    ]


NAMED = """{ products(first: 10) { edges { node { ...P } } } }
fragment P on Product { s: seller { name } category { n: name } }"""
INLINE = """{ products(first: 10) { edges { node { ... on Product { s: seller { name } }
  ... { category { n: name } } } } } }"""


@pytest.mark.parametrize("query", [NAMED, INLINE])
def test_fragments_add_their_cost_aliases_and_depth(query):
    m = _measure(query)
    assert (m.cost, m.aliases, m.depth) == (1 + 10 * (1 + 1 + 1 + 1), 2, 5)


def test_a_connection_inside_a_typed_inline_fragment_costs_its_largest_page():
    query = '{ node(id: "x") { ... on Seller { products { edges { node { id } } } } } }'
    assert _measure(query).cost == 1 + 1 + 100 * (1 + 1)


def test_a_connection_nested_under_a_field_costs_its_largest_page():
    query = "{ products(first: 1) { edges { node { seller { products { edges { node { id } } } } } } } }"
    assert _measure(query).cost == 1 + 1 * (1 + (1 + (1 + (1 + 100 * (1 + 1)))))


def test_an_unknown_field_is_measured_not_crashed_on():
    """Validation names it afterwards; the measure must not fail first."""
    m = _measure("{ regencies { nope { deeper { x } } } }")
    assert (m.depth, m.cost) == (4, 1 + 1 + 1)


def test_a_fragment_spread_twice_counts_twice_an_unknown_one_nothing():
    query = """{ a: regencies { ...Missing ...R ...R } }
      fragment R on Regency { x: code }"""
    m = _measure(query)
    assert (m.aliases, m.cost) == (3, 1)
    query = """{ districts(regency: "53.07") { ...D ...D } }
      fragment D on District { regency { code } }"""
    assert _measure(query).cost == 1 + 1 + 1


def test_different_fragments_at_one_depth_are_measured_each():
    query = """{ regencies { ...A ...B } }
      fragment A on Regency { x: code } fragment B on Regency { y: code z: name }"""
    assert _measure(query).aliases == 3


def test_a_spread_inside_an_inline_fragment_is_measured():
    query = "{ regencies { ... on Regency { ...R } } } fragment R on Regency { x: code }"
    assert _measure(query).aliases == 1


def test_an_inline_fragment_inside_introspection_stays_introspection():
    rows = _rows()
    query = "{ __schema { ... on __Schema { types { fields { name } } } } }"
    assert (_measure(query).cost, _measure(query).depth) == (2 + rows["types"], 1)


def test_a_fragment_spreading_itself_is_walked_once():
    query = """{ villages(district: "53.07.01") { ...V } }
      fragment V on Village { district { name } ...V }"""
    assert (_measure(query).cost, _measure(query).depth) == (2, 3)


def test_mutations_are_counted_only_at_the_top():
    m = 'tokenRefresh(refreshToken: "x") { token }'
    assert _measure(f"mutation {{ a: {m} b: {m} }}").mutations == 2
    assert _measure("{ regencies { code } }").mutations == 0
    assert _errors(f"mutation {{ a: {m} b: {m} c: {m} d: {m} e: {m} f: {m} }}") == [
        ("TOO_MANY_MUTATIONS", "Terlalu banyak mutasi dalam satu permintaan (6): batasnya 5.")
    ]
    assert _errors(f"mutation {{ a: {m} b: {m} c: {m} d: {m} e: {m} }}") == []


def _rows() -> dict[str, int]:
    """The rows each introspection list is costed at, read back from the measured cost."""
    types = _measure("{ __schema { types { fields { name } } } }").cost - 2
    directives = _measure("{ __schema { directives { args { name } } } }").cost - 2

    def per_type(inner: str) -> int:
        cost = _measure(f"{{ __schema {{ types {{ {inner} }} }} }}").cost
        return (cost - 2) // types - 1

    return {
        "types": types,
        "directives": directives,
        "fields": per_type("fields { type { name } }"),
        "inputFields": per_type("inputFields { type { name } }"),
        "interfaces": per_type("interfaces { fields { name } }"),
        "possibleTypes": per_type("possibleTypes { fields { name } }"),
        "args": (_measure("{ __schema { directives { args { type { name } } } } }").cost - 2)
        // directives
        - 1,
    }


def test_introspection_rows_are_what_a_full_introspection_returns_on_average():
    rows = _rows()
    data = graphql_sync(SCHEMA, get_introspection_query()).data["__schema"]
    types = data["types"]

    def average(key):
        return max(1, math.ceil(sum(len(t[key] or []) for t in types) / len(types)))

    assert rows["types"] == len(types)
    assert rows["directives"] == len(data["directives"])
    for key in ("fields", "inputFields", "interfaces", "possibleTypes"):
        assert rows[key] == average(key), key
    fields = [f for t in types for f in (t["fields"] or []) + (t["inputFields"] or [])]
    assert rows["args"] == max(
        1, math.ceil(sum(len(f.get("args", [])) for f in fields) / len(fields))
    )


def test_introspection_lists_cost_their_average_rows():
    rows = _rows()
    # __schema and types cost 1 each; a list's rows multiply what each row selects.
    assert _measure("{ __schema { types { name } } }").cost == 2
    assert _measure("{ __schema { types { fields { type { name } } } } }").cost == 2 + rows[
        "types"
    ] * (1 + rows["fields"])
    assert _measure('{ __type(name: "Query") { name } }').cost == 1
    # A single object inside introspection (queryType) is one row.
    assert _measure("{ __schema { queryType { fields { name } } } }").cost == 3
    # ``ofType`` chains cost nothing of their own.
    assert _measure("{ __schema { queryType { ofType { ofType { name } } } } }").cost == 1 + 1


def test_introspection_has_its_own_depth_limit_exactly(settings):
    settings.GRAPHQL_MAX_DEPTH = 3
    assert INTROSPECTION_MAX_DEPTH == 15
    at = "{ __schema { queryType { " + "ofType { " * 12 + "name" + " }" * 12 + " } } }"
    assert _errors(at) == []
    assert _measure(at).depth == 1  # the ordinary depth does not count inside __schema
    past = "{ __schema { queryType { " + "ofType { " * 13 + "name" + " }" * 13 + " } } }"
    assert [code for code, _ in _errors(past)] == ["QUERY_TOO_DEEP"]


# --- the errors and their texts, at the boundary and one past --------------------------


def test_depth_at_the_limit_runs_one_past_is_refused_with_the_limit_named(settings):
    settings.GRAPHQL_MAX_DEPTH = 4
    at = '{ villages(district: "53.07.01") { district { regency { name } } } }'
    past = '{ villages(district: "53.07.01") { district { regency { x: name } } } }'
    assert _measure(at).depth == 4
    assert _errors(at) == []
    settings.GRAPHQL_MAX_DEPTH = 3
    m = _measure(past)
    assert (m.depth, m.aliases, m.cost) == (4, 0, 0)  # the walk stops: depth is limit + 1
    assert _errors(past) == [("QUERY_TOO_DEEP", "Kueri terlalu dalam: batas kedalaman adalah 3.")]


def test_a_too_deep_query_is_not_also_called_too_costly(settings):
    settings.GRAPHQL_MAX_DEPTH = 3
    settings.GRAPHQL_MAX_COST = 0
    query = '{ villages(district: "53.07.01") { district { regency { name } } } }'
    assert [code for code, _ in _errors(query)] == ["QUERY_TOO_DEEP"]
    settings.GRAPHQL_MAX_DEPTH = 4
    assert [code for code, _ in _errors(query)] == ["QUERY_TOO_COSTLY"]


def test_aliases_at_the_limit_run_one_past_are_refused(settings):
    settings.GRAPHQL_MAX_ALIASES = 2
    assert _errors("{ a: regencies { code } b: regencies { code } }") == []
    assert _errors("{ a: regencies { code } b: regencies { c: code } }") == [
        ("TOO_MANY_ALIASES", "Terlalu banyak alias (3): batasnya 2.")
    ]


def test_cost_at_the_limit_runs_one_past_is_refused(settings):
    query = "{ sellers(first: 4) { edges { node { id } } } }"  # 1 + 4 * 2
    settings.GRAPHQL_MAX_COST = 9
    assert _errors(query) == []
    settings.GRAPHQL_MAX_COST = 8
    assert _errors(query) == [
        ("QUERY_TOO_COSTLY", "Kueri terlalu mahal (biaya 9): batas biaya adalah 8.")
    ]


def test_every_broken_limit_is_reported_in_order(settings):
    settings.GRAPHQL_MAX_ALIASES = 0
    settings.GRAPHQL_MAX_COST = 1
    query = "{ a: sellers(first: -1, last: 101) { edges { node { id } } } }"
    assert [code for code, _ in _errors(query)] == [
        "TOO_MANY_ALIASES",
        "INVALID",
        "INVALID",
        "PAGE_SIZE_TOO_LARGE",
        "QUERY_TOO_COSTLY",
    ]


# --- bracket nesting in the raw text ---------------------------------------------------


def test_nesting_exactly_at_the_limit_passes_one_deeper_fails():
    assert nesting_exceeds("[[{}]]", 3) is False
    assert nesting_exceeds("[[{}]]", 2) is True
    # Siblings do not add up: depth is what is open at once.
    assert nesting_exceeds("[][][][]", 1) is False
    assert nesting_exceeds("[{}][{}]", 2) is False
    # A closing bracket closes one level: what opens after it nests from there.
    assert nesting_exceeds("[[][[]]]", 2) is True


def test_brackets_in_strings_escapes_and_comments_do_not_count():
    assert nesting_exceeds('["[[[[", "\\"[[[["]', 1) is False
    assert nesting_exceeds('["\\\\", [[]]]', 2) is True  # an escaped backslash ends the escape
    assert nesting_exceeds("{ a # ((((\n }", 1, graphql=True) is False
    assert nesting_exceeds("{ a # x\n { { } } }", 2, graphql=True) is True
    assert nesting_exceeds("{ a # x\r { { } } }", 2, graphql=True) is True


def test_parentheses_count_only_in_graphql_and_hash_is_plain_in_json():
    assert nesting_exceeds("{ a(b: (c)) }", 2, graphql=True) is True
    assert nesting_exceeds('{"a": "(((("}', 1) is False
    assert nesting_exceeds("[# [[\n]", 1) is True
    assert nesting_exceeds("[1, ((2))]", 1) is False
    # Only brackets open and close levels; letters are plain text.
    assert nesting_exceeds("{ X { a } }", 2, graphql=True) is False
    assert nesting_exceeds("{ X { { a } } }", 2, graphql=True) is True
    assert nesting_exceeds("[X, [1]]", 2) is False
    assert nesting_exceeds("[X, [[1]]]", 2) is True
    # A comment runs to the end of its line, whatever it holds.
    assert nesting_exceeds("{ a # X {{{\n }", 1, graphql=True) is False
