"""OVOP zones (kawasan/klaster/zona) and their production and buffer villages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shop.access import Access, require

from ..errors import SellerErrorCode as Code
from ..models import (
    Regency,
    Village,
    Zone,
)
from .common import (
    coded_error,
    unique_slug,
    village_from_code,
)


def _clean_village_codes(codes, field: str, regency_code: str, errors: dict) -> list[Village]:
    villages = []
    for code in codes or []:
        sub: dict = {}
        village = village_from_code(code, sub, field)
        if sub:
            errors.setdefault(field, sub[field])
        elif village.regency_code != regency_code:
            errors.setdefault(
                field,
                coded_error(
                    _("Desa %(code)s berada di luar kabupaten zona."),
                    Code.OUTSIDE_REGENCY,
                    code=code,
                ),
            )
        else:
            villages.append(village)
    return villages


@transaction.atomic
def zone_create(
    *,
    user,
    regency_code: str,
    name: str,
    commodity: str,
    description: str = "",
    production_village_codes: list[str],
    buffer_village_codes: list[str] | None = None,
) -> Zone:
    """Define an OVOP kawasan/klaster/zona: its production and buffer villages."""
    require(Access(user).may_review_regency(regency_code))
    errors: dict = {}
    regency = Regency.objects.filter(code=regency_code).first()
    if regency is None:
        errors["regency_code"] = coded_error(
            _("Kode kabupaten/kota tidak dikenal: %(code)s."), Code.NOT_FOUND, code=regency_code
        )
    name, commodity = (name or "").strip(), (commodity or "").strip()
    if not name:
        errors["name"] = coded_error(_("Nama zona wajib diisi."), Code.REQUIRED)
    elif Zone.objects.filter(regency_id=regency_code, name__iexact=name).exists():
        errors["name"] = coded_error(_("Nama zona ini sudah ada di kabupaten ini."), Code.UNIQUE)
    if not commodity:
        errors["commodity"] = coded_error(_("Fokus komoditas wajib diisi."), Code.REQUIRED)
    production = _clean_village_codes(
        production_village_codes, "production_village_codes", regency_code, errors
    )
    buffer = _clean_village_codes(
        buffer_village_codes, "buffer_village_codes", regency_code, errors
    )
    if not production_village_codes:
        errors["production_village_codes"] = coded_error(
            _("Sebutkan paling sedikit satu desa produksi."), Code.REQUIRED
        )
    if errors:
        raise ValidationError(errors)
    zone = Zone.objects.create(
        regency=regency,
        name=name,
        commodity=commodity,
        description=(description or "").strip(),
        slug=unique_slug(Zone, f"{regency.short_name} {name}"),
    )
    zone.production_villages.set(production)
    zone.buffer_villages.set(buffer)
    return zone
