"""Review mutations: thin, each calls one service."""

import graphene
from django.utils.translation import gettext as _

from catalog.graphql.types import ProductType
from orders.graphql.types import OrderType
from orders.models import Order
from orders.reviews import selectors, services
from orders.reviews.errors import ReviewErrorCode
from orders.reviews.models import Review
from shop.graphql.base import BaseMutation, Upload, error_type

from .types import ReviewType

ReviewError = error_type("ReviewError", ReviewErrorCode, "An error from a review mutation.")


class ReviewCreateInput(graphene.InputObjectType):
    product = graphene.ID(required=True, description="The product reviewed.")
    order = graphene.ID(
        description="The completed order it was bought in (default: your latest completed "
        "order of it not yet reviewed)."
    )
    rating = graphene.Int(required=True, description="Stars, 1-5.")
    comment = graphene.String(description="Your words, at most 2000 characters.")
    photos = graphene.List(
        graphene.NonNull(Upload), description="Up to 3 photos (JPEG, PNG or WebP)."
    )


class ReviewCreate(BaseMutation):
    review = graphene.Field(ReviewType, description="The review written.")

    class Arguments:
        input = ReviewCreateInput(required=True, description="The review.")

    class Meta:
        description = (
            "Rate and review a product of your COMPLETED order, once, within the review "
            "window (30 days after completion)."
        )
        error_type = ReviewError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        user = info.context.user
        product = cls.get_node_or_error(
            info, input.get("product"), only_type=ProductType, field="product"
        )
        if input.get("order"):
            order = cls.get_node_or_error(
                info,
                input["order"],
                only_type=OrderType,
                field="order",
                qs=Order.objects.filter(user=user),
            )
        else:
            order = selectors.order_to_review(user=user, product=product)
            if order is None:
                raise services.error(
                    "product",
                    _("Anda belum membeli produk ini dalam pesanan yang selesai."),
                    ReviewErrorCode.PRODUCT_NOT_BOUGHT,
                )
        review = services.review_create(
            user=user,
            order=order,
            product=product,
            rating=input.get("rating"),
            comment=input.get("comment") or "",
            photos=input.get("photos") or [],
        )
        return cls(review=review)


class ReviewReply(BaseMutation):
    review = graphene.Field(ReviewType, description="The review with its answer.")

    class Arguments:
        id = graphene.ID(required=True, description="The review.")
        text = graphene.String(required=True, description="The lembaga's answer.")

    class Meta:
        description = "Answer a review of your lembaga's product, once (its members)."
        error_type = ReviewError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, text):
        review = cls.get_node_or_error(info, id, model=Review)
        return cls(review=services.review_reply(user=info.context.user, review=review, text=text))


class ReviewHide(BaseMutation):
    review = graphene.Field(ReviewType, description="The hidden review.")

    class Arguments:
        id = graphene.ID(required=True, description="The review.")
        reason = graphene.String(required=True, description="Why it is hidden (audited).")

    class Meta:
        description = "Hide a review from the public with a reason (programme staff)."
        error_type = ReviewError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, reason):
        review = cls.get_node_or_error(info, id, model=Review)
        return cls(
            review=services.review_hide(user=info.context.user, review=review, reason=reason)
        )


class ReviewMutations(graphene.ObjectType):
    review_create = ReviewCreate.Field()
    review_reply = ReviewReply.Field()
    review_hide = ReviewHide.Field()


__all__ = ["ReviewMutations"]
