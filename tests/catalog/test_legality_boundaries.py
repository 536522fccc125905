"""Certificate numbers and dates at their boundaries: exactly at a limit, one past.

Pure rules (no request), so each case names one figure the regulation fixes.
"""

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from catalog import legality
from catalog.models import Category, Certificate, CertificateType, Product

D = datetime.date


@pytest.fixture(autouse=True)
def _indonesian():
    """The texts are checked in Bahasa Indonesia whatever an earlier test activated."""
    with translation.override("id"):
        yield


def _errors(type, number, *, regency_code=None, issued_at=None, expires_at=None):
    found = legality.certificate_number_errors(
        type=type,
        number=number,
        regency_code=regency_code,
        issued_at=issued_at,
        expires_at=expires_at,
    )
    return {
        field: [(e.code, e.message % (e.params or {})) for e in errs]
        for field, errs in found.items()
    }


# A valid number, one digit too short and one digit too long for every type, and the
# example its error message shows. Expiry dates are given so only the number is judged.
FORMATS = [
    ("NIB", "9120001234567", "912000123456", "91200012345678", "9120001234567"),
    ("PIRT", "206530701002328", "20653070100232", "2065307010023280", "206530701002328"),
    ("BPOM_MD", "MD224131001234", "MD22413100123", "MD2241310012345678", "MD 224131001234"),
    ("BPOM_ML", "ML224131001234", "ML22413100123", "ML2241310012345678", "ML 224131001234"),
    ("BPOM_NA", "NA18201200123", "NA1820120012", "NA1820120012345678", "NA18201200123"),
    ("BPOM_TR", "TR203638411", "TR20363841", "TR2036384110000000", "TR 203 638 411"),
    ("HALAL", "ID53110000", "ID5311000", "ID" + "1" * 31, "ID53110000123450623"),
    ("SNI", "SNI3", "SNI", "S" * 41, "SNI 3556:2016 / 1234/LSPro/2025"),
    ("HKI_MEREK", "IDM000912345", "IDM00091234", "IDM" + "0" * 13, "IDM000912345"),
    ("INDIKASI_GEOGRAFIS", "IDG000000014", "IDG00000001", "IDG0000000145", "ID G 000 000 014"),
]
# The longest number each type accepts (SNI and halal have their own upper bounds above).
LONGEST = {
    "NIB": "9120001234567",
    "PIRT": "206530701002328",
    "BPOM_MD": "MD" + "2" * 15,
    "BPOM_ML": "ML" + "2" * 15,
    "BPOM_NA": "NA" + "1" * 15,
    "BPOM_TR": "TR" + "2" * 15,
    "HALAL": "ID" + "1" * 30,
    "SNI": "S" * 40,
    "HKI_MEREK": "IDM" + "0" * 12,
    "INDIKASI_GEOGRAFIS": "IDG000000014",
}
EXPIRES = {"PIRT": D(2028, 1, 1)}


@pytest.mark.parametrize(("type", "valid", "short", "long", "example"), FORMATS)
def test_number_length_is_checked_at_both_ends(type, valid, short, long, example):
    expires = EXPIRES.get(type, D(2030, 1, 1))
    assert _errors(type, valid, expires_at=expires) == {}
    assert _errors(type, LONGEST[type], expires_at=expires) == {}
    label = CertificateType(type).label
    wrong = [("INVALID_FORMAT", f"Format nomor {label} salah; contoh: {example}.")]
    assert _errors(type, short, expires_at=expires) == {"number": wrong}
    assert _errors(type, long, expires_at=expires) == {"number": wrong}


@pytest.mark.parametrize("type", ["BPOM_MD", "BPOM_ML", "BPOM_NA", "BPOM_TR", "HKI_MEREK"])
def test_the_agency_prefix_is_required(type):
    valid = {t: v for t, v, *_ in FORMATS}[type]
    assert "number" in _errors(type, "XX" + valid[2:], expires_at=D(2030, 1, 1))
    assert "number" in _errors(type, valid + "A", expires_at=D(2030, 1, 1))


def test_a_missing_number_is_required_not_badly_formatted():
    assert _errors("NIB", "") == {"number": [("REQUIRED", "Nomor sertifikat wajib diisi.")]}
    assert _errors("NIB", " .- ") == {"number": [("REQUIRED", "Nomor sertifikat wajib diisi.")]}
    assert legality.normalize_number(None) == ""
    assert legality.normalize_number("idm 000-912.345") == "IDM000912345"


@given(st.text(alphabet="0123456789 .-", max_size=30))
def test_nib_accepts_exactly_thirteen_digits_however_written(number):
    digits = sum(c.isdigit() for c in number)
    errors = _errors("NIB", number)
    if digits == 0:
        assert errors == {"number": [("REQUIRED", "Nomor sertifikat wajib diisi.")]}
    elif digits == 13:
        assert errors == {}
    else:
        assert [code for code, _ in errors["number"]] == ["INVALID_FORMAT"]


def test_types_without_an_expiry_and_which_belong_to_sellers_or_products():
    assert {"HALAL", "NIB", "INDIKASI_GEOGRAFIS"} == legality.NO_EXPIRY_TYPES
    assert {"NIB", "HKI_MEREK", "INDIKASI_GEOGRAFIS"} == legality.SELLER_CERTIFICATE_TYPES
    # BPOM ML is for imported food: never a village product's certificate (#14).
    assert set(CertificateType) - {"NIB", "BPOM_ML"} == legality.PRODUCT_CERTIFICATE_TYPES
    assert legality.PIRT_MAX_YEARS == 5
    for type in ("HALAL", "NIB", "INDIKASI_GEOGRAFIS"):
        valid = {t: v for t, v, *_ in FORMATS}[type]
        assert _errors(type, valid) == {}
    assert _errors("SNI", "SNI3556") == {
        "expires_at": [("REQUIRED", "Tanggal berlaku sampai wajib diisi untuk SNI.")]
    }


# --- P-IRT: 15 digits, digits 4-7 the kabupaten, the last two the year it expires.


def test_a_pirt_without_dates_reads_its_expiry_from_the_number():
    # Issue #16: the last two digits are the expiry year; the date only confirms it.
    assert _errors("PIRT", "206530701002328") == {}
    assert _errors("PIRT", "206530701002328", issued_at=D(2023, 5, 1)) == {}
    assert legality.pirt_expiry_date("206530701002328", None) == D(2028, 12, 31)
    assert legality.pirt_expiry_date("2065307010023 28", D(2023, 5, 1)) == D(2028, 5, 1)
    assert legality.pirt_expiry_date("206530701002329", D(2024, 2, 29)) == D(2029, 2, 28)
    assert legality.pirt_expiry_date("20653070100232", None) is None  # 14 digits
    assert legality.pirt_expiry_date("2065307010023281", None) is None  # 16 digits
    # A number that is not a P-IRT number states nothing: the date is still asked for.
    assert _errors("PIRT", "20653070100232")["expires_at"] == [
        ("REQUIRED", "Tanggal berlaku sampai wajib diisi untuk SPP-IRT/P-IRT.")
    ]
    # A P-IRT number ending before its issue year cannot be right.
    assert _errors("PIRT", "206530701002322", issued_at=D(2023, 5, 1)) == {
        "expires_at": [
            ("EXPIRY_BEFORE_ISSUE", "Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.")
        ]
    }


def test_the_recorded_expiry_is_the_typed_date_else_the_one_the_pirt_number_states():
    expiry = legality.certificate_expiry
    assert expiry(type="PIRT", number="206530701002328", issued_at=None, expires_at=None) == D(
        2028, 12, 31
    )
    assert expiry(
        type="PIRT", number="206530701002328", issued_at=None, expires_at=D(2028, 3, 1)
    ) == D(2028, 3, 1)
    assert expiry(type="BPOM_MD", number="MD224131001234", issued_at=None, expires_at=None) is None


def test_pirt_kabupaten_digits_must_match_the_sellers_regency():
    number = "206530701002328"
    assert _errors("PIRT", number, regency_code="53.07", expires_at=D(2028, 3, 1)) == {}
    assert _errors("PIRT", number, regency_code="53.09", expires_at=D(2028, 3, 1)) == {
        "number": [
            (
                "REGION_MISMATCH",
                "Digit ke-4 sampai ke-7 nomor P-IRT (5307) harus kode kabupaten lembaga (5309).",
            )
        ]
    }
    # A digit off either end of 4-7 is not part of the code.
    assert _errors("PIRT", "216530701002328", regency_code="53.07", expires_at=D(2028, 1, 1)) == {}
    assert _errors("PIRT", "206530711002328", regency_code="53.07", expires_at=D(2028, 1, 1)) == {}


def test_pirt_expiry_year_is_the_last_two_digits():
    number = "206530701002328"
    assert _errors("PIRT", number, expires_at=D(2028, 12, 31)) == {}
    for wrong in (D(2027, 12, 31), D(2029, 1, 1)):
        assert _errors("PIRT", number, expires_at=wrong) == {
            "expires_at": [
                (
                    "INVALID",
                    f"Dua digit terakhir nomor P-IRT (28) berarti berlaku sampai tahun 2028, "
                    f"tetapi tanggal yang diisi tahun {wrong.year}. Periksa nomor atau "
                    "tanggalnya, atau kosongkan tanggal agar dibaca dari nomor.",
                )
            ]
        }


def test_pirt_number_year_at_most_five_years_after_issue():
    number = "206530701002328"  # expires 2028
    assert _errors("PIRT", number, issued_at=D(2023, 1, 1)) == {}
    assert _errors("PIRT", number, issued_at=D(2022, 12, 31))["number"] == [
        ("EXPIRY_TOO_LONG", "P-IRT berlaku paling lama 5 tahun sejak terbit.")
    ]


def test_pirt_expiry_exactly_five_years_after_issue_is_allowed_one_day_more_is_not():
    number = "206530701002328"
    assert _errors("PIRT", number, issued_at=D(2023, 6, 15), expires_at=D(2028, 6, 15)) == {}
    assert _errors("PIRT", number, issued_at=D(2023, 6, 15), expires_at=D(2028, 6, 16)) == {
        "expires_at": [("EXPIRY_TOO_LONG", "P-IRT berlaku paling lama 5 tahun sejak terbit.")]
    }
    # Issued on 29 February: five years on is 28 February.
    assert _errors("PIRT", number, issued_at=D(2024, 2, 29), expires_at=D(2028, 2, 28)) == {}
    leap = "206530701002329"  # expires 2029
    assert _errors("PIRT", leap, issued_at=D(2024, 2, 29), expires_at=D(2029, 2, 28)) == {}
    assert list(_errors("PIRT", leap, issued_at=D(2024, 2, 29), expires_at=D(2029, 3, 1))) == [
        "expires_at"
    ]


def test_expiry_equal_to_issue_is_allowed_one_day_before_is_not():
    assert (
        _errors("BPOM_MD", "MD224131001234", issued_at=D(2025, 1, 1), expires_at=D(2025, 1, 1))
        == {}
    )
    assert _errors(
        "BPOM_MD", "MD224131001234", issued_at=D(2025, 1, 1), expires_at=D(2024, 12, 31)
    ) == {
        "expires_at": [
            (
                "EXPIRY_BEFORE_ISSUE",
                "Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.",
            )
        ]
    }


def test_the_five_year_cap_is_only_for_pirt():
    assert (
        _errors("BPOM_MD", "MD224131001234", issued_at=D(2020, 1, 1), expires_at=D(2035, 1, 1))
        == {}
    )


# --- Validity on a day and what a product still lacks.


def _cert(status="APPROVED", expires_at=None, type="PIRT"):
    return Certificate(type=type, number="x", status=status, expires_at=expires_at)


def test_a_certificate_expiring_today_is_still_valid_yesterday_it_lapsed():
    today = D(2026, 11, 30)
    assert legality.certificate_is_valid(_cert(expires_at=today), today) is True
    assert legality.certificate_is_valid(_cert(expires_at=D(2026, 11, 29)), today) is False
    assert legality.certificate_is_valid(_cert(expires_at=None), today) is True
    assert legality.certificate_is_valid(_cert(status="PENDING", expires_at=None), today) is False
    assert legality.certificate_is_valid(_cert(status="REJECTED", expires_at=today), today) is False


@pytest.mark.django_db
def test_missing_requirements_count_only_valid_certificates():
    food = Category.objects.select_related("parent").get(slug="camilan-dan-kue")
    product = Product(category=food)
    day = D(2026, 10, 16)  # before halal is mandatory
    missing = legality.product_missing_requirements(
        product, certificates=[_cert(expires_at=day)], today=day
    )
    assert missing == []
    missing = legality.product_missing_requirements(
        product, certificates=[_cert(expires_at=D(2026, 10, 15))], today=day
    )
    assert [r.label for r in missing] == ["SPP-IRT/P-IRT / BPOM MD"]  # ML: imports only (#14)
    after = D(2026, 10, 17)
    missing = legality.product_missing_requirements(
        product, certificates=[_cert(expires_at=after)], today=after
    )
    assert [r.types for r in missing] == [("HALAL",)]
    missing = legality.product_missing_requirements(
        product,
        certificates=[_cert(expires_at=after), _cert(type="HALAL")],
        today=after,
    )
    assert missing == []


@pytest.mark.django_db
def test_missing_requirements_default_to_today_in_wita(settings):
    food = Category.objects.select_related("parent").get(slug="camilan-dan-kue")
    settings.CATALOG_HALAL_MANDATORY_FROM = "2000-01-01"
    missing = legality.product_missing_requirements(Product(category=food), certificates=[])
    assert [r.types for r in missing] == [("PIRT", "BPOM_MD"), ("HALAL",)]
    settings.CATALOG_HALAL_MANDATORY_FROM = "2999-01-01"
    assert legality.halal_mandatory() is False
    assert legality.halal_mandatory(D(2999, 1, 1)) is True
    assert legality.halal_mandatory(D(2998, 12, 31)) is False


@pytest.mark.django_db
def test_non_halal_needs_both_the_flag_and_a_statement():
    food = Category.objects.select_related("parent").get(slug="daging-olahan")
    day = D(2027, 1, 1)
    for product in (
        Product(category=food, is_halal=False, non_halal_statement=""),
        Product(category=food, is_halal=None, non_halal_statement="Mengandung babi."),
        Product(category=food, is_halal=True, non_halal_statement="Mengandung babi."),
    ):
        groups = [r.types for r in legality.product_requirements(product, day)]
        assert groups == [("PIRT", "BPOM_MD"), ("HALAL",)]


@pytest.mark.django_db
def test_halal_is_not_added_twice_when_a_category_already_asks_for_it():
    category = Category.objects.create(
        name="Madu", slug="madu-uji", certificate_rules=[["HALAL", "PIRT"]], halal_applicable=True
    )
    product = Product(category=Category.objects.select_related("parent").get(pk=category.pk))
    groups = [r.types for r in legality.product_requirements(product, D(2027, 1, 1))]
    assert groups == [("HALAL", "PIRT")]


@pytest.mark.django_db
def test_category_rules_flags_and_buyer_age_fall_back_to_the_parent():
    parent = Category.objects.create(
        name="Induk", slug="induk-uji", certificate_rules=[["SNI"]], min_buyer_age=21
    )
    child = Category.objects.create(name="Anak", slug="anak-uji", parent=parent)
    child = Category.objects.select_related("parent").get(pk=child.pk)
    assert legality.category_min_buyer_age(child) == 21
    assert legality.category_rule_groups(child) == [["SNI"]]
    assert legality.category_halal_applicable(child) is False
    child.min_buyer_age = 18
    child.certificate_rules = []
    child.halal_applicable = False
    parent.halal_applicable = True
    assert legality.category_min_buyer_age(child) == 18
    assert legality.category_rule_groups(child) == []
    assert legality.category_halal_applicable(child) is False
    top = Category(name="Puncak", slug="puncak")
    assert legality.category_min_buyer_age(top) is None
    assert legality.category_rule_groups(top) == []
    assert legality.category_halal_applicable(top) is False


def test_a_pirt_without_a_typed_expiry_lapses_on_its_issue_dates_anniversary():
    """The number ends in 28: the year; the issue date gives the day, not 31 December."""
    expiry = legality.certificate_expiry(
        type="PIRT", number="206530701002328", issued_at=D(2023, 5, 1), expires_at=None
    )
    assert expiry == D(2028, 5, 1)
    assert legality.certificate_expiry(
        type="PIRT", number="206530701002328", issued_at=None, expires_at=None
    ) == D(2028, 12, 31)
    typed = D(2027, 1, 1)
    assert (
        legality.certificate_expiry(
            type="PIRT", number="206530701002328", issued_at=D(2023, 5, 1), expires_at=typed
        )
        == typed
    )
    assert (
        legality.certificate_expiry(
            type="HALAL", number="ID53110000123450623", issued_at=D(2023, 5, 1), expires_at=None
        )
        is None
    )


def _unsaved(type: str, status: str = "APPROVED", expires_at=None) -> Certificate:
    return Certificate(type=type, status=status, expires_at=expires_at)


def test_halal_certified_needs_an_approved_unexpired_halal_certificate():
    today = D(2026, 11, 30)
    halal = legality.halal_certified
    assert halal([_unsaved("HALAL", expires_at=today)], today) is True  # expires today: valid
    assert halal([_unsaved("HALAL", expires_at=D(2026, 11, 29))], today) is False
    assert halal([_unsaved("HALAL")], today) is True  # no expiry
    assert halal([_unsaved("HALAL", status="PENDING")], today) is False
    assert halal([_unsaved("HALAL", status="REJECTED")], today) is False
    assert halal([_unsaved("PIRT")], today) is False
    assert halal([], today) is False
    assert halal([_unsaved("PIRT"), _unsaved("HALAL", expires_at=today)], today) is True


def test_halal_certified_judges_today_in_wita_when_no_day_is_given():
    from django.utils import timezone

    today = timezone.localdate()
    assert legality.halal_certified([_unsaved("HALAL", expires_at=today)]) is True
    yesterday = today - datetime.timedelta(days=1)
    assert legality.halal_certified([_unsaved("HALAL", expires_at=yesterday)]) is False
