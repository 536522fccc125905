"""Batch loaders for orders: a page of orders loads its lines, events (with their
actors) and payments in one query each, whatever the page size."""

from orders.models import Order, OrderEvent, OrderLine, Payment
from shop.graphql.dataloaders import ByPkLoader, ListLoader, group_by


class OrderLinesByOrderIdLoader(ListLoader):
    key_sources = ((Order, "pk"),)

    def batch_load(self, keys):
        return group_by(OrderLine.objects.filter(order_id__in=keys), "order_id")


class OrderEventsByOrderIdLoader(ListLoader):
    """An order's history, oldest first, with who acted."""

    key_sources = ((Order, "pk"),)

    def batch_load(self, keys):
        rows = OrderEvent.objects.filter(order_id__in=keys).select_related("actor")
        return group_by(rows, "order_id")


class PaymentByIdLoader(ByPkLoader):
    model = Payment
