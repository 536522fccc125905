from .addresses import AddressMutations
from .mutations import CheckoutOrderMutations
from .queries import OrderQueries


class OrderMutations(CheckoutOrderMutations, AddressMutations):
    """The checkout, order and shipping mutations, and the buyer's address book."""


__all__ = ["OrderMutations", "OrderQueries"]
