"""Signal receivers of search: follow changes made in apps below catalog.

``sellers`` cannot call catalog (layers look down), so it sends
``seller_status_changed`` after commit and search re-indexes that seller's
products: a suspended seller's products leave the results, a re-activated
seller's come back.
"""

from catalog.models import Product

from .indexing import product_index_later


def seller_products_reindex(sender, seller_id: int, old=None, new=None, **kwargs) -> None:
    """Queue a re-index of every product of the seller whose status changed."""
    product_index_later(Product.objects.filter(seller_id=seller_id).values_list("pk", flat=True))
