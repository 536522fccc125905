"""Legality rules: certificate number formats and what a product must hold to be published.

The formats are what the issuing agencies print (OSS for NIB, Dinas Kesehatan
for P-IRT, BPOM, BPJPH for halal, DJKI for marks and geographical
indications). Which certificates a category needs is data on ``Category``;
this module only interprets it.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import CatalogErrorCode
from .models import Category, Certificate, CertificateType, Product

_SPACES = re.compile(r"[\s.\-]")

# type -> (regex on the number without spaces/dots/dashes, example shown in the error)
NUMBER_FORMATS: dict[str, tuple[re.Pattern, str]] = {
    CertificateType.NIB: (re.compile(r"^\d{13}$"), "9120001234567"),
    CertificateType.PIRT: (re.compile(r"^\d{15}$"), "206530701002328"),
    CertificateType.BPOM_MD: (re.compile(r"^MD\d{12,15}$"), "MD 224131001234"),
    CertificateType.BPOM_ML: (re.compile(r"^ML\d{12,15}$"), "ML 224131001234"),
    CertificateType.BPOM_NA: (re.compile(r"^NA\d{11,15}$"), "NA18201200123"),
    CertificateType.BPOM_TR: (re.compile(r"^TR\d{9,15}$"), "TR 203 638 411"),
    CertificateType.HALAL: (re.compile(r"^ID\d{8,30}$"), "ID53110000123450623"),
    CertificateType.SNI: (re.compile(r"^[A-Z0-9/]{4,40}$"), "SNI 3556:2016 / 1234/LSPro/2025"),
    CertificateType.HKI_MEREK: (re.compile(r"^IDM\d{9,12}$"), "IDM000912345"),
    CertificateType.INDIKASI_GEOGRAFIS: (re.compile(r"^IDG\d{9}$"), "ID G 000 000 014"),
}

# BPOM ML registers imported food; a village product is made here (MD or P-IRT).
NOT_FOR_VILLAGE_PRODUCTS = frozenset({CertificateType.BPOM_ML})
ALCOHOL_MIN_AGE = 21
SELLER_CERTIFICATE_TYPES = frozenset(
    {CertificateType.NIB, CertificateType.HKI_MEREK, CertificateType.INDIKASI_GEOGRAFIS}
)
PRODUCT_CERTIFICATE_TYPES = frozenset(
    set(CertificateType) - {CertificateType.NIB} - NOT_FOR_VILLAGE_PRODUCTS
)
# Certificates valid without an expiry date (halal: while the recipe is unchanged).
NO_EXPIRY_TYPES = frozenset(
    {CertificateType.HALAL, CertificateType.NIB, CertificateType.INDIKASI_GEOGRAFIS}
)
PIRT_MAX_YEARS = 5


def normalize_number(number: str) -> str:
    return _SPACES.sub("", (number or "").upper())


def pirt_expiry_date(number: str, issued_at: datetime.date | None) -> datetime.date | None:
    """The expiry a P-IRT number itself states: its last two digits are the year it lapses.

    Per BPOM's rule (Peraturan BPOM 22/2018) an SPP-IRT runs five years and its
    number ends with the expiry year. The day is the issue date's anniversary in
    that year (29 February -> 28 February); with no issue date, 31 December. None
    for a number that is not a well-formed P-IRT number.
    """
    plain = normalize_number(number)
    if not NUMBER_FORMATS[CertificateType.PIRT][0].match(plain):
        return None
    year = 2000 + int(plain[-2:])
    if issued_at is None:
        return datetime.date(year, 12, 31)
    return _add_years(issued_at, year - issued_at.year)


def certificate_expiry(
    *, type: str, number: str, issued_at: datetime.date | None, expires_at: datetime.date | None
) -> datetime.date | None:
    """The expiry to record: the date typed, else (P-IRT) the one its number states."""
    if expires_at is None and type == CertificateType.PIRT:
        return pirt_expiry_date(number, issued_at)
    return expires_at


def certificate_number_errors(
    *,
    type: str,
    number: str,
    regency_code: str | None,
    issued_at: datetime.date | None,
    expires_at: datetime.date | None,
) -> dict[str, list[ValidationError]]:
    """Check a certificate's number and dates against its type; answer field errors."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: CatalogErrorCode) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    plain = normalize_number(number)
    if not plain:
        add("number", _("Nomor sertifikat wajib diisi."), CatalogErrorCode.REQUIRED)
    else:
        pattern, example = NUMBER_FORMATS[type]
        if not pattern.match(plain):
            add(
                "number",
                _("Format nomor %(type)s salah; contoh: %(example)s.")
                % {"type": CertificateType(type).label, "example": example},
                CatalogErrorCode.INVALID_FORMAT,
            )
        elif type == CertificateType.PIRT:
            # Digits 4-7 are the province and kabupaten code (53xx for NTT).
            if regency_code and plain[3:7] != regency_code.replace(".", ""):
                add(
                    "number",
                    _(
                        "Digit ke-4 sampai ke-7 nomor P-IRT (%(got)s) harus kode "
                        "kabupaten lembaga (%(want)s)."
                    )
                    % {"got": plain[3:7], "want": regency_code.replace(".", "")},
                    CatalogErrorCode.REGION_MISMATCH,
                )
            # The last two digits are the year the P-IRT expires; a date typed only confirms it.
            year = 2000 + int(plain[-2:])
            if expires_at and expires_at.year != year:
                add(
                    "expires_at",
                    _(
                        "Dua digit terakhir nomor P-IRT (%(digits)s) berarti berlaku sampai tahun "
                        "%(year)s, tetapi tanggal yang diisi tahun %(typed)s. Periksa nomor atau "
                        "tanggalnya, atau kosongkan tanggal agar dibaca dari nomor."
                    )
                    % {"digits": plain[-2:], "year": year, "typed": expires_at.year},
                    CatalogErrorCode.INVALID,
                )
            expires_at = expires_at or pirt_expiry_date(plain, issued_at)
            if issued_at and year - issued_at.year > PIRT_MAX_YEARS:
                add(
                    "number",
                    _("P-IRT berlaku paling lama %(n)s tahun sejak terbit.")
                    % {"n": PIRT_MAX_YEARS},
                    CatalogErrorCode.EXPIRY_TOO_LONG,
                )
    if issued_at and expires_at and expires_at < issued_at:
        add(
            "expires_at",
            _("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."),
            CatalogErrorCode.EXPIRY_BEFORE_ISSUE,
        )
    if (
        type == CertificateType.PIRT
        and issued_at
        and expires_at
        and expires_at > _add_years(issued_at, PIRT_MAX_YEARS)
    ):
        add(
            "expires_at",
            _("P-IRT berlaku paling lama %(n)s tahun sejak terbit.") % {"n": PIRT_MAX_YEARS},
            CatalogErrorCode.EXPIRY_TOO_LONG,
        )
    if expires_at is None and type not in NO_EXPIRY_TYPES:
        add(
            "expires_at",
            _("Tanggal berlaku sampai wajib diisi untuk %(type)s.")
            % {"type": CertificateType(type).label},
            CatalogErrorCode.REQUIRED,
        )
    return errors


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def category_rule_groups(category: Category) -> list[list[str]]:
    """The certificate groups a category needs: its own when set (``[]`` = none needed),
    else its parent's (``None`` = inherit; nothing at the top).

    Needs ``category.parent`` loaded (one level) to avoid a query.
    """
    node = category
    while node is not None:
        if node.certificate_rules is not None:
            return [list(group) for group in node.certificate_rules]
        node = node.parent
    return []


def category_halal_applicable(category: Category) -> bool:
    """Whether halal applies: the category's own flag when set, else its parent's (``None`` =
    inherit; not applicable at the top)."""
    node = category
    while node is not None:
        if node.halal_applicable is not None:
            return node.halal_applicable
        node = node.parent
    return False


def category_is_alcoholic(category: Category) -> bool:
    """Alcoholic drinks (sopi, moke): the category's flag or its parent's."""
    return bool(category.is_alcoholic or (category.parent and category.parent.is_alcoholic))


def category_min_buyer_age(category: Category) -> int | None:
    """The category's age limit (else its parent's); never under 21 for alcoholic drinks."""
    age = category.min_buyer_age or (category.parent.min_buyer_age if category.parent else None)
    if category_is_alcoholic(category):
        return max(age or 0, ALCOHOL_MIN_AGE)
    return age


def halal_certified(certificates, today: datetime.date | None = None) -> bool:
    """An approved, unexpired HALAL certificate is among ``certificates`` (a statement by
    the lembaga is not a certification)."""
    today = today or timezone.localdate()
    return any(
        c.type == CertificateType.HALAL and certificate_is_valid(c, today) for c in certificates
    )


def halal_mandatory(today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return today >= datetime.date.fromisoformat(settings.CATALOG_HALAL_MANDATORY_FROM)


@dataclass(frozen=True)
class Requirement:
    """One group of interchangeable certificate types a product must hold one of."""

    types: tuple[str, ...]

    @property
    def label(self) -> str:
        return " / ".join(str(CertificateType(t).label) for t in self.types)


def product_requirements(product: Product, today: datetime.date | None = None) -> list[Requirement]:
    """Every certificate group the product needs, halal included unless it is declared not halal."""
    groups = category_rule_groups(product.category)
    if category_halal_applicable(product.category) and halal_mandatory(today):
        declared_not_halal = product.is_halal is False and bool(product.non_halal_statement)
        if not declared_not_halal and not any(CertificateType.HALAL in g for g in groups):
            groups.append([CertificateType.HALAL])
    return [Requirement(tuple(g)) for g in groups]


def certificate_is_valid(cert: Certificate, today: datetime.date) -> bool:
    return cert.status == Certificate.Status.APPROVED and (
        cert.expires_at is None or cert.expires_at >= today
    )


def product_missing_requirements(
    product: Product,
    *,
    certificates: list[Certificate],
    today: datetime.date | None = None,
) -> list[Requirement]:
    """The requirement groups not met by an approved, unexpired certificate in ``certificates``."""
    today = today or timezone.localdate()
    held = {c.type for c in certificates if certificate_is_valid(c, today)}
    return [r for r in product_requirements(product, today) if not held.intersection(r.types)]
