import graphene

from catalog.graphql.types import ProductType
from orders.graphql.types import OrderType
from orders.reviews import selectors
from shop.graphql.base import PagedConnectionField, extend_type

from .mutations import ReviewMutations
from .types import ReviewType, order_invoice_url


def product_reviews(product, info, **kwargs):
    return selectors.reviews_visible(product=product)


extend_type(
    ProductType,
    reviews=PagedConnectionField(
        ReviewType._meta.connection,
        required=True,
        description="Visible reviews of the product, newest first (verified purchases).",
        resolver=product_reviews,
    ),
)
extend_type(
    OrderType,
    invoice_url=graphene.Field(
        graphene.String,
        description="The invoice (or outlet receipt) PDF, once the order is paid.",
        resolver=order_invoice_url,
    ),
)

__all__ = ["ReviewMutations"]
