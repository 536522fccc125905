import pytest

from sellers.models import SellerMember
from shop.roles import Role
from tests.graphql import gid_of
from tests.regions import FATUMNASI

pytestmark = pytest.mark.django_db

SELLER = """
query($slug: String, $id: ID) {
  seller(slug: $slug, id: $id) {
    id name slug kind status story
    village { code name district { name regency { code name } } }
    zone { id name }
    nib npwp phone email address bankAccount { accountNumber } rejectionReason
    documents { kind } members { email role } events { fromStatus toStatus actorName }
    checklist { followsProgramme }
  }
}
"""

SELLERS = """
query($filter: SellerFilterInput, $first: Int, $after: String) {
  sellers(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name status } }
  }
}
"""

PRIVATE = (
    "nib",
    "npwp",
    "phone",
    "email",
    "address",
    "bankAccount",
    "rejectionReason",
    "documents",
    "members",
    "events",
    "checklist",
)


@pytest.fixture
def world(make_user, make_seller, pengurus, officer, zone_sikka, zone_tts):
    active = make_seller(
        user=pengurus, zone=zone_sikka, status="ACTIVE", reviewer=officer, name="Tenun Lepo Nita"
    )
    draft = make_seller(user=pengurus, zone=zone_sikka, name="Tenun Nitakloang")
    other = make_user(email="tts@desa.id")
    tts = make_seller(
        user=other,
        village=FATUMNASI,
        zone=zone_tts,
        status="SUBMITTED",
        name="BUMDes Fatumnasi Mandiri",
    )
    return {"active": active, "draft": draft, "tts": tts, "tts_user": other}


def test_seller_public_query_shows_an_active_seller_without_private_data(gql, world):
    active = world["active"]
    data = gql(SELLER, {"slug": active.slug})["data"]["seller"]
    assert data["status"] == "ACTIVE"
    assert data["village"] == {
        "code": "53.07.04.2001",
        "name": "Nita",
        "district": {"name": "Nita", "regency": {"code": "53.07", "name": "Kabupaten Sikka"}},
    }
    assert data["zone"]["name"] == "Klaster Tenun Ikat Nita"
    assert {field: data[field] for field in PRIVATE} == dict.fromkeys(PRIVATE)


def test_seller_query_hides_non_active_sellers_from_the_public(gql, world, make_user):
    for key in ("draft", "tts"):
        assert gql(SELLER, {"slug": world[key].slug})["data"]["seller"] is None
        assert gql(SELLER, {"id": gid_of("Seller", world[key].pk)})["data"]["seller"] is None
    gql.login(make_user(Role.CONSUMER))
    assert gql(SELLER, {"slug": world["draft"].slug})["data"]["seller"] is None


def test_seller_query_shows_a_member_their_own_draft_with_private_data(gql, world, pengurus):
    gql.login(pengurus)
    data = gql(SELLER, {"id": gid_of("Seller", world["draft"].pk)})["data"]["seller"]
    assert data["status"] == "DRAFT"
    assert data["nib"] == world["draft"].nib
    assert data["members"] == [{"email": "pengurus@lepo.id", "role": "PENGURUS"}]
    assert data["events"] == [{"fromStatus": None, "toStatus": "DRAFT", "actorName": "Yohanes"}]


def test_seller_query_gives_a_member_of_another_lembaga_nothing_private(gql, world):
    gql.login(world["tts_user"])
    assert gql(SELLER, {"slug": world["draft"].slug})["data"]["seller"] is None
    data = gql(SELLER, {"slug": world["active"].slug})["data"]["seller"]
    assert {field: data[field] for field in PRIVATE} == dict.fromkeys(PRIVATE)


def test_seller_query_through_node_respects_visibility(gql, world):
    query = "query($id: ID!) { node(id: $id) { ... on Seller { name } } }"
    assert gql(query, {"id": gid_of("Seller", world["draft"].pk)})["data"]["node"] is None
    assert gql(query, {"id": gid_of("Seller", world["active"].pk)})["data"]["node"] == {
        "name": "Tenun Lepo Nita"
    }


def test_seller_documents_are_not_reachable_through_node_by_strangers(
    gql, world, make_user, officer
):
    document = world["active"].documents.first()
    query = "query($id: ID!) { node(id: $id) { ... on SellerDocument { kind } } }"
    variables = {"id": gid_of("SellerDocument", document.pk)}
    assert gql(query, variables)["data"]["node"] is None
    gql.login(make_user(email="asing@desa.id"))
    assert gql(query, variables)["data"]["node"] is None
    gql.login(officer)
    assert gql(query, variables)["data"]["node"] == {"kind": document.kind}


def test_sellers_lists_only_active_sellers_to_the_public(gql, world):
    data = gql(SELLERS, {"first": 10})["data"]["sellers"]
    assert data["totalCount"] == 1
    assert [e["node"]["name"] for e in data["edges"]] == ["Tenun Lepo Nita"]
    data = gql(SELLERS, {"filter": {"status": "DRAFT"}})["data"]["sellers"]
    assert data["totalCount"] == 0


def test_sellers_lists_a_members_own_sellers_in_any_status(gql, world, pengurus):
    gql.login(pengurus)
    data = gql(SELLERS, {"first": 10})["data"]["sellers"]
    assert [e["node"]["name"] for e in data["edges"]] == ["Tenun Lepo Nita", "Tenun Nitakloang"]


def test_sellers_lists_the_reviewers_scope(gql, world, officer, sikka_officer):
    gql.login(officer)
    data = gql(SELLERS, {"filter": {"status": "SUBMITTED"}})["data"]["sellers"]
    assert [e["node"]["name"] for e in data["edges"]] == ["BUMDes Fatumnasi Mandiri"]
    gql.login(sikka_officer)
    data = gql(SELLERS, {"first": 10})["data"]["sellers"]
    assert [e["node"]["name"] for e in data["edges"]] == ["Tenun Lepo Nita", "Tenun Nitakloang"]


def test_sellers_filters_by_regency_zone_and_search(gql, world, officer, zone_tts):
    gql.login(officer)

    def names(filter):
        data = gql(SELLERS, {"filter": filter})["data"]["sellers"]
        return [e["node"]["name"] for e in data["edges"]]

    assert names({"regency": "53.02"}) == ["BUMDes Fatumnasi Mandiri"]
    assert names({"zone": gid_of("Zone", zone_tts.pk)}) == ["BUMDes Fatumnasi Mandiri"]
    assert names({"search": "nitakloang"}) == ["Tenun Nitakloang"]
    assert names({"search": "madu"}) == ["BUMDes Fatumnasi Mandiri"]  # the zone's commodity


def test_sellers_pages_with_cursors(gql, world, officer):
    gql.login(officer)
    first = gql(SELLERS, {"first": 2})["data"]["sellers"]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True
    rest = gql(SELLERS, {"first": 2, "after": first["pageInfo"]["endCursor"]})["data"]["sellers"]
    assert [e["node"]["name"] for e in rest["edges"]] == ["Tenun Nitakloang"]


def test_me_lists_the_users_sellers(gql, world, pengurus, make_user):
    staff = make_user(email="staf@desa.id")
    SellerMember.objects.create(seller=world["active"], user=staff, role="STAFF")
    gql.login(staff)
    data = gql("{ me { sellers { id name status } } }")["data"]["me"]
    assert data["sellers"] == [
        {"id": gid_of("Seller", world["active"].pk), "name": "Tenun Lepo Nita", "status": "ACTIVE"}
    ]
    gql.login(pengurus)
    names = [s["name"] for s in gql("{ me { sellers { name } } }")["data"]["me"]["sellers"]]
    assert names == ["Tenun Lepo Nita", "Tenun Nitakloang"]


def test_zones_query_lists_the_zones_of_a_kabupaten(gql, zone_sikka, zone_tts):
    data = gql(
        """{ zones(regency: "53.07") { name commodity regency { code }
             productionVillages { code } bufferVillages { name } } }"""
    )["data"]["zones"]
    assert data == [
        {
            "name": "Klaster Tenun Ikat Nita",
            "commodity": "Tenun ikat",
            "regency": {"code": "53.07"},
            "productionVillages": [{"code": "53.07.04.2001"}, {"code": "53.07.04.2005"}],
            "bufferVillages": [{"name": "Takaplager"}],
        }
    ]
    assert len(gql("{ zones { id } }")["data"]["zones"]) == 2


def test_sellers_list_costs_the_same_queries_for_one_row_or_many(
    gql, officer, make_seller, make_user, zone_sikka
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = """{ sellers(first: 50) { totalCount edges { node {
        name nib canManage regency { name } village { name district { name } } zone { name }
    } } } }"""
    make_seller(user=make_user(), zone=zone_sikka)
    gql.login(officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            data = gql(query)["data"]["sellers"]
        return data["totalCount"], len(ctx.captured_queries)

    one_rows, one = count()
    for _ in range(4):
        make_seller(user=make_user(), zone=zone_sikka)
    many_rows, many = count()
    assert (one_rows, many_rows) == (1, 5)
    assert many == one
