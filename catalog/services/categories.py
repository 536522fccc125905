"""Category legality rules, edited by programme staff."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from catalog.search import product_index_later
from shop.access import Access, require

from .. import legality
from ..errors import CatalogErrorCode
from ..models import (
    Category,
    CertificateType,
    Product,
)
from .certificates import products_enforce_legality
from .common import field_error


@transaction.atomic
def category_rules_update(
    *,
    user,
    category: Category,
    certificate_rules: list[list[str]] | None = None,
    halal_applicable: bool | None = None,
    inherit_certificate_rules: bool = False,
    inherit_halal_applicable: bool = False,
    min_buyer_age: int | None = None,
    clear_min_buyer_age: bool = False,
    restriction_note: str | None = None,
) -> Category:
    """Change what a category's products must hold; published products that no longer qualify
    are withdrawn at once (their sellers are told).

    ``certificate_rules=[]`` / ``halal_applicable=False`` say the category needs nothing (a
    sub-category opting out of its parent's rules); ``inherit_*`` clears the category's own
    value so it follows its parent again (``None`` in the model).
    """
    require(
        Access(user).may_manage_catalog_rules(),
        _("Hanya petugas program yang dapat mengubah aturan kategori."),
    )
    if inherit_certificate_rules and certificate_rules is not None:
        raise field_error(
            "inherit_required_certificates",
            _("Pilih salah satu: aturan sertifikat sendiri atau ikut induk."),
            CatalogErrorCode.INVALID,
        )
    if inherit_halal_applicable and halal_applicable is not None:
        raise field_error(
            "inherit_halal_applicable",
            _("Pilih salah satu: aturan halal sendiri atau ikut induk."),
            CatalogErrorCode.INVALID,
        )
    if certificate_rules is not None:
        groups = [list(dict.fromkeys(g)) for g in certificate_rules if g]
        unknown = sorted({t for g in groups for t in g} - set(CertificateType.values))
        if unknown:
            raise field_error(
                "certificate_rules",
                _("Jenis sertifikat tidak dikenal: %(types)s.") % {"types": ", ".join(unknown)},
                CatalogErrorCode.INVALID,
            )
        if any(t in legality.NOT_FOR_VILLAGE_PRODUCTS for g in groups for t in g):
            raise field_error(
                "certificate_rules",
                _(
                    "BPOM ML hanya untuk pangan impor; produk lembaga desa memakai BPOM MD atau "
                    "P-IRT."
                ),
                CatalogErrorCode.BPOM_ML_NOT_FOR_VILLAGE_PRODUCTS,
            )
        category.certificate_rules = groups
    if inherit_certificate_rules:
        category.certificate_rules = None
    if halal_applicable is not None:
        category.halal_applicable = halal_applicable
    if inherit_halal_applicable:
        category.halal_applicable = None
    if min_buyer_age is not None:
        if not 0 < min_buyer_age < 100:
            raise field_error(
                "min_buyer_age",
                _("Usia minimum harus antara 1 dan 99."),
                CatalogErrorCode.INVALID,
            )
        category.min_buyer_age = min_buyer_age
    elif clear_min_buyer_age:
        category.min_buyer_age = None
    if restriction_note is not None:
        category.restriction_note = restriction_note.strip()
    category.save()
    category_products_recheck(category=category)
    return category


def category_products_recheck(*, category: Category) -> list[int]:
    """Withdraw the published products of a category (and its sub-categories) that no longer
    qualify under its rules; re-index them all. Called after any change of the rules: the
    ``categoryRulesUpdate`` mutation and the admin alike. Answers the withdrawn ids."""
    affected = list(
        Product.objects.filter(Q(category=category) | Q(category__parent=category)).values_list(
            "pk", flat=True
        )
    )
    withdrawn = products_enforce_legality(product_ids=affected)
    product_index_later(affected)
    return withdrawn
