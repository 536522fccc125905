"""shop.rows: the checkout's hand-written queries give the same instances the ORM gives."""

import pytest
from django.db import connection

from catalog.models import Category
from orders.models import CheckoutLine
from orders.pricing import checkout_lines_priced
from orders.services.reservations import checkout_lock
from shop import rows
from tests.shopping import checkout_of_both, checkout_of_sikka

pytestmark = pytest.mark.django_db


def test_columns_are_every_concrete_column_in_field_order():
    expected = ", ".join(f'c."{f.column}"' for f in Category._meta.concrete_fields)
    assert rows.columns(Category, "c") == expected


def test_a_row_becomes_the_instance_and_an_empty_outer_join_none():
    width = len(Category._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rows.columns(Category, 'c')}, {rows.columns(Category, 'p')}"
            " FROM catalog_category c LEFT JOIN catalog_category p ON p.id = c.parent_id"
            " WHERE c.parent_id IS NULL ORDER BY c.id LIMIT 1"
        )
        row = cursor.fetchone()
    category, at = rows.take(Category, row, 0)
    parent, end = rows.take(Category, row, at)
    assert (at, end, parent) == (width, 2 * width, None)
    stored = Category.objects.get(pk=category.pk)
    assert [getattr(category, f.attname) for f in Category._meta.concrete_fields] == [
        getattr(stored, f.attname) for f in Category._meta.concrete_fields
    ]
    assert category._state.adding is False


def test_priced_lines_carry_what_the_orm_would_load(world, django_assert_num_queries):
    checkout = checkout_of_both(world, kopi=2)
    with django_assert_num_queries(1):
        lines = checkout_lines_priced(checkout)
        # every link pricing follows is loaded: no query past the first
        seen = [
            (
                line.variant.product.seller.village.district.regency_id,
                line.variant.product.category.parent_id,
                getattr(line.variant.product.category.parent, "pk", None),
                line.visible,
            )
            for line in lines
        ]
    orm = list(
        CheckoutLine.objects.filter(checkout=checkout)
        .select_related(
            "variant__product__seller__village__district", "variant__product__category__parent"
        )
        .order_by("pk")
    )
    assert [line.pk for line in lines] == [line.pk for line in orm]
    assert seen == [
        (
            line.variant.product.seller.village.district.regency_id,
            line.variant.product.category.parent_id,
            line.variant.product.category.parent_id,
            True,
        )
        for line in orm
    ]
    # every column as the ORM converts it (a JSON field is data, not its text)
    for mine, theirs in zip(lines, orm, strict=True):
        for a, b in (
            (mine.variant, theirs.variant),
            (mine.variant.product, theirs.variant.product),
            (mine.variant.product.category, theirs.variant.product.category),
            (mine.variant.product.seller, theirs.variant.product.seller),
        ):
            fields = type(a)._meta.concrete_fields
            assert [getattr(a, f.attname) for f in fields] == [
                getattr(b, f.attname) for f in fields
            ]


def test_a_hidden_product_is_priced_as_not_visible(world):
    checkout = checkout_of_sikka(world)
    world.tenun.product.__class__.objects.filter(pk=world.tenun.product_id).update(
        is_published=False
    )
    assert [line.visible for line in checkout_lines_priced(checkout)] == [False]


def test_the_locked_checkout_carries_its_destination_and_facts(world, django_assert_num_queries):
    from django.db import transaction

    checkout = checkout_of_sikka(world)
    with transaction.atomic(), django_assert_num_queries(1):
        locked = checkout_lock(checkout_id=checkout.pk)
        regency = locked.ship_village.district.regency_id
        facts = (
            locked.has_payments,
            locked.has_reservations,
            locked.has_held_discounts,
            locked.has_earlier_orders,
            locked.has_campaigns,
        )
    assert regency == "53.71"
    assert facts == (False, False, False, False, False)
    assert locked.email == "maria@contoh.id"


def test_locking_a_missing_checkout_raises_does_not_exist():
    from django.db import transaction

    from orders.models import Checkout

    with transaction.atomic(), pytest.raises(Checkout.DoesNotExist):
        checkout_lock(checkout_id=987654321)
