"""Helpers and field lists shared by the sellers services."""

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


def _error(message: str, error_code: Code, /, **params) -> ValidationError:
    return ValidationError(message, code=error_code, params=params or None)


def _unique_slug(model, base: str, *, exclude_pk=None) -> str:
    base = (slugify(base) or "lembaga")[:150]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _village(code: str, errors: dict, field: str = "village_code") -> Village | None:
    code = (code or "").strip()
    if not code:
        errors[field] = _error(_("Desa/kelurahan wajib diisi."), Code.REQUIRED)
        return None
    village = selectors.village_get(code=code)
    if village is None:
        if not code.startswith("53."):
            errors[field] = _error(
                _("Desa/kelurahan %(code)s tidak berada di Nusa Tenggara Timur."),
                Code.OUTSIDE_NTT,
                code=code,
            )
        else:
            errors[field] = _error(
                _("Kode desa/kelurahan tidak dikenal: %(code)s."), Code.NOT_FOUND, code=code
            )
    return village


def _acting_as_pendamping(*, user, seller: Seller) -> bool:
    access = Access(user)
    return seller.pk not in access.member_roles and seller.pk in access.pendamping_of


def _record(*, seller: Seller, actor, old: str, new: str, note: str = "") -> SellerEvent:
    """Write the audit row and, after commit, the signal and the e-mail."""
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

        def _notify():
            from ..tasks import seller_event_notify

            seller_event_notify.delay(event.pk)
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

        transaction.on_commit(_notify)
    return event


def _clean_fields(data: dict[str, Any], *, seller: Seller | None, errors: dict) -> dict[str, Any]:
    """Validate the given seller fields; returns model attribute values."""
    out: dict[str, Any] = {}
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name:
            errors["name"] = _error(_("Nama lembaga wajib diisi."), Code.REQUIRED)
        elif len(name) > 200:
            errors["name"] = _error(_("Nama lembaga paling panjang 200 huruf."), Code.INVALID)
        out["name"] = name
    if "kind" in data:
        kind = str(data["kind"] or "")
        if kind not in Seller.Kind.values:
            errors["kind"] = _error(_("Jenis lembaga tidak dikenal."), Code.INVALID)
        out["kind"] = kind
    if "village_code" in data:
        village = _village(data["village_code"], errors)
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
                errors["nib"] = _error(
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
            errors["phone"] = _error(_("Nomor telepon wajib diisi."), Code.REQUIRED)
        else:
            try:
                out["phone"] = normalize_phone(data["phone"])
            except ValidationError as exc:
                errors["phone"] = _error(exc.messages[0], Code.INVALID)
    if "email" in data:
        email = (data["email"] or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            code = Code.REQUIRED if not email else Code.INVALID
            errors["email"] = _error(_("Alamat e-mail tidak valid."), code)
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


def _check_zone(zone_id, *, village: Village | None, errors: dict) -> Zone | None:
    if not zone_id:
        return None
    zone = selectors.zone_get(pk=zone_id)
    if zone is None:
        errors["zone"] = _error(_("Zona OVOP tidak ditemukan."), Code.NOT_FOUND)
        return None
    if village is not None and zone.regency_id != village.regency_code:
        errors["zone"] = _error(
            _("Zona %(zone)s berada di kabupaten lain dari desa lembaga."),
            Code.OUTSIDE_REGENCY,
            zone=zone.name,
        )
    return zone


def _lock(seller: Seller) -> Seller:
    return Seller.objects.select_for_update().get(pk=seller.pk)
