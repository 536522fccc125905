import pytest

from catalog.models import Product, ProductAssessment, ProductEvent
from sellers.models import PendampingAssignment
from shop.roles import Role
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

SUBMIT = """
mutation($product: ID!, $note: String) {
  productAssessmentSubmit(product: $product, note: $note) {
    product { id ovopStatus ovopAssessment { proposalNote decision } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def pendamping(make_user, seller):
    user = make_user(Role.PENDAMPING, email="pendamping@contoh.id")
    PendampingAssignment.objects.create(seller=seller, user=user)
    return user


def test_pendamping_proposes_a_product_and_the_step_is_audited(gql, pendamping, make_product):
    product = make_product()
    gql.login(pendamping)
    data = gql(SUBMIT, {"product": gid_of("Product", product.pk), "note": "Tenun khas Masabewa"})[
        "data"
    ]["productAssessmentSubmit"]
    assert data["errors"] == []
    assert data["product"]["ovopStatus"] == "CANDIDATE"
    assert data["product"]["ovopAssessment"] == {
        "proposalNote": "Tenun khas Masabewa",
        "decision": None,
    }
    event = ProductEvent.objects.get(product=product)
    assert (
        event.kind,
        event.from_status,
        event.to_status,
        event.actor,
        event.acting_as_pendamping,
    ) == (
        "PROPOSED",
        "NONE",
        "CANDIDATE",
        pendamping,
        True,
    )


def test_member_proposes_once_then_it_waits(gql, pengurus, make_product):
    product = make_product()
    gql.login(pengurus)
    gql(SUBMIT, {"product": gid_of("Product", product.pk)})
    data = gql(SUBMIT, {"product": gid_of("Product", product.pk)})["data"][
        "productAssessmentSubmit"
    ]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("product", "ALREADY_PROPOSED")]
    assert ProductAssessment.objects.filter(product=product).count() == 1
    assert ProductEvent.objects.filter(product=product).count() == 1


def test_a_designated_product_cannot_be_proposed_again(gql, pengurus, make_product):
    product = make_product(ovop_status=Product.OvopStatus.DESIGNATED)
    gql.login(pengurus)
    data = gql(SUBMIT, {"product": gid_of("Product", product.pk)})["data"][
        "productAssessmentSubmit"
    ]
    assert data["errors"][0]["code"] == "ALREADY_DESIGNATED"


def test_a_declined_product_may_be_proposed_again(gql, pengurus, make_product):
    product = make_product(ovop_status=Product.OvopStatus.DECLINED)
    gql.login(pengurus)
    data = gql(SUBMIT, {"product": gid_of("Product", product.pk)})["data"][
        "productAssessmentSubmit"
    ]
    assert data["errors"] == []
    assert data["product"]["ovopStatus"] == "CANDIDATE"


def test_another_lembaga_member_cannot_propose(gql, make_user, make_seller, make_product):
    from sellers.models import SellerMember

    other = make_user(Role.SELLER_MEMBER)
    SellerMember.objects.create(seller=make_seller(), user=other, role="PENGURUS")
    product = make_product(published=True)
    gql.login(other)
    data = gql(SUBMIT, {"product": gid_of("Product", product.pk)})["data"][
        "productAssessmentSubmit"
    ]
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Product.objects.get(pk=product.pk).ovop_status == "NONE"
