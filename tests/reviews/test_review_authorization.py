"""Who may run each reviews operation: one table (actor -> allowed operations), one test
per (actor, operation) generated from it (tests/authz.py has the cast and the rule).

The review is of a product of lembaga A, bought by ``consumer`` in a COMPLETED order.
``reviewCreate`` looks the order up among the actor's own purchases, so anyone but its
buyer gets NOT_FOUND (the order is not theirs to name); any member or the pendamping of
A answers a review (``may_manage_seller_id``); programme staff hide one
(``may_moderate_reviews``: MANAGE_ORDERS).
"""

import pytest

from orders.reviews.models import Review
from tests.authz import ACTORS, cell_check, cells, operation
from tests.graphql import gid
from tests.trust import bought_by_consumer, reviewed_by_consumer

pytestmark = pytest.mark.django_db

MANAGERS_OF_A = {"staff_a", "pengurus_a", "pendamping_a"}

# The table: actor -> the reviews operations it may run on lembaga A's product.
ALLOWED: dict[str, set[str]] = {
    "consumer": {"reviewCreate"},  # the buyer
    **{actor: {"reviewReply"} for actor in MANAGERS_OF_A},
    "programme_officer": {"reviewHide"},  # MANAGE_ORDERS
    "superuser": {"reviewReply", "reviewHide"},  # never the buyer
}
# Who does not even see the order to review (every signed-in actor but its buyer).
HIDDEN = {actor: {"reviewCreate"} for actor in ACTORS if actor not in {"anonymous", "consumer"}}


def _create_setup(cast):
    order = bought_by_consumer(cast)
    product = order.lines.get().variant.product
    return {"i": {"product": gid(product), "order": gid(order), "rating": 5}}, order


def _review_setup(cast):
    review = reviewed_by_consumer(cast)
    return {"id": gid(review)}, review


def _fresh(review):
    return Review.objects.get(pk=review.pk)


OPS = {
    "reviewCreate": operation(
        "reviewCreate",
        "($i: ReviewCreateInput!) | (input: $i)",
        _create_setup,
        lambda order: Review.objects.filter(order=order, rating=5).exists(),
    ),
    "reviewReply": operation(
        "reviewReply",
        '($id: ID!) | (id: $id, text: "Terima kasih, Kak!")',
        _review_setup,
        lambda review: _fresh(review).reply == "Terima kasih, Kak!",
    ),
    "reviewHide": operation(
        "reviewHide",
        '($id: ID!) | (id: $id, reason: "Kata kasar")',
        _review_setup,
        lambda review: _fresh(review).is_hidden,
    ),
}


@pytest.mark.parametrize(("actor", "op"), cells(ALLOWED, OPS))
def test_reviews_matrix(gql, actor, op):
    cell_check(gql, OPS, ALLOWED, HIDDEN, actor, op)
