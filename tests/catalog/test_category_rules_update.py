import pytest

from catalog.models import Category, Product
from shop.roles import Role
from tests.graphql import gid_of

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
        {"id": gid_of("Category", craft.pk), "input": {"requiredCertificates": [["HKI_MEREK"]]}},
    )["data"]["categoryRulesUpdate"]
    assert data["errors"] == []
    assert data["category"]["requiredCertificates"] == [["HKI_MEREK"]]
    assert Product.objects.get(pk=product.pk).is_published is False


def test_age_limit_can_be_set_and_removed(gql, officer):
    coffee = Category.objects.get(slug="kopi")
    gql.login(officer)
    data = gql(UPDATE, {"id": gid_of("Category", coffee.pk), "input": {"minBuyerAge": 18}})["data"][
        "categoryRulesUpdate"
    ]
    assert data["category"]["minBuyerAge"] == 18
    data = gql(UPDATE, {"id": gid_of("Category", coffee.pk), "input": {"minBuyerAge": 0}})["data"][
        "categoryRulesUpdate"
    ]
    assert data["category"]["minBuyerAge"] is None


def test_alcoholic_drinks_stay_21_plus_when_the_limit_is_removed(gql, officer):
    sopi = Category.objects.get(slug="sopi-moke")
    gql.login(officer)
    data = gql(UPDATE, {"id": gid_of("Category", sopi.pk), "input": {"minBuyerAge": 0}})["data"][
        "categoryRulesUpdate"
    ]
    assert data["category"]["minBuyerAge"] == 21


@pytest.mark.parametrize("role", [Role.SELLER_MEMBER, Role.CONSUMER, Role.KABUPATEN_OFFICER])
def test_only_programme_staff_change_rules(gql, make_user, role):
    craft = Category.objects.get(slug="anyaman")
    gql.login(make_user(role))
    data = gql(
        UPDATE, {"id": gid_of("Category", craft.pk), "input": {"requiredCertificates": [["SNI"]]}}
    )["data"]["categoryRulesUpdate"]
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Category.objects.get(pk=craft.pk).certificate_rules == []


CATEGORIES = "{ categories { slug requiredCertificates halalApplicable } }"


def test_categories_show_opt_outs_and_inherited_rules(gql):
    rows = {c["slug"]: c for c in gql(CATEGORIES)["data"]["categories"]}
    assert rows["kopi-biji-mentah"] == {
        "slug": "kopi-biji-mentah",
        "requiredCertificates": [],
        "halalApplicable": False,
    }
    assert rows["kopi-bubuk-sangrai"]["requiredCertificates"] == [["PIRT", "BPOM_MD"]]
    assert rows["kopi-bubuk-sangrai"]["halalApplicable"] is True
    assert rows["rumput-laut"]["requiredCertificates"] == []


def test_a_sub_category_inherits_its_parent_rule_changes_until_it_opts_out(gql, officer):
    parent = Category.objects.get(slug="kopi")
    roasted = Category.objects.get(slug="kopi-bubuk-sangrai")
    assert roasted.certificate_rules is None
    assert roasted.halal_applicable is None
    gql.login(officer)
    gql(UPDATE, {"id": gid_of("Category", parent.pk), "input": {"requiredCertificates": [["SNI"]]}})
    rows = {c["slug"]: c for c in gql(CATEGORIES)["data"]["categories"]}
    assert rows["kopi-bubuk-sangrai"]["requiredCertificates"] == [["SNI"]]
    assert rows["kopi-biji-mentah"]["requiredCertificates"] == []
    data = gql(
        UPDATE,
        {
            "id": gid_of("Category", roasted.pk),
            "input": {"requiredCertificates": [], "halalApplicable": False},
        },
    )["data"]["categoryRulesUpdate"]
    assert data["errors"] == []
    assert data["category"]["requiredCertificates"] == []
    assert data["category"]["halalApplicable"] is False
    data = gql(
        UPDATE,
        {
            "id": gid_of("Category", roasted.pk),
            "input": {"inheritRequiredCertificates": True, "inheritHalalApplicable": True},
        },
    )["data"]["categoryRulesUpdate"]
    assert data["category"]["requiredCertificates"] == [["SNI"]]
    assert data["category"]["halalApplicable"] is True
    roasted.refresh_from_db()
    assert roasted.certificate_rules is None
    assert roasted.halal_applicable is None


def test_own_rules_and_inherit_together_are_refused(gql, officer):
    roasted = Category.objects.get(slug="kopi-bubuk-sangrai")
    gql.login(officer)
    data = gql(
        UPDATE,
        {
            "id": gid_of("Category", roasted.pk),
            "input": {"requiredCertificates": [["SNI"]], "inheritRequiredCertificates": True},
        },
    )["data"]["categoryRulesUpdate"]
    assert data["errors"][0]["code"] == "INVALID"
    assert data["errors"][0]["field"] == "inheritRequiredCertificates"
    assert Category.objects.get(pk=roasted.pk).certificate_rules is None
