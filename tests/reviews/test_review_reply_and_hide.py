"""reviewReply (the lembaga, once) and reviewHide (staff, with a reason, audited)."""

import pytest

from orders.reviews.models import Review, ReviewEvent
from orders.reviews.services import review_create
from shop.roles import Role
from tests.factories import SellerFactory, UserFactory
from tests.graphql import gid
from tests.trust import completed_order, lembaga_member

pytestmark = pytest.mark.django_db

REPLY = """mutation($id: ID!, $text: String!) { reviewReply(id: $id, text: $text) {
  review { reply repliedAt } errors { field code message } } }"""
HIDE = """mutation($id: ID!, $reason: String!) { reviewHide(id: $id, reason: $reason) {
  review { isHidden } errors { field code message } } }"""


def a_review(rating=4) -> Review:
    order = completed_order()
    product = order.lines.get().variant.product
    return review_create(user=order.user, order=order, product=product, rating=rating)


def test_the_lembaga_replies_once(gql):
    review = a_review()
    gql.login(lembaga_member(review.seller))
    first = gql(REPLY, {"id": gid(review), "text": "Terima kasih, Kak!"})["data"]["reviewReply"]
    assert first["errors"] == []
    assert first["review"]["reply"] == "Terima kasih, Kak!"
    second = gql(REPLY, {"id": gid(review), "text": "Balasan kedua"})["data"]["reviewReply"]
    assert [(e["field"], e["code"]) for e in second["errors"]] == [("text", "ALREADY_REPLIED")]
    review.refresh_from_db()
    assert review.reply == "Terima kasih, Kak!"
    assert list(review.events.values_list("type", flat=True)) == ["CREATED", "REPLIED"]


def test_another_lembaga_may_not_reply(gql):
    review = a_review()
    gql.login(lembaga_member(SellerFactory()))
    result = gql(REPLY, {"id": gid(review), "text": "Bukan kami"})["data"]["reviewReply"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert result["errors"][0]["message"] == "Hanya lembaga penjual yang dapat membalas ulasan ini."
    review.refresh_from_db()
    assert (review.reply, review.replied_at) == ("", None)


def test_an_empty_reply_is_refused(gql):
    review = a_review()
    gql.login(lembaga_member(review.seller))
    result = gql(REPLY, {"id": gid(review), "text": "   "})["data"]["reviewReply"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("text", "REQUIRED")]


def test_staff_hide_a_review_with_a_reason_and_its_rating_leaves_the_counters(gql):
    review = a_review(rating=2)
    keep = completed_order(variants=[review.order.lines.get().variant])
    review_create(user=keep.user, order=keep, product=review.product, rating=5)
    staff = UserFactory(roles=[Role.PROGRAMME_OFFICER])
    gql.login(staff)
    result = gql(HIDE, {"id": gid(review), "reason": "Berisi nomor telepon pribadi"})
    assert result["data"]["reviewHide"] == {"review": {"isHidden": True}, "errors": []}
    review.refresh_from_db()
    review.product.refresh_from_db()
    review.seller.refresh_from_db()
    assert (review.hidden_reason, review.hidden_by_id) == ("Berisi nomor telepon pribadi", staff.pk)
    assert (review.product.rating_count, review.product.rating_sum) == (1, 5)
    assert (review.seller.rating_count, review.seller.rating_sum) == (1, 5)
    event = ReviewEvent.objects.get(review=review, type="HIDDEN")
    assert (event.actor_id, event.note) == (staff.pk, "Berisi nomor telepon pribadi")
    gql.logout()
    data = gql(
        "query($id: ID!) { product(id: $id) { rating { average count } reviews { totalCount } } }",
        {"id": gid(review.product)},
    )["data"]["product"]
    assert data == {"rating": {"average": 5.0, "count": 1}, "reviews": {"totalCount": 1}}


def test_hiding_twice_is_refused_and_counts_once(gql):
    review = a_review(rating=3)
    gql.login(UserFactory(roles=[Role.PROGRAMME_OFFICER]))
    gql(HIDE, {"id": gid(review), "reason": "Spam"})
    second = gql(HIDE, {"id": gid(review), "reason": "Spam"})["data"]["reviewHide"]
    assert [e["code"] for e in second["errors"]] == ["ALREADY_HIDDEN"]
    review.product.refresh_from_db()
    assert (review.product.rating_count, review.product.rating_sum) == (0, 0)


@pytest.mark.parametrize("who", ["buyer", "lembaga", "consumer"])
def test_non_staff_may_not_hide(gql, who):
    review = a_review()
    user = {
        "buyer": review.user,
        "lembaga": lembaga_member(review.seller),
        "consumer": UserFactory(),
    }[who]
    gql.login(user)
    result = gql(HIDE, {"id": gid(review), "reason": "Tidak suka"})["data"]["reviewHide"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    review.refresh_from_db()
    assert review.is_hidden is False
    assert ReviewEvent.objects.filter(type="HIDDEN").count() == 0


def test_hide_needs_a_reason(gql):
    review = a_review()
    gql.login(UserFactory(roles=[Role.PROGRAMME_OFFICER]))
    result = gql(HIDE, {"id": gid(review), "reason": " "})["data"]["reviewHide"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("reason", "REQUIRED")]
