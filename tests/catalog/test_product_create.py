import pytest

from catalog.models import Product
from sellers.models import SellerMember
from shop.roles import Role
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product { id name slug isPublished originVillage { code name } bufferVillages { code }
              rawMaterial technique ovopStatus category { slug } }
    errors { field code message }
  }
}
"""


def _input(seller, food, **extra):
    return {
        "seller": gid_of("Seller", seller.pk),
        "category": gid_of("Category", food.pk),
        "name": "Jagung Titi Masabewa",
        "description": "Jagung titi khas Flores.",
        "rawMaterial": "jagung lokal",
        "technique": "dititi dengan batu",
        "bufferVillageCodes": ["53.07.01.2003", "53.07.01.2004"],
        **extra,
    }


def test_pengurus_creates_an_unpublished_product_with_provenance(gql, pengurus, seller, food):
    gql.login(pengurus)
    data = gql(CREATE, {"input": _input(seller, food)})["data"]["productCreate"]
    assert data["errors"] == []
    product = data["product"]
    assert product["name"] == "Jagung Titi Masabewa"
    assert product["slug"] == "jagung-titi-masabewa"
    assert product["isPublished"] is False
    assert product["originVillage"] == {"code": "53.07.01.2001", "name": "Masabewa"}
    assert [v["code"] for v in product["bufferVillages"]] == ["53.07.01.2003", "53.07.01.2004"]
    assert product["ovopStatus"] == "NONE"
    assert product["category"]["slug"] == "camilan-dan-kue"


def test_staff_member_may_create_products(gql, make_user, seller, food):
    staff = make_user(Role.SELLER_MEMBER)
    SellerMember.objects.create(seller=seller, user=staff, role=SellerMember.Role.STAFF)
    gql.login(staff)
    assert gql(CREATE, {"input": _input(seller, food)})["data"]["productCreate"]["errors"] == []


def test_member_of_another_seller_is_refused(gql, make_user, make_seller, seller, food):
    other = make_seller()
    user = make_user(Role.SELLER_MEMBER)
    SellerMember.objects.create(seller=other, user=user, role=SellerMember.Role.PENGURUS)
    gql.login(user)
    data = gql(CREATE, {"input": _input(seller, food)})["data"]["productCreate"]
    assert data["product"] is None
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Product.objects.count() == 0


def test_anonymous_and_consumer_are_refused(gql, make_user, seller, food):
    assert (
        gql(CREATE, {"input": _input(seller, food)})["data"]["productCreate"]["errors"][0]["code"]
        == "PERMISSION_DENIED"
    )
    gql.login(make_user(Role.CONSUMER))
    assert (
        gql(CREATE, {"input": _input(seller, food)})["data"]["productCreate"]["errors"][0]["code"]
        == "PERMISSION_DENIED"
    )
    assert Product.objects.count() == 0


def test_unknown_buffer_village_is_a_field_error_and_nothing_is_saved(gql, pengurus, seller, food):
    gql.login(pengurus)
    data = gql(CREATE, {"input": _input(seller, food, bufferVillageCodes=["53.07.01.9999"])})[
        "data"
    ]["productCreate"]
    assert data["errors"][0]["field"] == "bufferVillageCodes"
    assert data["errors"][0]["code"] == "NOT_FOUND"
    assert Product.objects.count() == 0


def test_a_lembaga_cannot_create_its_product_as_designated(gql, pengurus, seller, food):
    """Only Dinas PMD designates (productDesignate); a lembaga sending a stage is refused."""
    gql.login(pengurus)
    data = gql(
        CREATE,
        {
            "input": _input(
                seller,
                food,
                ovopStatus="DESIGNATED",
                ovopDecreeNumber="188.45/Kep/HK/2026",
                ovopDecreeDate="2026-03-02",
            )
        },
    )["data"]["productCreate"]
    assert {(e["field"], e["code"]) for e in data["errors"]} == {
        ("ovopStatus", "DESIGNATION_BY_PROGRAMME_ONLY"),
        ("ovopDecreeNumber", "DESIGNATION_BY_PROGRAMME_ONLY"),
        ("ovopDecreeDate", "DESIGNATION_BY_PROGRAMME_ONLY"),
    }
    assert data["errors"][0]["message"] == (
        "Status dan SK produk OVOP hanya ditetapkan oleh Dinas PMD; "
        "usulkan produk sebagai calon produk OVOP."
    )
    assert Product.objects.count() == 0


def test_two_products_with_the_same_name_get_distinct_slugs(gql, pengurus, seller, food):
    gql.login(pengurus)
    first = gql(CREATE, {"input": _input(seller, food)})["data"]["productCreate"]["product"]
    second = gql(CREATE, {"input": _input(seller, food)})["data"]["productCreate"]["product"]
    assert (first["slug"], second["slug"]) == ("jagung-titi-masabewa", "jagung-titi-masabewa-2")


INPUT_FIELD = """
query($name: String!) {
  __type(name: $name) { inputFields { name type { kind ofType { name } } } }
}
"""


def test_category_is_required_on_create_and_optional_on_update(gql, pengurus, seller, food):
    def category_kind(type_name):
        fields = gql(INPUT_FIELD, {"name": type_name})["data"]["__type"]["inputFields"]
        return next(f["type"]["kind"] for f in fields if f["name"] == "category")

    assert category_kind("ProductCreateInput") == "NON_NULL"
    assert category_kind("ProductFieldsInput") == "SCALAR"
    gql.login(pengurus)
    input = _input(seller, food)
    del input["category"]
    data = gql(CREATE, {"input": input})
    assert "category" in data["errors"][0]["message"]
    assert Product.objects.count() == 0
