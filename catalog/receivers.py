"""Reactions to other apps' events."""

from sellers.models import Seller

from .services import stock_location_ensure_for_seller


def seller_location_on_activation(sender, *, seller_id: int, old: str, new: str, **kwargs) -> None:
    """Give a seller its own SELLER stock location when it becomes ACTIVE."""
    if new != Seller.Status.ACTIVE:
        return
    seller = Seller.objects.filter(pk=seller_id).first()
    if seller is not None:
        stock_location_ensure_for_seller(seller=seller)
