import graphene

from catalog.search import SearchQuery
from sellers.graphql.types import SellerType
from shop.graphql.base import extend_type

from .dataloaders import ProductPageBySellerIdLoader
from .mutations import ProductMutations
from .queries import CatalogQueries, page_window, product_page
from .types import ProductCountableConnection
from .wishlist import WishlistMutations


class CatalogMutations(ProductMutations, WishlistMutations):
    """Products, their legality and designation, and the buyer's wishlist."""


def _seller_products(seller, info, first=None, after=None):
    first, offset = page_window(first, after)
    rows, total = ProductPageBySellerIdLoader(info.context, first, offset).load(seller.pk)
    facet_query = SearchQuery(seller=seller.pk, sort="NAME", offset=offset, limit=first)
    return product_page(
        rows, offset=offset, page_ids=len(rows), total=total, facet_query=facet_query
    )


extend_type(
    SellerType,
    products=graphene.Field(
        ProductCountableConnection,
        required=True,
        first=graphene.Int(description="Page size, at most 100 (default 20)."),
        after=graphene.String(description="Cursor of the last row of the previous page."),
        resolver=_seller_products,
        description="The lembaga's published products, by name.",
    ),
)

__all__ = ("CatalogMutations", "CatalogQueries")
