import pytest

from sellers.models import PendampingAssignment
from shop.roles import Role
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

ASSIGN = """
mutation($seller: ID!, $email: String!) {
  sellerPendampingAssign(seller: $seller, email: $email) {
    seller { canManage } errors { field code message }
  }
}
"""


def test_seller_pendamping_assign_lets_the_pendamping_act_for_the_lembaga(
    gql, pengurus, officer, make_user, make_seller
):
    seller = make_seller(user=pengurus)
    pendamping = make_user(Role.PENDAMPING, email="agustina@ovop.id")
    gql.login(officer)
    data = gql(ASSIGN, {"seller": gid_of("Seller", seller.pk), "email": "Agustina@ovop.id"})
    assert data["data"]["sellerPendampingAssign"]["errors"] == []
    assert PendampingAssignment.objects.get().user == pendamping
    gql.login(pendamping)
    query = "query($id: ID!) { seller(id: $id) { canManage nib } }"
    assert gql(query, {"id": gid_of("Seller", seller.pk)})["data"]["seller"] == {
        "canManage": True,
        "nib": seller.nib,
    }


def test_seller_pendamping_assign_needs_a_user_with_the_pendamping_role(
    gql, pengurus, officer, make_user, make_seller
):
    seller = make_seller(user=pengurus)
    make_user(Role.CONSUMER, email="bukan@ovop.id")
    gql.login(officer)
    data = gql(ASSIGN, {"seller": gid_of("Seller", seller.pk), "email": "bukan@ovop.id"})
    errors = data["data"]["sellerPendampingAssign"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("email", "NOT_FOUND")]
    assert PendampingAssignment.objects.count() == 0


@pytest.mark.parametrize("who", ["pengurus", "pendamping", "consumer"])
def test_seller_pendamping_assign_is_refused_to_non_reviewers(
    gql, pengurus, make_user, make_seller, who
):
    seller = make_seller(user=pengurus)
    make_user(Role.PENDAMPING, email="agustina@ovop.id")
    actor = {
        "pengurus": pengurus,
        "pendamping": make_user(Role.PENDAMPING),
        "consumer": make_user(Role.CONSUMER),
    }[who]
    gql.login(actor)
    data = gql(ASSIGN, {"seller": gid_of("Seller", seller.pk), "email": "agustina@ovop.id"})
    codes = [e["code"] for e in data["data"]["sellerPendampingAssign"]["errors"]]
    assert codes == (["PERMISSION_DENIED"] if who == "pengurus" else ["NOT_FOUND"])
    assert PendampingAssignment.objects.count() == 0
