import datetime

import pytest

from catalog import legality
from catalog.models import Category, Product

pytestmark = pytest.mark.django_db


def test_halal_becomes_required_for_food_on_17_october_2026():
    food = Category.objects.select_related("parent").get(slug="camilan-dan-kue")
    product = Product(category=food)
    before = legality.product_requirements(product, datetime.date(2026, 10, 16))
    after = legality.product_requirements(product, datetime.date(2026, 10, 17))
    assert [r.types for r in before] == [("PIRT", "BPOM_MD")]
    assert [r.types for r in after] == [("PIRT", "BPOM_MD"), ("HALAL",)]


def test_a_declared_non_halal_product_needs_no_halal_certificate():
    food = Category.objects.select_related("parent").get(slug="daging-olahan")
    product = Product(category=food, is_halal=False, non_halal_statement="Mengandung babi.")
    assert [r.types for r in legality.product_requirements(product, datetime.date(2027, 1, 1))] == [
        ("PIRT", "BPOM_MD")
    ]


def test_a_sub_category_without_rules_inherits_its_parent():
    parent = Category.objects.get(slug="pangan-olahan")
    child = Category.objects.create(name="Sambal", slug="sambal", parent=parent)
    child = Category.objects.select_related("parent").get(pk=child.pk)
    assert legality.category_rule_groups(child) == [["PIRT", "BPOM_MD"]]
    assert legality.category_halal_applicable(child) is True


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("ID G 000 000 014", "IDG000000014"),
        ("md 224-131-001-234", "MD224131001234"),
        ("2065307.01002328", "206530701002328"),
    ],
)
def test_numbers_are_compared_without_spaces_dots_or_dashes(number, expected):
    assert legality.normalize_number(number) == expected
