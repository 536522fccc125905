"""The monitoring tests' world: three lembaga in three kabupaten and the people who read it."""

import pytest

from sellers.models import OfficerRegency, SellerMember
from shop.roles import Role
from tests.shopping import (
    BELU_VILLAGE,
    KUPANG_VILLAGE,
    SIKKA_VILLAGE,
    make_category,
    make_seller,
    make_shipping,
    make_variant,
)


@pytest.fixture
def shops(db, make_user):
    """Three lembaga in three kabupaten (Sikka, Belu, Kota Kupang), each with products."""
    sikka = make_seller("BUMDes Sikka Jaya", SIKKA_VILLAGE)
    belu = make_seller("Koperasi Kopi Lamaknen", BELU_VILLAGE)
    kupang = make_seller("UMKM Se'i Namosain", KUPANG_VILLAGE)
    tenun_cat, kopi_cat = make_category("Kain tenun"), make_category("Kopi")
    data = {
        "sikka": sikka,
        "belu": belu,
        "kupang": kupang,
        "tenun": make_variant(
            sikka, name="Sarung tenun ikat", price=450_000, stock=500, category=tenun_cat
        ),
        "selendang": make_variant(
            sikka, name="Selendang tenun", price=175_000, stock=500, category=tenun_cat
        ),
        "kopi": make_variant(
            belu,
            name="Kopi arabika 250 g",
            price=65_000,
            stock=500,
            weight_grams=250,
            category=kopi_cat,
        ),
        "sei": make_variant(
            kupang,
            name="Se'i sapi 500 g",
            price=120_000,
            stock=500,
            weight_grams=500,
            category=kopi_cat,
        ),
        "tenun_cat": tenun_cat,
        "kopi_cat": kopi_cat,
    }
    for seller in (sikka, belu, kupang):
        make_shipping(seller)
    member = make_user(Role.SELLER_MEMBER, email="pengurus@sikka.id")
    SellerMember.objects.create(seller=sikka, user=member, role=SellerMember.Role.PENGURUS)
    data["sikka_member"] = member
    data["staff"] = make_user(Role.PROGRAMME_OFFICER, email="pmd@contoh.id")
    data["ahli"] = make_user(Role.TIM_AHLI, email="ahli@contoh.id")
    data["verifikasi"] = make_user(Role.TIM_VERIFIKASI, email="verifikasi@contoh.id")
    officer = make_user(Role.KABUPATEN_OFFICER, email="officer@sikka.id")
    OfficerRegency.objects.create(user=officer, regency_id="53.07")
    data["officer"] = officer
    return data
