"""Fixtures of the complaint tests; the order itself is made in tests/complaints_world.py."""

import pytest

from shop.roles import Role
from tests.complaints_world import delivered_order
from tests.shopping import World, world_make


@pytest.fixture
def world(db, make_user) -> World:
    return world_make(make_user)


@pytest.fixture
def buyer(make_user):
    return make_user(Role.CONSUMER, email="maria@contoh.id")


@pytest.fixture
def staff(make_user):
    return make_user(Role.PROGRAMME_OFFICER, email="pmd@ntt.go.id")


@pytest.fixture
def order(world, buyer):
    return delivered_order(world, buyer)
