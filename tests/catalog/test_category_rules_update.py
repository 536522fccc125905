import pytest

from catalog.models import Category, Product
from shop.roles import Role

from .conftest import gid

pytestmark = pytest.mark.django_db

UPDATE = """
mutation($id: ID!, $input: CategoryRulesInput!) {
  categoryRulesUpdate(id: $id, input: $input) {
    category { slug requiredCertificates halalApplicable minBuyerAge restrictionNote }
    errors { field code message }
  }
}
"""


def test_officer_changes_a_category_rules_and_unqualified_products_are_withdrawn(
    gql, officer, make_product
):
    craft = Category.objects.get(slug="anyaman")
    product = make_product(category=craft, published=True)
    gql.login(officer)
    data = gql(
        UPDATE,
        {"id": gid("Category", craft.pk), "input": {"requiredCertificates": [["HKI_MEREK"]]}},
    )["data"]["categoryRulesUpdate"]
    assert data["errors"] == []
    assert data["category"]["requiredCertificates"] == [["HKI_MEREK"]]
    assert Product.objects.get(pk=product.pk).is_published is False


def test_age_limit_can_be_set_and_removed(gql, officer):
    sopi = Category.objects.get(slug="sopi-moke")
    gql.login(officer)
    data = gql(UPDATE, {"id": gid("Category", sopi.pk), "input": {"minBuyerAge": 0}})["data"][
        "categoryRulesUpdate"
    ]
    assert data["category"]["minBuyerAge"] is None
    data = gql(UPDATE, {"id": gid("Category", sopi.pk), "input": {"minBuyerAge": 21}})["data"][
        "categoryRulesUpdate"
    ]
    assert data["category"]["minBuyerAge"] == 21


@pytest.mark.parametrize("role", [Role.SELLER_MEMBER, Role.CONSUMER, Role.KABUPATEN_OFFICER])
def test_only_programme_staff_change_rules(gql, make_user, role):
    craft = Category.objects.get(slug="anyaman")
    gql.login(make_user(role))
    data = gql(
        UPDATE, {"id": gid("Category", craft.pk), "input": {"requiredCertificates": [["SNI"]]}}
    )["data"]["categoryRulesUpdate"]
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Category.objects.get(pk=craft.pk).certificate_rules == []
