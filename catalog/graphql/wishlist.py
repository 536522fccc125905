"""The buyer's wishlist over GraphQL: ``me { wishlist }``, ``wishlistAdd``, ``wishlistRemove``."""

import graphene

from catalog.selectors import wishlist_products
from catalog.services.wishlist import wishlist_add, wishlist_remove
from shop.graphql.base import BaseMutation, global_id_to_pk

from .mutations import CatalogError
from .types import ProductType


class WishlistChange(BaseMutation):
    """A change of the signed-in buyer's wishlist by one product; answers the list."""

    wishlist = graphene.List(
        graphene.NonNull(ProductType),
        description="The wishlist, last saved first (null with errors).",
    )

    class Arguments:
        product = graphene.ID(required=True, description="Product ID.")

    class Meta:
        abstract = True

    @classmethod
    def perform(cls, root, info, product):
        user = info.context.user
        cls.service(user=user, product_id=global_id_to_pk(product, "Product", field="product"))
        return cls(wishlist=wishlist_products(user=user))


class WishlistAdd(WishlistChange):
    class Meta:
        description = "Save a product for later (saving it twice keeps one; at most 200)."
        error_type = CatalogError
        login_required = True

    service = staticmethod(wishlist_add)


class WishlistRemove(WishlistChange):
    class Meta:
        description = "Take a product off the wishlist (nothing happens if it was not on it)."
        error_type = CatalogError
        login_required = True

    service = staticmethod(wishlist_remove)


class WishlistMutations(graphene.ObjectType):
    wishlist_add = WishlistAdd.Field()
    wishlist_remove = WishlistRemove.Field()
