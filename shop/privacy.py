"""A buyer's personal data (UU 27/2022): a copy of it as JSON, and deleting the account.

Deleting keeps every order (payouts, tax and the programme's figures stay whole) but
takes the person out of them: the name, phone, street and e-mail on the orders and
carts become a pseudonym (``dihapus-<id>@akun-dihapus.invalid``, the same for all of
one person's orders, so the monitoring still counts them as one buyer), complaint
texts and photos are erased, reviews lose the author's name, and the account itself
is deleted with what hangs on it (address book, wishlist, consents, ASN record). The desa, kabupaten
and postal code stay: they are the programme's market-reach figures, not a person.
This module is the high part of ``shop``: it reads every app.
"""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import WishlistItem
from orders.complaints.models import Complaint, ComplaintPhoto
from orders.models import BuyerAddress, Checkout, Order
from orders.reviews.models import Review
from promotions.models import AsnParticipant, Redemption
from shop.access import Access
from shop.errors import AccountErrorCode as Code
from shop.models import User
from shop.monitoring.facts import facts_refresh

ERASED = "(dihapus)"


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _orders_of(user: User):
    return Order.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def personal_data_export(*, user: User) -> dict:
    """Everything the marketplace keeps about the person, as one JSON-ready dict."""
    orders = (
        _orders_of(user)
        .select_related("seller", "ship_village")
        .prefetch_related("lines", "complaints")
        .order_by("created_at")
    )
    addresses = {}
    data_orders = []
    for order in orders:
        address = {
            "name": order.ship_name,
            "phone": order.ship_phone,
            "street": order.ship_street,
            "village": order.ship_village.name if order.ship_village else "",
            "city": order.ship_city,
            "province": order.ship_province,
            "postal_code": order.ship_postal_code,
        }
        addresses[tuple(address.values())] = address
        data_orders.append(
            {
                "number": order.number,
                "seller": order.seller.name,
                "status": order.status,
                "created_at": _iso(order.created_at),
                "email": order.email,
                "shipping_address": address,
                "lines": [
                    {
                        "product": line.product_name,
                        "variant": line.variant_name,
                        "quantity": line.quantity,
                        "unit_price": line.unit_price,
                        "total": line.total,
                    }
                    for line in order.lines.all()
                ],
                "shipping_total": order.shipping_total,
                "discount_total": order.discount_total,
                "total": order.total,
                "refunded": order.refunded_amount,
            }
        )
    complaints = Complaint.objects.filter(Q(buyer=user) | Q(order__in=orders)).select_related(
        "order"
    )
    asn = AsnParticipant.objects.filter(user=user).first()
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
        },
        "consents": [
            {"purpose": c.purpose, "policy_version": c.policy_version, "given_at": _iso(c.given_at)}
            for c in user.consents.all()
        ],
        "addresses": list(addresses.values()),
        "address_book": [
            {
                "label": a.label,
                "name": a.name,
                "phone": a.phone,
                "street": a.street,
                "village": a.village.name if a.village else "",
                "city": a.city,
                "province": a.province,
                "postal_code": a.postal_code,
                "is_default": a.is_default,
            }
            for a in BuyerAddress.objects.filter(user=user).select_related("village")
        ],
        "orders": data_orders,
        "complaints": [
            {
                "order": c.order.number,
                "reason": c.reason,
                "description": c.description,
                "remedy": c.remedy,
                "amount": c.amount,
                "status": c.status,
                "created_at": _iso(c.created_at),
            }
            for c in complaints.distinct()
        ],
        "reviews": [
            {
                "order": r.order.number,
                "product": r.product.name,
                "rating": r.rating,
                "comment": r.comment,
                "shown_as": r.author_name,
                "reply": r.reply,
                "hidden": r.is_hidden,
                "created_at": _iso(r.created_at),
            }
            for r in Review.objects.filter(user=user).select_related("order", "product")
        ],
        "wishlist": [
            {"product": item.product.name, "added_at": _iso(item.created_at)}
            for item in WishlistItem.objects.filter(user=user).select_related("product")
        ],
        # the owner's own copy: the NIP whole (decrypted), as only they may see it
        "asn": (
            {
                "nip": asn.nip,
                "agency": asn.agency,
                "consented_at": _iso(asn.consented_at),
            }
            if asn
            else None
        ),
        "exported_at": _iso(timezone.now()),
    }


def pseudonym(user: User) -> str:
    """The e-mail that stands for a deleted person on the orders they keep."""
    return f"dihapus-{user.public_id.hex[:16]}@akun-dihapus.invalid"


@transaction.atomic
def account_delete(*, user: User, password: str) -> list[int]:
    """Delete a buyer's account (password confirmed), anonymising their orders; answer
    the ids of the orders kept. People with a role in the programme (a lembaga's members,
    pendamping, staff) are refused: their accounts are closed by the programme."""
    if not user.is_authenticated or not check_password(password or "", user.password):
        raise ValidationError(
            {"password": ValidationError(_("Kata sandi salah."), code=Code.INVALID_CREDENTIALS)}
        )
    access = Access(user)
    if user.is_staff or user.is_superuser or access.own_seller_ids or user.get_all_permissions():
        raise ValidationError(
            _("Akun dengan peran di program atau lembaga dihapus oleh admin program."),
            code=Code.ACCOUNT_HAS_ROLES,
        )
    alias = pseudonym(user)
    orders = _orders_of(user)
    order_ids = list(orders.values_list("pk", flat=True))
    Order.objects.filter(pk__in=order_ids).update(
        user=None, email=alias, ship_name=ERASED, ship_phone="", ship_street=ERASED
    )
    Checkout.objects.filter(Q(user=user) | Q(email__iexact=user.email)).filter(
        completed_at__isnull=True
    ).delete()
    Checkout.objects.filter(Q(user=user) | Q(email__iexact=user.email)).update(
        user=None, email=alias, ship_name=ERASED, ship_phone="", ship_street=ERASED
    )
    complaints = Complaint.objects.filter(Q(buyer=user) | Q(order_id__in=order_ids))
    photos = ComplaintPhoto.objects.filter(complaint__in=complaints)
    files = [(photo.image.storage, photo.image.name) for photo in photos]
    photos.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    complaints.update(buyer=None, description=ERASED)
    # Reviews keep their rating and words (the product's figures stay whole) but no
    # longer carry the person's name: they read "Pembeli".
    Review.objects.filter(user=user).update(author_name="")
    # A discount used as a guest under this e-mail: its per-buyer count stays one person's
    Redemption.objects.filter(customer=f"email:{user.email.strip().lower()}").update(
        customer=f"email:{alias}"
    )
    user.delete()  # the address book, wishlist, consents and the ASN record go with it
    # The sales facts re-read the orders: the same figures, keyed by the pseudonym.
    facts_refresh(order_ids=order_ids)
    return order_ids
