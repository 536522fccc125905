"""Malformed requests answer a 4xx or a coded error, never a 500 nor Python's or
PostgreSQL's own words (issue #10 item 10), and one formatter codes every error."""

import io
import json
import logging

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from graphql_relay import to_global_id
from PIL import Image

from catalog.models import Category, Product, ProductMedia, ProductVariant
from sellers.models import Seller, SellerMember
from shop.roles import Role
from shop.tokens import token_issue

pytestmark = pytest.mark.django_db

FORBIDDEN = (
    "Traceback",
    "NoneType",
    "object has no attribute",
    "not supported between",
    "unsupported operand",
    "Negative indexing",
    "PostgreSQL",
    "0x00",
    "duplicate key",
    "violates",
    "Header values",
    "Expecting value",
    "JSONDecodeError",
    "KeyError",
    "AssertionError",
    "Unable to parse global ID",
    "Relay Node",
    "non-negative integer",
    "Exception message",
    "psycopg",
    "'str'",
    "Must provide query string",
    "Variables are invalid JSON",
)
CLIENT_CODES = {
    "INVALID",
    "NOT_FOUND",
    "REQUEST_TOO_LARGE",
    "REQUEST_TOO_DEEP",
    "QUERY_TOO_DEEP",
    "PAGE_SIZE_TOO_LARGE",
}


@pytest.fixture
def ctx(make_user):
    """A draft lembaga with its pengurus, and a published product with a thumbnail."""
    seller = Seller.objects.create(
        name="BUMDes Uji",
        slug="bumdes-uji",
        kind=Seller.Kind.BUMDES,
        status=Seller.Status.ACTIVE,
        village_id="53.07.01.2001",
        nib="9120000099999",
        phone="+6281234567890",
        email="uji@contoh.id",
    )
    user = make_user(Role.SELLER_MEMBER, email="pengurus-uji@contoh.id")
    user.groups.add(Group.objects.get(name=Role.SELLER_MEMBER))
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.PENGURUS)
    product = Product.objects.create(
        seller=seller,
        category=Category.objects.get(slug="camilan-dan-kue"),
        name="Jagung titi",
        slug="jagung-titi-uji",
        origin_village_id=seller.village_id,
        is_published=True,
    )
    ProductVariant.objects.create(product=product, sku="SKU-UJI", name="250 g", price=25_000)
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 80, 40)).save(buffer, "JPEG")
    media = ProductMedia.objects.create(
        product=product,
        image=SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg"),
        thumbnails={"200": "products/t-200.webp", "400": "products/t-400.webp"},
    )
    return {
        "seller": to_global_id("Seller", seller.pk),
        "product": to_global_id("Product", product.pk),
        "media": media,
        "token": token_issue(user=user, kind="access"),
    }


def _json(client, raw, content_type="application/json", **extra):
    return client.post("/graphql/", data=raw, content_type=content_type, **extra)


def _gql(query: str, variables: dict | None = None, *, auth: bool = False):
    def send(client, ctx):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {ctx['token']}"} if auth else {}
        body = {"query": query % ctx if "%(" in query else query, "variables": variables or {}}
        body["variables"] = {
            k: (v % ctx if isinstance(v, str) else v) for k, v in body["variables"].items()
        }
        return _json(client, json.dumps(body), **extra)

    return send


def _raw(raw, content_type="application/json"):
    return lambda client, ctx: _json(client, raw, content_type)


def _multipart(operations, files_map, files=("0",)):
    def send(client, ctx):
        data = {
            "operations": operations if isinstance(operations, str) else json.dumps(operations),
            "map": files_map if isinstance(files_map, str) else json.dumps(files_map),
        }
        for key in files:
            data[key] = SimpleUploadedFile("logo.png", b"\x89PNG\r\n", content_type="image/png")
        return client.post("/graphql/", data=data, HTTP_AUTHORIZATION=f"Bearer {ctx['token']}")

    return send


UPDATE_LOGO = """mutation($id: ID!, $logo: Upload) { sellerUpdate(id: $id, input: {logo: $logo}) {
  errors { field code message } } }"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
OPS = {"query": UPDATE_LOGO, "variables": {"id": "x", "logo": None}}

CASES = {
    # bodies that are JSON but not a GraphQL request
    "query is a number": _raw('{"query": 1}'),
    "query is true": _raw('{"query": true}'),
    "query is a list": _raw('{"query": ["{ __typename }"]}'),
    "query is an object": _raw('{"query": {"a": 1}}'),
    "body is true": _raw("true"),
    "body is a number": _raw("1"),
    "body is a string": _raw('"{ __typename }"'),
    "body is null": _raw("null"),
    "body is an empty list": _raw("[]"),
    "body is an empty object": _raw("{}"),
    "body is not JSON": _raw("{nope"),
    "body is not UTF-8": _raw(b"\xff\xfe{"),
    "graphql body is not UTF-8": _raw(b"\xff{", "application/graphql"),
    "variables is a list": _raw('{"query": "{ __typename }", "variables": [1]}'),
    "variables is a number": _raw('{"query": "{ __typename }", "variables": 5}'),
    "variables is not JSON text": _raw('{"query": "{ __typename }", "variables": "nope"}'),
    "variables is JSON text of a list": _raw('{"query": "{ __typename }", "variables": "[1]"}'),
    "operationName is a number": _raw('{"query": "{ __typename }", "operationName": 5}'),
    # multipart requests
    "map names a missing variable": _multipart(OPS, {"0": ["variables.missing.deeper"]}),
    "map names a file not sent": _multipart(OPS, {"1": ["variables.logo"]}),
    "map path into a value": _multipart(OPS, {"0": ["variables.id"]}),
    "map path indexes an object": _multipart(OPS, {"0": ["variables.logo.0"]}),
    "operations is not JSON": _multipart("{nope", {"0": ["variables.logo"]}),
    "operations is a list": _multipart([OPS], {"0": ["0.variables.logo"]}),
    "map is not JSON": _multipart(OPS, "{nope"),
    "map is a list": _multipart(OPS, '["variables.logo"]'),
    "map value is a string": _multipart(OPS, {"0": "variables.logo"}),
    # arguments the resolvers used to trust
    "sellers offset and a bad cursor": _gql('{ sellers(offset: 1, after: "x") { totalCount } }'),
    "sellers negative offset": _gql("{ sellers(offset: -1) { totalCount } }"),
    "sellers bad cursor": _gql('{ sellers(after: "x") { totalCount } }'),
    "sellers bad before": _gql('{ sellers(before: "x") { totalCount } }'),
    "sellers first below 0": _gql("{ sellers(first: -1) { totalCount } }"),
    "sellers last below 0": _gql("{ sellers(last: -1) { totalCount } }"),
    "orders first below 0": _gql("{ orders(first: -1) { totalCount } }"),
    "orders last below 0": _gql("{ orders(last: -1) { totalCount } }"),
    "products first below 0": _gql("{ products(first: -1) { totalCount } }"),
    "products first 0": _gql("{ products(first: 0) { totalCount } }"),
    "products bad cursor": _gql('{ products(after: "x") { totalCount } }'),
    "node of junk": _gql('{ node(id: "x") { id } }'),
    "node of empty": _gql('{ node(id: "") { id } }'),
    "node of an unknown type": _gql(NODE, {"id": to_global_id("Nope", 1)}),
    "node of a type without Node": _gql(NODE, {"id": to_global_id("Query", 1)}),
    "node of a non-numeric id": _gql(NODE, {"id": to_global_id("Seller", "a")}),
    "upload variable given a string": _gql(
        UPDATE_LOGO, {"id": "%(seller)s", "logo": "x"}, auth=True
    ),
    "upload literal given a string": _gql(
        'mutation { sellerUpdate(id: "%(seller)s", input: {logo: "x"}) { errors { code } } }',
        auth=True,
    ),
    "upload argument given a string": _gql(
        'mutation { sellerDocumentUpload(seller: "%(seller)s", kind: AD_ART, file: "x") '
        "{ errors { code } } }",
        auth=True,
    ),
    "int given a huge number": _gql("{ sellers(first: 99999999999) { totalCount } }"),
    "unknown field": _gql("{ nope }"),
    "syntax error": _gql("{ sellers( }"),
    "no query": _raw('{"variables": {}}'),
}


def _assert_clean(response) -> dict:
    assert response.status_code < 500, response.content
    text = response.content.decode("utf-8")
    for word in FORBIDDEN:
        assert word not in text, (word, text)
    body = response.json()
    for error in body.get("errors", []):
        assert error["extensions"]["code"] in CLIENT_CODES, error
        assert error.get("extensions", {}).get("field") != "limit"
    return body


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_malformed_request_is_a_4xx_or_a_coded_error(client, ctx, case, language):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    body = _assert_clean(CASES[case](client, ctx))
    payload_errors = [
        e
        for value in (body.get("data") or {}).values()
        if isinstance(value, dict)
        for e in value.get("errors") or []
    ]
    assert body.get("errors") or payload_errors, body


def test_products_first_0_names_first(gql):
    body = gql("{ products(first: 0) { totalCount } }")
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in body["errors"]] == [
        ("INVALID", "first")
    ]


def test_thumbnail_url_of_null_size_is_the_default_thumbnail(gql, ctx):
    query = """query($id: ID!) { node(id: $id) { ... on Product {
      name media { thumbnailUrl(size: null) default: thumbnailUrl } } } }"""
    body = gql(query, {"id": ctx["product"]})
    assert "errors" not in body, body
    media = body["data"]["node"]["media"][0]
    assert media["thumbnailUrl"] == media["default"]
    assert media["thumbnailUrl"].endswith("/products/t-400.webp")


def test_a_well_formed_id_of_a_missing_row_is_null(gql):
    body = gql(NODE, {"id": to_global_id("Seller", 999999)})
    assert body == {"data": {"node": None}}


def test_messages_are_in_the_users_language(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = _json(client, '{"query": 1}').json()
    assert body["errors"][0] == {
        "message": "The query field must be a string.",
        "extensions": {"code": "INVALID"},
    }
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    body = _json(client, '{"query": 1}').json()
    assert body["errors"][0]["message"] == "Field query harus berupa teks."


def test_a_validation_error_keeps_the_spec_detail_in_a_localised_sentence(gql):
    gql.language = "en"
    body = gql("{ nope }")
    assert body["errors"][0]["extensions"] == {"code": "INVALID"}
    assert body["errors"][0]["message"].startswith(
        "Invalid query: Cannot query field 'nope' on type 'Query'."
    )


def test_an_unexpected_exception_is_logged_and_answered_with_the_request_id(caplog):
    """Any exception a resolver lets out becomes INTERNAL_ERROR with the request id;
    its text goes to the log with the traceback, never to the client."""
    from django.utils import translation
    from graphql import GraphQLError

    from shop.graphql.errors import error_format
    from shop.request_id import request_id_var

    try:
        raise ZeroDivisionError("secret internal detail")
    except ZeroDivisionError as exc:
        error = GraphQLError(str(exc), path=["regencies"], original_error=exc)
    token = request_id_var.set("req-12345678")
    try:
        with translation.override("en"), caplog.at_level(logging.ERROR, logger="shop.graphql"):
            body = error_format(error)
    finally:
        request_id_var.reset(token)
    assert body == {
        "message": "Something went wrong on the server. "
        "Quote the code req-12345678 when you contact us.",
        "extensions": {"code": "INTERNAL_ERROR", "requestId": "req-12345678"},
        "path": ["regencies"],
    }
    record = next(r for r in caplog.records if r.name == "shop.graphql")
    assert record.exc_info[0] is ZeroDivisionError
    assert "secret internal detail" in caplog.text


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        ("validation", "INVALID"),
        ("permission", "PERMISSION_DENIED"),
        ("missing", "NOT_FOUND"),
    ],
)
def test_django_exceptions_that_escape_a_resolver_keep_their_meaning(exc, code):
    from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
    from graphql import GraphQLError

    from shop.graphql.errors import error_format

    original = {
        "validation": ValidationError({"name": ValidationError("Nama wajib.", code="invalid")}),
        "permission": PermissionDenied("Tidak boleh."),
        "missing": ObjectDoesNotExist("Seller matching query does not exist."),
    }[exc]
    body = error_format(GraphQLError("x", path=["a"], original_error=original))
    assert body["extensions"]["code"] == code
    assert "matching query" not in body["message"]
