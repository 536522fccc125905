"""The one upward notification of the sellers layer.

``seller_status_changed(sender=Seller, seller_id, old, new)`` is sent after
the transaction that changed a seller's status commits, so higher layers
(catalog, search) can publish, unpublish or reindex the seller's products
without sellers importing them.
"""

from django.dispatch import Signal

seller_status_changed = Signal()
