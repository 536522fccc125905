import pytest
from django.contrib.auth.models import Group

from shop.permissions import Perm
from shop.roles import ROLE_PERMISSIONS, Role, roles_sync

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_exactly_its_permissions():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        assert set(group.permissions.values_list("codename", flat=True)) == {p.value for p in perms}


def test_roles_sync_restores_a_tampered_group():
    group = Group.objects.get(name=Role.PROGRAMME_OFFICER)
    group.permissions.clear()
    roles_sync()
    assert group.permissions.filter(codename=Perm.REVIEW_SELLERS).exists()


def test_a_programme_officer_may_review_sellers_and_a_consumer_may_not(make_user):
    officer = make_user(Role.PROGRAMME_OFFICER)
    consumer = make_user(Role.CONSUMER)
    assert officer.has_perm(Perm.REVIEW_SELLERS.full)
    assert not consumer.has_perm(Perm.REVIEW_SELLERS.full)


def test_me_lists_roles_and_superuser(gql, make_user):
    user = make_user(Role.PENDAMPING, Role.SELLER_MEMBER, is_superuser=True)
    gql.login(user)
    roles = gql("{ me { roles } }")["data"]["me"]["roles"]
    assert roles == ["pendamping", "seller_member", "superuser"]
