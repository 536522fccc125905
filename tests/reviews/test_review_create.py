"""reviewCreate: the buyer of a completed order rates each product once, within the window."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import Product
from orders.models import Order
from orders.reviews.models import Review, ReviewEvent, ReviewPhoto
from sellers.models import Seller
from tests.factories import ProductVariantFactory, SellerFactory, UserFactory
from tests.files import PDF_BYTES, image_upload, upload
from tests.graphql import gid, gql_upload
from tests.trust import ago, completed_order

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: ReviewCreateInput!) {
  reviewCreate(input: $input) {
    review { id rating comment authorName verifiedPurchase reply photos { url width } }
    errors { field code message }
  }
}
"""


def create(gql, buyer, order, product, rating=5, comment="Tenunnya rapi", **extra):
    gql.login(buyer)
    variables = {
        "input": {
            "product": gid(product),
            "order": gid(order),
            "rating": rating,
            "comment": comment,
            **extra,
        }
    }
    return gql(CREATE, variables)["data"]["reviewCreate"]


def counters(product: Product) -> tuple[int, int, int, int]:
    product.refresh_from_db()
    seller = Seller.objects.get(pk=product.seller_id)
    return product.rating_count, product.rating_sum, seller.rating_count, seller.rating_sum


def test_buyer_reviews_a_product_of_a_completed_order_and_counters_move(gql):
    buyer = UserFactory(first_name="Maria", last_name="Goreti")
    order = completed_order(buyer=buyer)
    product = order.lines.get().variant.product

    result = create(gql, buyer, order, product, rating=4)

    assert result["errors"] == []
    assert result["review"]["rating"] == 4
    assert result["review"]["comment"] == "Tenunnya rapi"
    assert result["review"]["authorName"] == "Maria G."
    assert result["review"]["verifiedPurchase"] is True
    assert result["review"]["reply"] is None
    assert counters(product) == (1, 4, 1, 4)
    review = Review.objects.get()
    assert (review.order_id, review.seller_id, review.user_id) == (
        order.pk,
        order.seller_id,
        buyer.pk,
    )
    assert list(ReviewEvent.objects.values_list("type", "note")) == [("CREATED", "4")]


def test_product_rating_and_reviews_in_graphql(gql):
    seller = SellerFactory()
    variant = ProductVariantFactory(product__seller=seller)
    product = variant.product
    for rating in (5, 4, 4):
        order = completed_order(variants=[variant])
        assert create(gql, order.user, order, product, rating=rating)["errors"] == []
    gql.logout()
    data = gql(
        """query($id: ID!) { product(id: $id) {
             rating { average count } seller { rating { average count } }
             reviews(first: 2) { totalCount edges { node { rating comment createdAt reply } } }
           } }""",
        {"id": gid(product)},
    )["data"]["product"]
    assert data["rating"] == {"average": 4.3, "count": 3}
    assert data["seller"]["rating"] == {"average": 4.3, "count": 3}
    assert data["reviews"]["totalCount"] == 3
    assert [e["node"]["rating"] for e in data["reviews"]["edges"]] == [4, 4]


@pytest.mark.parametrize("rating", [1, 5])
def test_ratings_one_and_five_are_accepted(gql, rating):
    order = completed_order()
    product = order.lines.get().variant.product
    assert create(gql, order.user, order, product, rating=rating)["errors"] == []
    assert counters(product) == (1, rating, 1, rating)


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_outside_one_to_five_are_refused_and_nothing_changes(gql, rating):
    order = completed_order()
    product = order.lines.get().variant.product
    result = create(gql, order.user, order, product, rating=rating)
    assert result["review"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("rating", "RATING_INVALID")]
    assert result["errors"][0]["message"] == "Nilai harus bilangan bulat 1 sampai 5."
    assert Review.objects.count() == 0
    assert counters(product) == (0, 0, 0, 0)


def test_rating_error_in_english(gql):
    order = completed_order()
    product = order.lines.get().variant.product
    gql.language = "en"
    result = create(gql, order.user, order, product, rating=6)
    assert result["errors"][0]["message"] == "The rating must be a whole number from 1 to 5."


def test_a_second_review_of_the_same_product_and_order_is_refused(gql):
    order = completed_order()
    product = order.lines.get().variant.product
    assert create(gql, order.user, order, product, rating=5)["errors"] == []
    result = create(gql, order.user, order, product, rating=1)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("product", "ALREADY_REVIEWED")]
    assert Review.objects.count() == 1
    assert counters(product) == (1, 5, 1, 5)


def test_a_product_not_in_the_order_is_refused(gql):
    order = completed_order()
    other = ProductVariantFactory(product__seller=order.seller).product
    result = create(gql, order.user, order, other)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("product", "PRODUCT_NOT_BOUGHT")
    ]
    assert Review.objects.count() == 0


def test_without_order_a_product_never_bought_is_refused(gql):
    buyer = UserFactory()
    product = ProductVariantFactory().product
    gql.login(buyer)
    result = gql(CREATE, {"input": {"product": gid(product), "rating": 5}})["data"]["reviewCreate"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("product", "PRODUCT_NOT_BOUGHT")
    ]


def test_without_order_the_latest_completed_order_is_used(gql):
    order = completed_order()
    product = order.lines.get().variant.product
    gql.login(order.user)
    result = gql(CREATE, {"input": {"product": gid(product), "rating": 3}})["data"]["reviewCreate"]
    assert result["errors"] == []
    assert Review.objects.get().order_id == order.pk


def test_someone_elses_order_is_not_found(gql):
    order = completed_order()
    product = order.lines.get().variant.product
    result = create(gql, UserFactory(), order, product)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("order", "NOT_FOUND")]
    assert Review.objects.count() == 0


@pytest.mark.parametrize(
    "status", [Order.Status.DELIVERED, Order.Status.SHIPPED, Order.Status.PAID]
)
def test_an_order_not_completed_is_refused(gql, status):
    order = completed_order(status=status)
    product = order.lines.get().variant.product
    result = create(gql, order.user, order, product)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("order", "ORDER_NOT_COMPLETED")]


def test_window_exactly_thirty_days_is_open_and_one_second_past_is_closed():
    from orders.reviews.services import review_create

    completed = timezone.now().replace(microsecond=0) - datetime.timedelta(days=40)
    order = completed_order(completed_at=completed)
    product = order.lines.get().variant.product
    late = completed + datetime.timedelta(days=30, seconds=1)
    with pytest.raises(ValidationError) as exc:
        review_create(user=order.user, order=order, product=product, rating=5, now=late)
    assert exc.value.error_dict["order"][0].code == "WINDOW_CLOSED"
    assert Review.objects.count() == 0
    review = review_create(
        user=order.user,
        order=order,
        product=product,
        rating=5,
        now=completed + datetime.timedelta(days=30),
    )
    assert review.rating == 5


def test_after_the_window_graphql_says_window_closed(gql):
    order = completed_order(completed_at=ago(days=30, seconds=1))
    product = order.lines.get().variant.product
    result = create(gql, order.user, order, product)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("order", "WINDOW_CLOSED")]
    assert result["errors"][0]["message"] == (
        "Batas waktu ulasan (30 hari setelah pesanan selesai) sudah lewat."
    )


def test_window_is_a_setting(gql, settings):
    settings.REVIEW_WINDOW_DAYS = 7
    order = completed_order(completed_at=ago(days=8))
    product = order.lines.get().variant.product
    assert create(gql, order.user, order, product)["errors"][0]["code"] == "WINDOW_CLOSED"


QUERY_UPLOAD = """
mutation($input: ReviewCreateInput!) {
  reviewCreate(input: $input) { review { photos { url width height } } errors { field code message } }
}
"""


def upload_review(client, buyer, order, product, files: dict):
    from shop.tokens import token_issue

    token = token_issue(user=buyer, kind="access")
    variables = {
        "input": {
            "product": gid(product),
            "order": gid(order),
            "rating": 5,
            "photos": [None] * len(files),
        }
    }
    mapped = {f"input.photos.{i}": f for i, f in enumerate(files.values())}
    return gql_upload(client, token, QUERY_UPLOAD, variables, mapped)


def test_up_to_three_photos_are_cleaned_and_stored(client):
    order = completed_order()
    product = order.lines.get().variant.product
    files = {f"p{i}": image_upload("JPEG", size=(320, 240)) for i in range(3)}
    data = upload_review(client, order.user, order, product, files)["data"]["reviewCreate"]
    assert data["errors"] == []
    assert [(p["width"], p["height"]) for p in data["review"]["photos"]] == [(320, 240)] * 3
    assert ReviewPhoto.objects.count() == 3


def test_four_photos_are_refused_and_nothing_changes(client):
    order = completed_order()
    product = order.lines.get().variant.product
    files = {f"p{i}": image_upload("PNG", size=(16, 16)) for i in range(4)}
    data = upload_review(client, order.user, order, product, files)["data"]["reviewCreate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("photos", "TOO_MANY_PHOTOS")]
    assert (Review.objects.count(), ReviewPhoto.objects.count()) == (0, 0)
    assert counters(product) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "fake",
    [
        upload("foto.jpg", PDF_BYTES, "image/jpeg"),
        upload("foto.png", b"not an image at all", "image/png"),
        image_upload("GIF", size=(16, 16)),
    ],
    ids=["pdf-named-jpg", "text", "gif"],
)
def test_photos_that_are_not_images_are_refused(client, fake):
    order = completed_order()
    product = order.lines.get().variant.product
    data = upload_review(client, order.user, order, product, {"p0": fake})["data"]["reviewCreate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("photos", "NOT_AN_IMAGE")]
    assert data["errors"][0]["message"] == "Berkas bukan gambar JPEG, PNG, atau WebP yang sah."
    assert (Review.objects.count(), ReviewPhoto.objects.count()) == (0, 0)


def test_anonymous_is_refused(gql):
    order = completed_order()
    product = order.lines.get().variant.product
    gql.logout()
    result = gql(CREATE, {"input": {"product": gid(product), "order": gid(order), "rating": 5}})
    errors = result["data"]["reviewCreate"]["errors"]
    assert [e["code"] for e in errors] == ["PERMISSION_DENIED"]


def test_a_buyer_without_a_name_shows_as_pembeli_in_the_readers_language(gql):
    buyer = UserFactory(first_name="", last_name="")
    order = completed_order(buyer=buyer)
    product = order.lines.get().variant.product
    assert create(gql, buyer, order, product)["review"]["authorName"] == "Pembeli"
    gql.logout()
    gql.language = "en"
    query = "query($id: ID!) { product(id: $id) { reviews { edges { node { authorName } } } } }"
    data = gql(query, {"id": gid(product)})["data"]["product"]["reviews"]["edges"]
    assert data == [{"node": {"authorName": "Buyer"}}]
