import pytest
from django.core import mail

from sellers.models import SellerInvitation, SellerMember
from shop.roles import Role
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

INVITE = """
mutation($seller: ID!, $email: String!, $role: SellerMemberRole!) {
  sellerMemberInvite(seller: $seller, email: $email, role: $role) { email errors { field code message } }
}
"""
ACCEPT = """
mutation($token: String!) {
  sellerInvitationAccept(token: $token) {
    member { email role } seller { name } errors { field code message }
  }
}
"""


def test_seller_member_invite_sends_an_email_and_the_invitee_joins(
    gql, pengurus, make_seller, make_user, django_capture_on_commit_callbacks
):
    seller = make_seller(user=pengurus, name="Tenun Lepo Nita")
    gql.login(pengurus)
    with django_capture_on_commit_callbacks(execute=True):
        data = gql(
            INVITE,
            {"seller": gid_of("Seller", seller.pk), "email": "Maria@Desa.id", "role": "STAFF"},
        )["data"]["sellerMemberInvite"]
    assert data == {"email": "maria@desa.id", "errors": []}
    invitation = SellerInvitation.objects.get()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["maria@desa.id"]
    assert mail.outbox[0].subject == "Undangan bergabung dengan Tenun Lepo Nita"
    assert f"/portal/undangan/{invitation.token}/" in mail.outbox[0].body

    maria = make_user(email="maria@desa.id")
    gql.login(maria)
    data = gql(ACCEPT, {"token": invitation.token})["data"]["sellerInvitationAccept"]
    assert data == {
        "member": {"email": "maria@desa.id", "role": "STAFF"},
        "seller": {"name": "Tenun Lepo Nita"},
        "errors": [],
    }
    assert maria.groups.filter(name=Role.SELLER_MEMBER).exists()
    again = gql(ACCEPT, {"token": invitation.token})["data"]["sellerInvitationAccept"]
    assert [e["code"] for e in again["errors"]] == ["INVITATION_INVALID"]


def test_seller_invitation_accept_refuses_another_users_invitation(
    gql, pengurus, make_seller, make_user
):
    from sellers import services

    seller = make_seller(user=pengurus)
    invitation = services.seller_member_invite(
        user=pengurus, seller=seller, email="maria@desa.id", role="PENGURUS"
    )
    gql.login(make_user(email="penyusup@desa.id"))
    data = gql(ACCEPT, {"token": invitation.token})["data"]["sellerInvitationAccept"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("token", "EMAIL_MISMATCH")]
    assert SellerMember.objects.filter(seller=seller).count() == 1
    data = gql(ACCEPT, {"token": "tidak-ada"})["data"]["sellerInvitationAccept"]
    assert [e["code"] for e in data["errors"]] == ["INVITATION_INVALID"]


def test_seller_member_invite_refuses_an_existing_member_and_a_bad_email(
    gql, pengurus, make_seller
):
    seller = make_seller(user=pengurus)
    gql.login(pengurus)
    variables = {"seller": gid_of("Seller", seller.pk), "role": "STAFF"}
    data = gql(INVITE, {**variables, "email": "pengurus@lepo.id"})["data"]["sellerMemberInvite"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("email", "ALREADY_MEMBER")]
    data = gql(INVITE, {**variables, "email": "bukan"})["data"]["sellerMemberInvite"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("email", "INVALID")]
    assert SellerInvitation.objects.count() == 0


def test_seller_member_invite_is_refused_to_staff_and_to_other_lembaga(
    gql, pengurus, make_seller, make_user, officer, zone_sikka
):
    seller = make_seller(user=pengurus, zone=zone_sikka, status="ACTIVE", reviewer=officer)
    staff = make_user(email="staf@desa.id")
    SellerMember.objects.create(seller=seller, user=staff, role="STAFF")
    variables = {"seller": gid_of("Seller", seller.pk), "email": "x@desa.id", "role": "PENGURUS"}
    gql.login(staff)
    data = gql(INVITE, variables)["data"]["sellerMemberInvite"]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    other = make_user(email="lain@desa.id")
    make_seller(user=other)
    gql.login(other)
    data = gql(INVITE, variables)["data"]["sellerMemberInvite"]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    assert SellerInvitation.objects.count() == 0
