import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from catalog.models import Category, Product, ProductVariant
from sellers.graphql.types import SellerType
from shop.graphql.base import Money, money


class CategoryType(DjangoObjectType):
    name = graphene.String(required=True, description="Name in Bahasa Indonesia.")
    slug = graphene.String(required=True, description="URL slug.")

    class Meta:
        model = Category
        name = "Category"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug")
        description = "A node of the OVOP product taxonomy."


class ProductVariantType(DjangoObjectType):
    sku = graphene.String(required=True, description="Stock keeping unit, unique.")
    name = graphene.String(required=True, description="Variant name, e.g. 250 g.")
    price = graphene.Field(Money, required=True, description="Unit price.")

    class Meta:
        model = ProductVariant
        name = "ProductVariant"
        interfaces = (relay.Node,)
        fields = ("id", "sku", "name", "price")
        description = "A sellable variant of a product."

    @staticmethod
    def resolve_price(root: ProductVariant, info):
        return money(root.price)


class ProductType(DjangoObjectType):
    name = graphene.String(required=True, description="Product name.")
    slug = graphene.String(required=True, description="URL slug.")
    seller = graphene.Field(SellerType, required=True, description="The lembaga selling it.")
    category = graphene.Field(CategoryType, required=True, description="Its category.")

    class Meta:
        model = Product
        name = "Product"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug", "seller", "category")
        description = "An OVOP product."
