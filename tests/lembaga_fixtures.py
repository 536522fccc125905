"""Fixtures of a lembaga and its products (catalog and outlet tests), built on tests/factories.py.

Plain module, imported by the conftest files that use it (no test imports a conftest)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from catalog.models import Category, Certificate
from sellers.models import Seller, SellerMember, Village, Zone
from shop.roles import Role
from tests.factories import ProductFactory, ProductVariantFactory, SellerFactory

_counter = itertools.count(1)


@pytest.fixture
def make_seller(db):
    def make(*, status=Seller.Status.ACTIVE, village="53.07.01.2001", name=None, **extra):
        if name is not None:
            extra["name"] = name
        return SellerFactory(status=status, village=Village.objects.get(code=village), **extra)

    return make


@pytest.fixture
def zone(db):
    """A Sikka zone: Masabewa (53.07.01.2001) produces, .2003 and .2004 supply raw material."""
    zone = Zone.objects.create(
        regency_id="53.07",
        name="Zona Jagung Masabewa",
        slug="zona-jagung-masabewa",
        commodity="jagung",
    )
    zone.production_villages.set(["53.07.01.2001"])
    zone.buffer_villages.set(["53.07.01.2003", "53.07.01.2004"])
    return zone


@pytest.fixture
def seller(make_seller, zone):
    return make_seller(name="BUMDes Masabewa Sejahtera", zone=zone)


@pytest.fixture
def pengurus(make_user, seller):
    user = make_user(Role.SELLER_MEMBER, email="pengurus@contoh.id")
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.PENGURUS)
    return user


@pytest.fixture
def officer(make_user):
    return make_user(Role.PROGRAMME_OFFICER, email="pmd@contoh.id")


@pytest.fixture
def food(db):
    return Category.objects.get(slug="camilan-dan-kue")


@pytest.fixture
def make_product(db, seller, food):
    def make(*, seller=seller, category=food, name=None, price=25_000, published=False, **extra):
        n = next(_counter)
        product = ProductFactory(
            seller=seller,
            category=category,
            name=name or f"Jagung titi {n}",
            slug=f"produk-{n}",
            is_published=published,
            **extra,
        )
        if price is not None:
            ProductVariantFactory(product=product, name="250 g", price=price, weight_grams=0)
        return product

    return make


@pytest.fixture
def approve(officer):
    def make(product=None, *, type, number, seller=None, expires_at=None, issued_at=None):
        return Certificate.objects.create(
            product=product,
            seller=seller,
            type=type,
            number=number,
            issued_at=issued_at or timezone.localdate() - datetime.timedelta(days=30),
            expires_at=expires_at,
            status=Certificate.Status.APPROVED,
            reviewed_by=officer,
            reviewed_at=timezone.now(),
        )

    return make
