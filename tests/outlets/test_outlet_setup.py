import pytest
from django.contrib.auth.models import Group

from catalog.models import StockLocation
from orders.outlets.models import OutletAssortment
from shop.permissions import Perm
from shop.roles import Role
from tests.graphql import gid_of as gid

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: StockLocationCreateInput!) {
  stockLocationCreate(input: $input) { location { id name kind channel openingHours regency { code } } errors { field code } }
}
"""
ASSORT = """
mutation($location: ID!, $skus: [String!]!, $terms: OutletTerms!) {
  outletAssortmentAdd(location: $location, skus: $skus, terms: $terms) { location { id } errors { field code message } }
}
"""


def test_manage_stock_locations_belongs_to_disperindag_not_dinas_pmd():
    pmd = Group.objects.get(name=Role.PROGRAMME_OFFICER)
    disperindag = Group.objects.get(name=Role.OUTLET_OFFICER)
    assert not pmd.permissions.filter(codename=Perm.MANAGE_STOCK_LOCATIONS).exists()
    assert disperindag.permissions.filter(codename=Perm.MANAGE_STOCK_LOCATIONS).exists()


def test_disperindag_opens_an_outlet_and_lists_it(gql, disperindag):
    gql.login(disperindag)
    data = gql(
        CREATE,
        {
            "input": {
                "name": "Night Market Kupang",
                "kind": "NTT_MART",
                "regencyCode": "53.71",
                "address": "Jl. Garuda",
                "channel": "NIGHT_MARKET",
                "openingHours": "18.00-23.00 WITA",
            }
        },
    )
    payload = data["data"]["stockLocationCreate"]
    assert payload["errors"] == []
    assert payload["location"]["channel"] == "NIGHT_MARKET"
    assert payload["location"]["regency"] == {"code": "53.71"}
    listed = gql("{ stockLocations(filter: {kind: NTT_MART}) { name kind } }")["data"][
        "stockLocations"
    ]
    assert listed == [{"name": "Night Market Kupang", "kind": "NTT_MART"}]
    assert StockLocation.objects.get().sells_online is False


def test_outlet_create_refuses_bad_input_and_other_roles(gql, disperindag, make_user):
    gql.login(disperindag)
    bad = gql(CREATE, {"input": {"name": " ", "kind": "NTT_MART", "regencyCode": "53.71"}})
    assert bad["data"]["stockLocationCreate"]["errors"] == [{"field": "name", "code": "REQUIRED"}]
    bad = gql(CREATE, {"input": {"name": "X", "kind": "SELLER", "regencyCode": "53.71"}})
    assert bad["data"]["stockLocationCreate"]["errors"] == [
        {"field": "kind", "code": "NOT_AN_OUTLET"}
    ]
    bad = gql(CREATE, {"input": {"name": "X", "kind": "NTT_MART", "regencyCode": "99.99"}})
    assert bad["data"]["stockLocationCreate"]["errors"] == [
        {"field": "regencyCode", "code": "NOT_FOUND"}
    ]
    gql.login(make_user(Role.PROGRAMME_OFFICER))
    denied = gql(CREATE, {"input": {"name": "X", "kind": "NTT_MART", "regencyCode": "53.71"}})
    assert denied["data"]["stockLocationCreate"]["errors"] == [
        {"field": None, "code": "PERMISSION_DENIED"}
    ]


def test_assortment_add_and_change_terms(gql, disperindag, outlet, make_product):
    variant = make_product().variants.get()
    gql.login(disperindag)
    loc = gid("StockLocation", outlet.pk)
    assert (
        gql(ASSORT, {"location": loc, "skus": [variant.sku], "terms": "CONSIGNMENT"})["data"][
            "outletAssortmentAdd"
        ]["errors"]
        == []
    )
    assert (
        gql(ASSORT, {"location": loc, "skus": [variant.sku], "terms": "OUTRIGHT"})["data"][
            "outletAssortmentAdd"
        ]["errors"]
        == []
    )
    row = OutletAssortment.objects.get()
    assert (row.terms, row.margin_percent) == ("OUTRIGHT", 20)
    bad = gql(ASSORT, {"location": loc, "skus": ["NOPE"], "terms": "OUTRIGHT"})["data"][
        "outletAssortmentAdd"
    ]
    assert bad["errors"] == [
        {"field": "skus", "code": "UNKNOWN_SKU", "message": "SKU tidak dikenal: NOPE."}
    ]
