"""Fixtures of the promotions tests: the checkout world and a campaign staff member."""

import pytest

from tests.shopping import World, world_make


@pytest.fixture
def world(db, make_user) -> World:
    return world_make(make_user)


@pytest.fixture
def staff(make_user):
    from shop.roles import Role

    return make_user(Role.CAMPAIGN_STAFF, email="kampanye@ntt.go.id")
