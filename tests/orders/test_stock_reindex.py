"""Selling and returning stock re-indexes the products for search (availability changed)."""

import pytest
from celery.signals import task_prerun

from catalog.search import elastic
from catalog.search.tasks import product_index
from tests.graphql import gid
from tests.shopping import checkout_ready, complete, make_variant, pay

pytestmark = pytest.mark.django_db

ACTION = """mutation($id: ID!) { %s(id: $id) { order { status } errors { field code } } }"""


@pytest.fixture
def indexed():
    """The product ids each ``product_index`` task actually ran for."""
    seen: list[int] = []

    def record(sender=None, args=None, kwargs=None, **_):
        if sender is not None and sender.name == product_index.name:
            seen.extend((args or [kwargs.get("product_ids")])[0])

    task_prerun.connect(record, weak=False)
    yield seen
    task_prerun.disconnect(record)


def in_stock(product_id: int) -> bool:
    (document,) = elastic.documents(elastic.indexable([product_id]))
    return document["in_stock"]


def test_selling_the_last_unit_reindexes_the_product_and_a_cancel_does_again(
    gql, world, indexed, django_capture_on_commit_callbacks, settings
):
    settings.ELASTICSEARCH_URL = ""
    last = make_variant(world.sikka, name="Selendang tenun Sikka", price=300_000, stock=1)
    token = checkout_ready(gql, world, lines=[{"variant": gid(last), "quantity": 1}])
    pay(gql, token)
    with django_capture_on_commit_callbacks(execute=True):
        (order,) = complete(gql, token)["orders"]
    assert indexed == [last.product_id]
    assert in_stock(last.product_id) is False

    indexed.clear()
    gql.login(world.sikka_member)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = gql(ACTION % "orderCancel", {"id": order["id"]})["data"]["orderCancel"]
    assert cancelled == {"order": {"status": "CANCELLED"}, "errors": []}
    assert indexed == [last.product_id]
    assert in_stock(last.product_id) is True
