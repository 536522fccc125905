"""Helpers and field lists the sellers services share (public names: used across modules)."""

import logging
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shop.access import Access
from shop.phone import normalize_phone

from .. import selectors
from ..errors import SellerErrorCode as Code
from ..models import (
    Seller,
    SellerEvent,
    Village,
    Zone,
)
from ..notifications import notify_seller_status_changed
from ..signals import seller_status_changed
from ..validators import clean_bank_account_number, clean_nib, clean_npwp, sniff_upload

logger = logging.getLogger(__name__)

INVITATION_TTL = timedelta(days=14)

# Fields a lembaga may still change once it has been submitted or approved
# (its storefront and contact data); identity fields are fixed after review.
PROFILE_FIELDS = (
    "phone",
    "email",
    "address",
    "description",
    "story",
    "bank_name",
    "bank_account_number",
    "bank_account_holder",
    "logo",
)
IDENTITY_FIELDS = ("name", "kind", "village_code", "zone", "nib", "npwp")

S = Seller.Status


def coded_error(message: str, error_code: Code, /, **params) -> ValidationError:
    """A ``ValidationError`` carrying a ``SellerErrorCode``."""
    return ValidationError(message, code=error_code, params=params or None)


def unique_slug(model, base: str, *, exclude_pk=None) -> str:
    """A slug of ``base`` not yet taken in ``model`` (``-2``, ``-3``... appended)."""
    base = (slugify(base) or "lembaga")[:150]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def village_from_code(code: str, errors: dict, field: str = "village_code") -> Village | None:
    """The NTT village with this code, or None with the reason put in ``errors[field]``."""
    code = (code or "").strip()
    if not code:
        errors[field] = coded_error(_("Desa/kelurahan wajib diisi."), Code.REQUIRED)
        return None
    village = selectors.village_get(code=code)
    if village is None:
        if not code.startswith("53."):
            errors[field] = coded_error(
                _("Desa/kelurahan %(code)s tidak berada di Nusa Tenggara Timur."),
                Code.OUTSIDE_NTT,
                code=code,
            )
        else:
            errors[field] = coded_error(
                _("Kode desa/kelurahan tidak dikenal: %(code)s."), Code.NOT_FOUND, code=code
            )
    return village


def _acting_as_pendamping(*, user, seller: Seller) -> bool:
    access = Access(user)
    return seller.pk not in access.member_roles and seller.pk in access.pendamping_of


def seller_event_record(
    *, seller: Seller, actor, old: str, new: str, note: str = ""
) -> SellerEvent:
    """Write the audit row and the e-mail (outbox); after commit, send the signal."""
    event = SellerEvent.objects.create(
        seller=seller,
        actor=actor if actor is not None and actor.is_authenticated else None,
        acting_as_pendamping=bool(actor) and _acting_as_pendamping(user=actor, seller=seller),
        from_status=old,
        to_status=new,
        note=note,
    )
    if old != new:
        seller_id = seller.pk

        notify_seller_status_changed(event)

        def _signal():
            # The change is committed: a failing receiver is logged, not raised.
            for receiver, result in seller_status_changed.send_robust(
                sender=Seller, seller_id=seller_id, old=old, new=new
            ):
                if isinstance(result, Exception):
                    logger.error(
                        "seller_status_changed receiver %r failed for seller %s",
                        receiver,
                        seller_id,
                        exc_info=result,
                    )

        transaction.on_commit(_signal)
    return event


def seller_fields_clean(
    data: dict[str, Any], *, seller: Seller | None, errors: dict
) -> dict[str, Any]:
    """Validate the given seller fields; returns model attribute values."""
    out: dict[str, Any] = {}
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            errors["name"] = coded_error(_("Nama lembaga wajib diisi."), Code.REQUIRED)
        elif len(name) > 200:
            errors["name"] = coded_error(_("Nama lembaga paling panjang 200 huruf."), Code.INVALID)
        out["name"] = name
    if "kind" in data:
        kind = str(data["kind"] or "")
        if kind not in Seller.Kind.values:
            errors["kind"] = coded_error(_("Jenis lembaga tidak dikenal."), Code.INVALID)
        out["kind"] = kind
    if "village_code" in data:
        village = village_from_code(data["village_code"], errors)
        if village is not None:
            out["village"] = village
    if "nib" in data:
        try:
            nib = clean_nib(data["nib"])
        except ValidationError as exc:
            errors["nib"] = exc
        else:
            taken = Seller.objects.filter(nib=nib).exclude(pk=getattr(seller, "pk", None))
            if taken.exists():
                errors["nib"] = coded_error(
                    _("NIB ini sudah terdaftar untuk lembaga lain."), Code.UNIQUE
                )
            out["nib"] = nib
    if "npwp" in data:
        try:
            out["npwp"] = clean_npwp(data["npwp"])
        except ValidationError as exc:
            errors["npwp"] = exc
    if "phone" in data:
        if not (data["phone"] or "").strip():
            errors["phone"] = coded_error(_("Nomor telepon wajib diisi."), Code.REQUIRED)
        else:
            try:
                out["phone"] = normalize_phone(data["phone"])
            except ValidationError as exc:
                errors["phone"] = coded_error(exc.messages[0], Code.INVALID)
    if "email" in data:
        email = (data["email"] or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            code = Code.REQUIRED if not email else Code.INVALID
            errors["email"] = coded_error(_("Alamat e-mail tidak valid."), code)
        out["email"] = email
    for field in ("address", "description", "story", "bank_name", "bank_account_holder"):
        if field in data:
            out[field] = (data[field] or "").strip()
    if "bank_account_number" in data:
        try:
            out["bank_account_number"] = clean_bank_account_number(data["bank_account_number"])
        except ValidationError as exc:
            errors["bank_account_number"] = exc
    if "logo" in data and data["logo"] is not None:
        try:
            sniff_upload(data["logo"], images_only=True)
        except ValidationError as exc:
            errors["logo"] = exc
        else:
            out["logo"] = data["logo"]
    return out


# Founded by a desa (UU Desa): never in a kelurahan (Pergub Ps. 1 angka 11).
DESA_ONLY_KINDS = (Seller.Kind.BUMDES, Seller.Kind.BUMDES_BERSAMA)


def kind_village_check(kind: str | None, village: Village | None, *, errors: dict) -> None:
    """A BUMDes (or BUMDes Bersama) is founded by a desa, so it cannot stand in a kelurahan."""
    if kind in DESA_ONLY_KINDS and village is not None and village.kind == Village.Kind.KELURAHAN:
        errors["kind"] = coded_error(
            _(
                "%(kind)s didirikan oleh desa dan tidak dapat berdiri di kelurahan "
                "(%(village)s). Pilih jenis lain, mis. Koperasi Kelurahan Merah Putih atau "
                "kelompok usaha."
            ),
            Code.BUMDES_IN_KELURAHAN,
            kind=Seller.Kind(kind).label,
            village=village.name,
        )


def zone_check(zone_id, *, village: Village | None, errors: dict) -> Zone | None:
    """The OVOP zone ``zone_id`` if it lies in the village's regency; else the reason in ``errors``."""
    if not zone_id:
        return None
    zone = selectors.zone_get(pk=zone_id)
    if zone is None:
        errors["zone"] = coded_error(_("Zona OVOP tidak ditemukan."), Code.NOT_FOUND)
        return None
    if village is not None and zone.regency_id != village.regency_code:
        errors["zone"] = coded_error(
            _("Zona %(zone)s berada di kabupaten lain dari desa lembaga."),
            Code.OUTSIDE_REGENCY,
            zone=zone.name,
        )
    return zone


def seller_lock(seller: Seller) -> Seller:
    """The seller row again, locked ``FOR UPDATE`` until the transaction ends."""
    return Seller.objects.select_for_update().get(pk=seller.pk)
