import pytest

from catalog.models import Category, Product
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

UPDATE = """
mutation($id: ID!, $input: ProductFieldsInput!) {
  productUpdate(id: $id, input: $input) {
    product { id name motif technique attributes category { slug } isHalal nonHalalStatement }
    errors { field code message }
  }
}
"""


def test_pengurus_updates_provenance_and_attributes(gql, pengurus, make_product):
    product = make_product(category=Category.objects.get(slug="tenun-ikat"))
    gql.login(pengurus)
    data = gql(
        UPDATE,
        {
            "id": gid_of("Product", product.pk),
            "input": {
                "motif": "kuda",
                "technique": "ikat pewarna alam",
                "attributes": '{"ukuran": "180 x 60 cm"}',
            },
        },
    )["data"]["productUpdate"]
    assert data["errors"] == []
    assert data["product"]["motif"] == "kuda"
    assert data["product"]["attributes"] == '{"ukuran": "180 x 60 cm"}'
    assert data["product"]["name"] == product.name


def test_declaring_not_halal_without_statement_gets_a_default_statement(
    gql, pengurus, make_product
):
    product = make_product()
    gql.login(pengurus)
    data = gql(UPDATE, {"id": gid_of("Product", product.pk), "input": {"isHalal": False}})["data"][
        "productUpdate"
    ]
    assert data["product"]["isHalal"] is False
    assert data["product"]["nonHalalStatement"] == "Produk ini tidak halal."


def test_moving_a_published_product_to_a_stricter_category_is_refused_and_nothing_changes(
    gql, pengurus, make_product
):
    product = make_product(category=Category.objects.get(slug="tenun-ikat"), published=True)
    kosmetik = Category.objects.get(slug="kosmetik")
    gql.login(pengurus)
    data = gql(
        UPDATE,
        {
            "id": gid_of("Product", product.pk),
            "input": {"category": gid_of("Category", kosmetik.pk), "name": "Nama baru"},
        },
    )["data"]["productUpdate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [
        ("published", "CERTIFICATES_MISSING")
    ]
    saved = Product.objects.get(pk=product.pk)
    assert (saved.category.slug, saved.name) == ("tenun-ikat", product.name)


def test_outsider_cannot_update(gql, make_user, make_product):
    product = make_product()
    gql.login(make_user())
    data = gql(UPDATE, {"id": gid_of("Product", product.pk), "input": {"name": "X"}})["data"][
        "productUpdate"
    ]
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"


def test_fields_left_out_of_the_input_keep_their_values(gql, pengurus, make_product):
    import datetime

    product = make_product(
        is_halal=False,
        non_halal_statement="Mengandung babi.",
        ovop_status="DESIGNATED",
        ovop_decree_number="188/2026",
        ovop_decree_date=datetime.date(2026, 3, 2),
    )
    gql.login(pengurus)
    data = gql(UPDATE, {"id": gid_of("Product", product.pk), "input": {"motif": "-"}})["data"][
        "productUpdate"
    ]
    assert data["errors"] == []
    saved = Product.objects.get(pk=product.pk)
    assert (saved.is_halal, saved.non_halal_statement, saved.ovop_decree_date) == (
        False,
        "Mengandung babi.",
        datetime.date(2026, 3, 2),
    )


def test_a_buffer_village_outside_the_zone_is_refused_and_nothing_changes(
    gql, pengurus, make_product
):
    product = make_product()
    product.buffer_villages.set(["53.07.01.2003"])
    gql.login(pengurus)
    data = gql(
        UPDATE,
        {
            "id": gid_of("Product", product.pk),
            "input": {"bufferVillageCodes": ["53.07.01.2004", "53.07.01.2005"], "motif": "X"},
        },
    )["data"]["productUpdate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [
        ("bufferVillageCodes", "BUFFER_VILLAGE_OUTSIDE_ZONE")
    ]
    assert data["errors"][0]["message"].startswith(
        "Desa penyangga harus berada dalam zona Zona Jagung Masabewa; di luar zona: "
    )
    assert "(53.07.01.2005)" in data["errors"][0]["message"]
    saved = Product.objects.get(pk=product.pk)
    assert saved.motif == ""
    assert [v.code for v in saved.buffer_villages.all()] == ["53.07.01.2003"]


def test_buffer_villages_of_the_zone_are_accepted(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    gql.language = "en"
    data = gql(
        UPDATE,
        {"id": gid_of("Product", product.pk), "input": {"bufferVillageCodes": ["53.07.01.2004"]}},
    )["data"]["productUpdate"]
    assert data["errors"] == []


def test_a_lembaga_outside_any_zone_cannot_name_buffer_villages(
    gql, make_user, make_seller, make_product
):
    from sellers.models import SellerMember
    from shop.roles import Role

    lone = make_seller()
    user = make_user(Role.SELLER_MEMBER)
    SellerMember.objects.create(seller=lone, user=user, role="PENGURUS")
    product = make_product(seller=lone)
    gql.login(user)
    gql.language = "en"
    data = gql(
        UPDATE,
        {"id": gid_of("Product", product.pk), "input": {"bufferVillageCodes": ["53.07.01.2004"]}},
    )["data"]["productUpdate"]
    assert [(e["code"], e["message"]) for e in data["errors"]] == [
        (
            "BUFFER_VILLAGE_OUTSIDE_ZONE",
            "The lembaga is not in an OVOP zone yet; buffer villages must lie in the "
            "lembaga's zone.",
        )
    ]
