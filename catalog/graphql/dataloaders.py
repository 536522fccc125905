"""Batch loaders for the catalog: a page of products loads its variants (with the
online stock), images, certificates, categories and buffer villages in one query
each, whatever the page size."""

from catalog.models import (
    Category,
    Certificate,
    Product,
    ProductMedia,
    ProductVariant,
    StockLocation,
)
from catalog.selectors import products_by_ids, seller_product_pages, variants_with_availability
from sellers.graphql.dataloaders import villages_by_owner
from sellers.models import Seller
from shop.graphql.dataloaders import (
    ByPkLoader,
    DataLoader,
    ListLoader,
    group_by,
    peers_of,
    record_peers,
)


class CategoryByIdLoader(ByPkLoader):
    """Categories with their parent (the legality rules read one level up)."""

    model = Category

    def queryset(self):
        return Category.objects.select_related("parent")


class StockLocationByIdLoader(ByPkLoader):
    """Stock locations (an offline order's outlet) by id."""

    model = StockLocation


class VariantsByProductIdLoader(ListLoader):
    """A product's variants, each with ``quantity_available`` (online stock minus
    reservations) annotated, so availability costs no query per variant."""

    key_sources = ((Product, "pk"),)

    def batch_load(self, keys):
        rows = variants_with_availability(ProductVariant.objects.filter(product_id__in=keys))
        return group_by(rows, "product_id")


class MediaByProductIdLoader(ListLoader):
    key_sources = ((Product, "pk"),)

    def batch_load(self, keys):
        return group_by(ProductMedia.objects.filter(product_id__in=keys), "product_id")


class CertificatesByProductIdLoader(ListLoader):
    """Every certificate of a product and of its seller, whatever the state; the
    resolver keeps what the viewer may see."""

    key_sources = ((Product, "pk"),)

    def batch_load(self, keys):
        sellers = {p.pk: p.seller_id for p in peers_of(self.context, Product) if p.pk in keys}
        if len(sellers) < len(set(keys)):
            rows = Product.objects.filter(pk__in=set(keys) - set(sellers))
            sellers.update(rows.values_list("pk", "seller_id"))
        own = Certificate.objects.filter(product_id__in=keys).select_related("product__seller")
        of_sellers = Certificate.objects.filter(
            seller_id__in=set(sellers.values()), product__isnull=True
        ).select_related("seller")
        by_product = group_by(own, "product_id")
        by_seller = group_by(of_sellers, "seller_id")
        return {
            pk: by_product.get(pk, []) + by_seller.get(seller_id, [])
            for pk, seller_id in sellers.items()
        }


class BufferVillagesByProductIdLoader(ListLoader):
    key_sources = ((Product, "pk"),)

    def batch_load(self, keys):
        rows = Product.buffer_villages.through.objects.filter(product_id__in=keys)
        return villages_by_owner(self.context, rows.order_by("village_id"), "product_id")


class ProductPageBySellerIdLoader(DataLoader):
    """One page (``first``, ``offset`` given as loader arguments) of each seller's public
    products by name, with the seller's total: a list of sellers with their products
    costs three queries, not one search per seller."""

    key_sources = ((Seller, "pk"),)

    def batch_load(self, keys):
        first, offset = self.args
        pages = seller_product_pages(seller_ids=keys, offset=offset, limit=first)
        ids = [pk for page, _total in pages.values() for pk in page]
        products = {p.pk: p for p in products_by_ids(ids, with_relations=False)}
        record_peers(self.context, products.values())
        return {
            seller_id: ([products[pk] for pk in page if pk in products], total)
            for seller_id, (page, total) in pages.items()
        }
