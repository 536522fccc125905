"""The buyer's address book: saved delivery addresses, one of them the default."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shop.access import Access, require

from ..errors import CheckoutErrorCode as Code
from ..models import BuyerAddress, Checkout
from ..selectors import buyer_address_get
from .checkout import AddressInput, address_clean


def _limit() -> int:
    return getattr(settings, "BUYER_ADDRESS_LIMIT", 20)


def _require_buyer(user) -> None:
    require(
        Access(user).may_keep_buyer_lists(),
        _("Masuk terlebih dahulu untuk menyimpan alamat."),
    )


def buyer_address_own(*, user, address_id) -> BuyerAddress:
    """One of the buyer's own addresses, or NOT_FOUND (another person's is not found)."""
    _require_buyer(user)
    return _own(user=user, address_id=address_id)


def _own(*, user, address_id) -> BuyerAddress:
    """``buyer_address_own`` for a service that has checked who may already."""
    address = buyer_address_get(user=user, pk=address_id)
    if address is None:
        raise ValidationError(
            {"address": ValidationError(_("Alamat tidak ditemukan."), code=Code.NOT_FOUND)}
        )
    return address


@transaction.atomic
def buyer_address_save(
    *,
    user,
    address: AddressInput,
    label: str = "",
    make_default: bool = False,
    address_id: int | None = None,
) -> BuyerAddress:
    """Add an address to the buyer's book, or change one of theirs.

    The first address becomes the default, so a new buyer's next checkout is
    filled in without a choice to make. The same checks as the checkout apply.
    """
    _require_buyer(user)
    clean = address_clean(address=address)
    # Lock the user's rows: two tabs saving at once must not make two defaults.
    existing = list(BuyerAddress.objects.select_for_update().filter(user=user))
    if address_id is None:
        if len(existing) >= _limit():
            raise ValidationError(
                _("Buku alamat penuh (paling banyak %(n)s alamat). Hapus satu dulu."),
                code=Code.INVALID,
                params={"n": _limit()},
            )
        record = BuyerAddress(user=user)
    else:
        record = _own(user=user, address_id=address_id)
    record.label = (label or "").strip()[:60]
    record.name = clean.name
    record.phone = clean.phone
    record.street = clean.street
    record.postal_code = clean.postal_code
    record.village = clean.village
    record.city = clean.city
    record.province = clean.province
    first = not any(a.is_default for a in existing if a.pk != record.pk)
    if make_default or first:
        BuyerAddress.objects.filter(user=user, is_default=True).exclude(pk=record.pk).update(
            is_default=False
        )
        record.is_default = True
    record.save()
    return record


@transaction.atomic
def buyer_address_default_set(*, user, address_id) -> BuyerAddress:
    """Make one of the buyer's addresses the one each checkout starts from."""
    address = buyer_address_own(user=user, address_id=address_id)
    BuyerAddress.objects.filter(user=user, is_default=True).update(is_default=False)
    address.is_default = True
    address.save(update_fields=["is_default", "updated_at"])
    return address


@transaction.atomic
def buyer_address_delete(*, user, address_id) -> None:
    """Remove an address; when it was the default, the most recently used one takes over."""
    address = buyer_address_own(user=user, address_id=address_id)
    was_default = address.is_default
    address.delete()
    if was_default:
        nxt = BuyerAddress.objects.filter(user=user).order_by("-updated_at", "-pk").first()
        if nxt is not None:
            nxt.is_default = True
            nxt.save(update_fields=["is_default"])


def checkout_address_use(*, checkout: Checkout, address: BuyerAddress) -> Checkout:
    """Fill the checkout with a saved address (its couriers are then priced at once)."""
    if checkout.completed_at or checkout.user_id != address.user_id:
        raise ValidationError(
            {"address": ValidationError(_("Alamat tidak ditemukan."), code=Code.NOT_FOUND)}
        )
    checkout.ship_name = address.name
    checkout.ship_phone = address.phone
    checkout.ship_street = address.street
    checkout.ship_village = address.village
    checkout.ship_city = address.city
    checkout.ship_province = address.province
    checkout.ship_postal_code = address.postal_code
    checkout.save(
        update_fields=[
            "ship_name",
            "ship_phone",
            "ship_street",
            "ship_village",
            "ship_city",
            "ship_province",
            "ship_postal_code",
            "updated_at",
        ]
    )
    return checkout


def buyer_address_remember(*, checkout: Checkout) -> BuyerAddress | None:
    """Keep the address of a placed order in the buyer's book, unless it is there already.

    Nothing for a guest, an incomplete address or a full book.
    """
    user = checkout.user
    if user is None or not checkout.has_address:
        return None
    same = BuyerAddress.objects.filter(
        user=user,
        name=checkout.ship_name,
        phone=checkout.ship_phone,
        street=checkout.ship_street,
        village=checkout.ship_village,
        city=checkout.ship_city,
        province=checkout.ship_province,
        postal_code=checkout.ship_postal_code,
    ).first()
    if same is not None:
        same.save(update_fields=["updated_at"])
        return same
    try:
        return buyer_address_save(
            user=user,
            address=AddressInput(
                name=checkout.ship_name,
                phone=checkout.ship_phone,
                street=checkout.ship_street,
                village_code=checkout.ship_village_id or "",
                city=checkout.ship_city,
                province=checkout.ship_province,
                postal_code=checkout.ship_postal_code,
            ),
        )
    except ValidationError:
        return None
