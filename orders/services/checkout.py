"""Checkout writes: the cart's lines, contact and address, shipping choices."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.legality import category_min_buyer_age
from catalog.models import Product, ProductVariant
from catalog.selectors import products_visible, variants_with_availability
from promotions.services import voucher_check
from sellers.models import District, Seller, Village
from sellers.selectors import village_get
from shop import rows
from shop.phone import normalize_phone

from ..errors import CheckoutErrorCode as Code
from ..models import Checkout, CheckoutDelivery, CheckoutLine, ShippingMethod
from ..pricing import (
    CheckoutPrices,
    checkout_customer,
    checkout_prices,
    checkout_prices_plain,
    destination_band_from,
    promotion_items,
    shipping_price,
)
from ..selectors import checkout_open_by_token, checkout_open_for_user


@dataclass
class LineInput:
    variant_id: int
    quantity: int


@dataclass
class AddressInput:
    name: str = ""
    phone: str = ""
    street: str = ""
    village_code: str = ""
    city: str = ""
    province: str = ""
    postal_code: str = ""


def checkout_get(*, token, user) -> Checkout:
    """The checkout with this token, if the requester may use it.

    A guest's checkout is reachable by its (secret) token; a signed-in user's
    only by that user.
    """
    try:
        checkout = Checkout.objects.get(token=token)
    except (Checkout.DoesNotExist, ValidationError, ValueError):
        raise ValidationError(
            {"token": ValidationError(_("Keranjang tidak ditemukan."), code=Code.NOT_FOUND)}
        ) from None
    if checkout.user_id and (not user.is_authenticated or user.pk != checkout.user_id):
        raise ValidationError(
            {"token": ValidationError(_("Keranjang tidak ditemukan."), code=Code.NOT_FOUND)}
        )
    return checkout


def _ensure_open(checkout: Checkout) -> None:
    if checkout.completed_at:
        raise ValidationError(
            _("Checkout ini sudah selesai menjadi pesanan."), code=Code.CHECKOUT_COMPLETED
        )


def _lines_validate(lines: Iterable[LineInput]) -> dict[int, ProductVariant]:
    lines = list(lines)
    for line in lines:
        if line.quantity is None or line.quantity <= 0:
            raise ValidationError(
                {
                    "quantity": ValidationError(
                        _("Jumlah harus lebih dari 0."), code=Code.QUANTITY_INVALID
                    )
                }
            )
    ids = {line.variant_id for line in lines}
    variants = {
        v.pk: v
        for v in variants_with_availability(
            ProductVariant.objects.filter(pk__in=ids, product__in=products_visible())
        )
    }
    for line in lines:
        if line.variant_id not in variants:
            raise ValidationError(
                {
                    "variant": ValidationError(
                        _("Produk ini tidak tersedia."), code=Code.VARIANT_UNAVAILABLE
                    )
                }
            )
    return variants


def _stock_check(checkout: Checkout) -> None:
    quantities = dict(checkout.lines.values_list("variant_id", "quantity"))
    available = dict(
        variants_with_availability(ProductVariant.objects.filter(pk__in=quantities)).values_list(
            "pk", "quantity_available"
        )
    )
    for variant_id, quantity in quantities.items():
        _quantity_check(quantity, available.get(variant_id, 0))


def _quantity_check(quantity: int, available: int | None) -> None:
    available = available or 0
    if available < quantity:
        raise ValidationError(
            {
                "quantity": ValidationError(
                    _("Stok tidak mencukupi: tersisa %(n)s."),
                    code=Code.INSUFFICIENT_STOCK,
                    params={"n": max(0, available)},
                )
            }
        )


@dataclass(frozen=True)
class CleanAddress:
    """An address checked and normalised (phone +62..., a known desa or city+province)."""

    name: str
    phone: str
    street: str
    postal_code: str
    village: Village | None
    city: str
    province: str


def address_clean(*, address: AddressInput) -> CleanAddress:
    """Check a typed delivery address; one rule for the checkout and the address book."""
    errors = {}
    name = (address.name or "").strip()
    street = (address.street or "").strip()
    postal = (address.postal_code or "").strip()
    if not name:
        errors["name"] = ValidationError(_("Nama penerima wajib diisi."), code=Code.REQUIRED)
    if not street:
        errors["street"] = ValidationError(_("Alamat wajib diisi."), code=Code.REQUIRED)
    if not (postal.isdigit() and len(postal) == 5):
        errors["postal_code"] = ValidationError(_("Kode pos harus 5 angka."), code=Code.INVALID)
    phone = ""
    try:
        phone = normalize_phone(address.phone or "")
    except ValidationError as exc:
        errors["phone"] = ValidationError(exc.messages[0], code=Code.INVALID)
    village = None
    if address.village_code:
        village = village_get(code=address.village_code.strip())
        if village is None:
            errors["village_code"] = ValidationError(
                _("Kode desa/kelurahan tidak dikenal."), code=Code.NOT_FOUND
            )
    elif not ((address.city or "").strip() and (address.province or "").strip()):
        errors["village_code"] = ValidationError(
            _("Pilih desa/kelurahan di NTT, atau isi kota dan provinsi di luar NTT."),
            code=Code.REQUIRED,
        )
    if errors:
        raise ValidationError(errors)
    return CleanAddress(
        name=name,
        phone=phone,
        street=street,
        postal_code=postal,
        village=village,
        city="" if village else address.city.strip(),
        province="" if village else address.province.strip(),
    )


def _address_apply(checkout: Checkout, address: AddressInput) -> None:
    clean = address_clean(address=address)
    checkout.ship_name = clean.name
    checkout.ship_phone = clean.phone
    checkout.ship_street = clean.street
    checkout.ship_postal_code = clean.postal_code
    checkout.ship_village = clean.village
    checkout.ship_city = clean.city
    checkout.ship_province = clean.province


def _email_apply(checkout: Checkout, email: str) -> None:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": ValidationError(_("Alamat e-mail tidak valid."), code=Code.INVALID)}
        ) from None
    checkout.email = email


def _lines_merged(lines: Iterable[LineInput]) -> list[LineInput]:
    """Two lines of one variant in a request are one line of their summed quantity
    (a cart holds one line per variant; the database refuses a second)."""
    merged: dict[int, LineInput] = {}
    for line in lines:
        if line.variant_id in merged:
            first = merged[line.variant_id]
            merged[line.variant_id] = LineInput(first.variant_id, first.quantity + line.quantity)
        else:
            merged[line.variant_id] = line
    return list(merged.values())


def _lines_upsert(
    checkout: Checkout, lines: list[LineInput], *, replace: bool, new: bool = False
) -> None:
    """Write the lines; ``new``: the checkout was just created (it has no line yet)."""
    variants = _lines_validate(lines)
    lines = _lines_merged(lines)
    if new:  # every line is new: one INSERT, stock checked against the variants just read
        for item in lines:
            _quantity_check(item.quantity, variants[item.variant_id].quantity_available)
        _lines_insert(
            [
                CheckoutLine(checkout=checkout, variant_id=i.variant_id, quantity=i.quantity)
                for i in lines
            ]
        )
        return
    existing = {line.variant_id: line for line in checkout.lines.all()}
    added = []
    for item in lines:
        line = existing.get(item.variant_id)
        if line is None:
            added.append(
                CheckoutLine(checkout=checkout, variant_id=item.variant_id, quantity=item.quantity)
            )
        else:
            line.quantity = item.quantity if replace else line.quantity + item.quantity
            line.save(update_fields=["quantity"])
    CheckoutLine.objects.bulk_create(added)
    _stock_check(checkout)


def _lines_insert(lines: list[CheckoutLine]) -> None:
    """A new cart's lines in one hand-written INSERT (``shop.rows``): ``bulk_create``'s
    compiling cost more CPU than the statement, on every cart created."""
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`
        CheckoutLine.objects.bulk_create(lines)
        return
    with connection.cursor() as cursor:
        cursor.execute(rows.insert(CheckoutLine), rows.insert_params(CheckoutLine, lines))
        rows.inserted(lines, [pk for (pk,) in cursor.fetchall()])


@transaction.atomic
def checkout_create(
    *,
    user,
    lines: list[LineInput],
    email: str = "",
    address: AddressInput | None = None,
    age_confirmed: bool = False,
) -> Checkout:
    """Start a cart for a guest or a signed-in user, with its first lines."""
    checkout = Checkout(user=user if user.is_authenticated else None, age_confirmed=age_confirmed)
    if email or (checkout.user and checkout.user.email):
        _email_apply(checkout, email or checkout.user.email)
    if address is not None:
        _address_apply(checkout, address)
    checkout.save()
    _lines_upsert(checkout, lines, replace=False, new=True)
    return checkout


@transaction.atomic
def checkout_lines_add(*, checkout: Checkout, lines: list[LineInput]) -> Checkout:
    """Add units to the cart (adding to a line already there)."""
    _ensure_open(checkout)
    _lines_upsert(checkout, lines, replace=False)
    checkout.save(update_fields=["updated_at"])
    return checkout


@transaction.atomic
def checkout_lines_update(*, checkout: Checkout, lines: list[LineInput]) -> Checkout:
    """Set the quantity of lines; a quantity of 0 or less is refused (delete the line instead)."""
    _ensure_open(checkout)
    _lines_upsert(checkout, lines, replace=True)
    checkout.save(update_fields=["updated_at"])
    return checkout


@transaction.atomic
def checkout_line_delete(*, checkout: Checkout, variant_id: int) -> Checkout:
    """Remove a variant from the cart."""
    _ensure_open(checkout)
    checkout.lines.filter(variant_id=variant_id).delete()
    checkout.deliveries.exclude(
        seller_id__in=checkout.lines.values("variant__product__seller_id")
    ).delete()
    checkout.save(update_fields=["updated_at"])
    return checkout


@transaction.atomic
def checkout_update(
    *,
    checkout: Checkout,
    email: str | None = None,
    address: AddressInput | None = None,
    age_confirmed: bool | None = None,
) -> Checkout:
    """Set contact, shipping address and the buyer's age confirmation."""
    _ensure_open(checkout)
    if email is not None:
        _email_apply(checkout, email)
    if address is not None:
        _address_apply(checkout, address)
    if age_confirmed is not None:
        checkout.age_confirmed = age_confirmed
    checkout.save()
    return checkout


@transaction.atomic
def checkout_shipping_method_set(*, checkout: Checkout, seller_id: int, method_id: int) -> Checkout:
    """Choose how one seller's part is delivered; the method must be offered for this address."""
    _ensure_open(checkout)
    if not _method_offered(checkout, int(seller_id), int(method_id)):
        _method_refused(checkout, int(seller_id), int(method_id))
    _delivery_choose(checkout=checkout, seller_id=int(seller_id), method_id=int(method_id))
    return checkout


def _delivery_choose(*, checkout: Checkout, seller_id: int, method_id: int) -> None:
    """Write the choice and touch the checkout's ``updated_at`` in one statement: the
    upsert (``INSERT ... ON CONFLICT DO UPDATE``) as a data-modifying ``WITH`` of the
    checkout's UPDATE. Hand-written (``shop.rows``): a round trip less on every shipping
    choice, twice per checkout of two lembaga."""
    checkout.updated_at = timezone.now()  # what save(update_fields=["updated_at"]) sets
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`
        CheckoutDelivery.objects.update_or_create(
            checkout=checkout, seller_id=seller_id, defaults={"method_id": method_id}
        )
        Checkout.objects.filter(pk=checkout.pk).update(updated_at=checkout.updated_at)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH chosen AS (INSERT INTO {CheckoutDelivery._meta.db_table}"
            " (checkout_id, seller_id, method_id) VALUES (%s, %s, %s)"
            " ON CONFLICT (checkout_id, seller_id) DO UPDATE SET method_id = EXCLUDED.method_id)"
            f" UPDATE {Checkout._meta.db_table} SET updated_at = %s WHERE id = %s",
            [checkout.pk, seller_id, method_id, checkout.updated_at, checkout.pk],
        )


@cache
def _method_statement() -> str:
    """The query of ``_method_offered``, written once per process (``shop.rows``). The
    cart's weight is read line by line (LATERAL, kept apart by its LIMIT of the one
    variant): as a plain join the planner merged the checkout's few lines with every
    variant in id order (6 ms at 2,000 variants, growing with the catalogue)."""
    return f"""
        SELECT {rows.columns(ShippingMethod, "m")}, d.regency_id,
               (SELECT sum(l.quantity * w.weight_grams)
                  FROM {CheckoutLine._meta.db_table} l,
                       LATERAL (SELECT v.weight_grams
                                  FROM {ProductVariant._meta.db_table} v
                                  JOIN {Product._meta.db_table} p ON p.id = v.product_id
                                 WHERE v.id = l.variant_id AND p.seller_id = m.seller_id
                                 LIMIT 1) w
                 WHERE l.checkout_id = %s) AS cart_grams
          FROM {ShippingMethod._meta.db_table} m
          JOIN {Seller._meta.db_table} s ON s.id = m.seller_id
          JOIN {Village._meta.db_table} vi ON vi.code = s.village_id
          JOIN {District._meta.db_table} d ON d.code = vi.district_id
         WHERE m.id = %s AND m.seller_id = %s AND m.is_active"""


def _method_offered(checkout: Checkout, seller_id: int, method_id: int) -> bool:
    """Whether the seller's active method delivers this seller's part of the cart, in one
    query: the method with the seller's kabupaten and the weight of the seller's lines
    (None: not in the cart). Hand-written, like the pricing's line query: the ORM's
    compilation of it cost more CPU than the database's answer, twice per checkout."""
    if not rows.is_postgres():  # SQLite, the embedded default of `make run`
        return _method_offered_plain(checkout, seller_id, method_id)
    found = rows.fetch(_method_statement(), [checkout.pk, method_id, seller_id])
    if not found:
        return False
    row = found[0]
    method, at = rows.take(ShippingMethod, row, 0)
    regency_id, cart_grams = row[at], row[at + 1]
    if cart_grams is None:
        return False
    band = destination_band_from(checkout=checkout, regency_id=regency_id)
    return shipping_price(method=method, band=band, weight_grams=cart_grams) is not None


def _method_offered_plain(checkout: Checkout, seller_id: int, method_id: int) -> bool:
    """``_method_offered`` through the ORM (no LATERAL on SQLite)."""
    weight = (
        CheckoutLine.objects.filter(
            checkout=checkout, variant__product__seller_id=OuterRef("seller_id")
        )
        .values("checkout_id")
        .annotate(grams=Sum(F("quantity") * F("variant__weight_grams")))
        .values("grams")
    )
    method = (
        ShippingMethod.objects.filter(pk=method_id, seller_id=seller_id, is_active=True)
        .select_related("seller__village__district")
        .annotate(cart_grams=Subquery(weight))
        .first()
    )
    if method is None or method.cart_grams is None:
        return False
    regency_id = method.seller.village.district.regency_id
    band = destination_band_from(checkout=checkout, regency_id=regency_id)
    return shipping_price(method=method, band=band, weight_grams=method.cart_grams) is not None


def _method_refused(checkout: Checkout, seller_id: int, method_id: int) -> None:
    """Raise why the method cannot be chosen: the seller is not in the cart, there is no
    such method, or it does not deliver to this address or this weight."""
    # Discounts do not change which methods deliver, nor their price: the plain prices.
    prices = checkout_prices_plain(checkout=checkout)
    part = next((p for p in prices.parts if p.seller.pk == seller_id), None)
    if part is None:
        raise ValidationError(
            {
                "seller": ValidationError(
                    _("Penjual ini tidak ada di keranjang."), code=Code.NOT_FOUND
                )
            }
        )
    if not ShippingMethod.objects.filter(pk=method_id, seller_id=seller_id).exists():
        raise ValidationError(
            {
                "method": ValidationError(
                    _("Metode pengiriman tidak ditemukan."), code=Code.NOT_FOUND
                )
            }
        )
    raise ValidationError(
        {
            "method": ValidationError(
                _("Metode pengiriman ini tidak tersedia untuk alamat atau berat pesanan."),
                code=Code.SHIPPING_METHOD_UNAVAILABLE,
            )
        }
    )


@transaction.atomic
def checkout_voucher_apply(*, checkout: Checkout, code: str) -> Checkout:
    """Put a voucher on the cart if it discounts something in it now; one voucher per checkout.

    Codes are case-insensitive. A second, different code replaces the first;
    the same code again is refused (VOUCHER_ALREADY_APPLIED). Nothing changes
    on a refusal.
    """
    _ensure_open(checkout)
    wanted = (code or "").strip().upper()
    if wanted and wanted == checkout.voucher_code:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Voucher ini sudah dipakai di keranjang Anda."),
                    code=Code.VOUCHER_ALREADY_APPLIED,
                )
            }
        )
    prices = checkout_prices_plain(checkout=checkout)
    voucher = voucher_check(
        code=wanted,
        items=promotion_items(prices.parts),
        customer=checkout_customer(checkout),
        checkout_id=checkout.pk,
    )
    checkout.voucher_code = voucher.code
    checkout.save(update_fields=["voucher_code", "updated_at"])
    return checkout


@transaction.atomic
def checkout_voucher_remove(*, checkout: Checkout) -> Checkout:
    """Take the voucher off the cart."""
    _ensure_open(checkout)
    checkout.voucher_code = ""
    checkout.save(update_fields=["voucher_code", "updated_at"])
    return checkout


def checkout_validate(*, checkout: Checkout, prices: CheckoutPrices) -> None:
    """Everything a checkout needs before it can be paid, each with its own code."""
    _ensure_open(checkout)
    if not prices.parts:
        raise ValidationError(_("Keranjang masih kosong."), code=Code.EMPTY_CHECKOUT)
    flagged = [lp for p in prices.parts for lp in p.lines]
    if all(hasattr(lp.line, "visible") for lp in flagged):  # read with the lines
        visible = {lp.variant.product_id for lp in flagged if lp.line.visible}
    else:
        visible = set(
            products_visible()
            .filter(pk__in=[lp.variant.product_id for lp in flagged])
            .values_list("pk", flat=True)
        )
    for part in prices.parts:
        for lp in part.lines:
            if lp.variant.product_id not in visible:
                raise ValidationError(
                    {
                        "lines": ValidationError(
                            _("%(name)s tidak lagi dijual."),
                            code=Code.VARIANT_UNAVAILABLE,
                            params={"name": lp.variant.product.name},
                        )
                    }
                )
            age = category_min_buyer_age(lp.variant.product.category)
            if age and not checkout.age_confirmed:
                raise ValidationError(
                    {
                        "age_confirmed": ValidationError(
                            _(
                                "%(name)s hanya dijual kepada pembeli berusia %(age)s tahun ke atas. "
                                "Konfirmasikan usia Anda."
                            ),
                            code=Code.AGE_CONFIRMATION_REQUIRED,
                            params={"name": lp.variant.product.name, "age": age},
                        )
                    }
                )
    if not checkout.email:
        raise ValidationError(
            {"email": ValidationError(_("E-mail wajib diisi."), code=Code.EMAIL_REQUIRED)}
        )
    if not checkout.has_address:
        raise ValidationError(
            {
                "shipping_address": ValidationError(
                    _("Alamat pengiriman wajib diisi."), code=Code.ADDRESS_REQUIRED
                )
            }
        )
    for part in prices.parts:
        if part.selected is None:
            raise ValidationError(
                {
                    "shipping_method": ValidationError(
                        _("Pilih metode pengiriman untuk %(seller)s."),
                        code=Code.SHIPPING_METHOD_REQUIRED,
                        params={"seller": part.seller.name},
                    )
                }
            )


@transaction.atomic
def checkout_merge_into_user(*, guest: Checkout, user) -> Checkout:
    """At sign-in, move a guest cart's lines into the user's open cart (or adopt it)."""
    if guest.user_id or guest.completed_at:
        return guest
    mine = (
        Checkout.objects.filter(user=user, completed_at__isnull=True)
        .exclude(pk=guest.pk)
        .order_by("-updated_at")
        .first()
    )
    if mine is None:
        guest.user = user
        if not guest.email:
            guest.email = user.email
        guest.save()
        return guest
    existing = {line.variant_id: line for line in mine.lines.all()}
    for line in guest.lines.all():
        if line.variant_id in existing:
            target = existing[line.variant_id]
            target.quantity += line.quantity
            target.save(update_fields=["quantity"])
        else:
            CheckoutLine.objects.create(
                checkout=mine, variant_id=line.variant_id, quantity=line.quantity
            )
    if not guest.payments.exists():
        guest.delete()
    mine.save(update_fields=["updated_at"])
    return mine


def checkout_of_visitor(*, user, token) -> Checkout | None:
    """The visitor's open cart: a guest's by the token their session holds, a user's own.

    At sign-in a guest cart is merged into the user's open cart (or adopted);
    a cart of another user is never answered.
    """
    guest = checkout_open_by_token(token=token)
    if not user.is_authenticated:
        return guest if guest is not None and guest.user_id is None else None
    if guest is not None and guest.user_id is None:
        return checkout_merge_into_user(guest=guest, user=user)
    if guest is not None and guest.user_id == user.pk:
        return guest
    return checkout_open_for_user(user=user)


def checkout_lines_add_for_visitor(*, user, token, lines: list[LineInput]) -> Checkout:
    """Add lines to the visitor's cart, starting a cart when they have none."""
    checkout = checkout_of_visitor(user=user, token=token)
    if checkout is None:
        return checkout_create(user=user, lines=lines)
    return checkout_lines_add(checkout=checkout, lines=lines)


def checkout_destination_set(
    *, checkout: Checkout, village_code: str = "", city: str = "", province: str = ""
) -> Checkout:
    """Save only where the parcel goes, before the rest of the address is typed.

    Shipping prices depend on the destination alone, so the couriers appear as
    soon as the buyer picks a desa (or a city and province outside NTT); the
    name, phone, street and postcode are checked later with the full address.
    """
    _ensure_open(checkout)
    village = village_get(code=village_code.strip()) if village_code else None
    if village_code and village is None:
        raise ValidationError(
            {
                "village_code": ValidationError(
                    _("Kode desa/kelurahan tidak dikenal."), code=Code.NOT_FOUND
                )
            }
        )
    if village is None and not (city.strip() and province.strip()):
        return checkout
    checkout.ship_village = village
    checkout.ship_city = "" if village else city.strip()
    checkout.ship_province = "" if village else province.strip()
    checkout.save(update_fields=["ship_village", "ship_city", "ship_province"])
    return checkout


def checkout_details_save(
    *,
    checkout: Checkout,
    email: str,
    address: AddressInput,
    age_confirmed: bool,
    shipping_methods: dict[int, int],
) -> Checkout:
    """Save the checkout page's form: contact, address and age, then each seller's method.

    ``shipping_methods`` maps seller id -> chosen method id; a seller left out
    keeps its choice. Choices are saved on every submit (a region change or a
    tap on a method refreshes the page), so the total shown is the total charged.
    """
    checkout_update(checkout=checkout, email=email, address=address, age_confirmed=age_confirmed)
    for part in checkout_prices(checkout=checkout).parts:
        method_id = shipping_methods.get(part.seller.pk)
        if method_id is not None:
            checkout_shipping_method_set(
                checkout=checkout, seller_id=part.seller.pk, method_id=method_id
            )
    return checkout


def checkout_user_check(*, checkout: Checkout, user) -> None:
    if checkout.user_id and checkout.user_id != getattr(user, "pk", None):
        raise PermissionDenied
