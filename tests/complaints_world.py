"""A delivered order to complain about: a buyer's two tenun from BUMDes Sikka Jaya, paid
(DUMMY gateway), shipped and received. Plain functions, used by the complaint tests and
the e2e journey."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from orders.models import Order, OrderEvent, OrderEventType
from orders.services.checkout import LineInput, checkout_create, checkout_shipping_method_set
from orders.services.completion import checkout_place
from orders.services.orders import order_fulfill, order_mark_delivered
from tests.shopping import KUPANG_ADDRESS, World


def delivered_order(world: World, buyer, *, quantity: int = 2) -> Order:
    """The buyer's paid, shipped and received order of ``quantity`` tenun (Rp 450.000 each)."""
    checkout = checkout_create(
        user=buyer,
        lines=[LineInput(variant_id=world.tenun.pk, quantity=quantity)],
        email=buyer.email,
        address=KUPANG_ADDRESS,
    )
    checkout_shipping_method_set(
        checkout=checkout, seller_id=world.sikka.pk, method_id=world.sikka_ship["courier"].pk
    )
    [order] = checkout_place(checkout=checkout, gateway="DUMMY", expected_total=None, actor=buyer)
    order_fulfill(order=order, actor=world.sikka_member, tracking_number="JNE123")
    return order_mark_delivered(order=order, actor=buyer)


def delivered_at(order: Order):
    return OrderEvent.objects.get(order=order, type=OrderEventType.DELIVERED).created_at


def backdate_delivery(order: Order, *, days: float) -> None:
    """Pretend the order was received ``days`` ago."""
    OrderEvent.objects.filter(order=order, type=OrderEventType.DELIVERED).update(
        created_at=delivered_at(order) - timedelta(days=days)
    )


def photo(name: str = "paket.jpg", fmt: str = "JPEG") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def not_an_image() -> SimpleUploadedFile:
    return SimpleUploadedFile("paket.jpg", b"<html>not an image</html>", content_type="image/jpeg")
