"""Finding a desa by the name people remember, in registration and checkout."""

import pytest

from sellers.models import Seller
from sellers.selectors import search_key, seller_review_warnings, village_find
from tests.regions import NITA, SIKKA_VILLAGE, TAKAPLAGER

pytestmark = pytest.mark.django_db


def test_the_key_drops_case_spaces_apostrophes_and_accents():
    assert search_key("Oé'Ekam") == "oeekam"
    assert search_key("  Watu Omok ") == "watuomok"


@pytest.mark.parametrize("typed", ["Watuomok", "watu omok", "WATU OM", "tuomo"])
def test_partial_and_spacing_free_names_find_the_desa(typed):
    codes = [v.code for v in village_find(query=typed).villages]
    assert "53.07.08.2020" in codes  # Watu Omok, Kec. Bola, Sikka


def test_an_apostrophe_or_accent_does_not_hide_a_desa():
    names = {v.name for v in village_find(query="oé ekam").villages}
    assert {"Oe'Ekam", "Oe'ekam"} <= names


def test_a_kecamatan_name_lists_its_desa():
    result = village_find(query="Hewokloang")
    assert {v.code for v in result.villages} >= {"53.07.18.2001", "53.07.18.2005"}
    assert not result.suggested


def test_a_name_not_in_the_register_offers_the_closest_spellings():
    # Watublapi is not in the Kemendagri list shipped with the project; the
    # search offers the nearest "Watu..." desa instead of an empty list.
    result = village_find(query="Watublapi")
    assert result.suggested
    assert result.villages
    assert all(v.name.lower().startswith("watu") for v in result.villages)


def test_two_letters_are_not_a_search():
    assert village_find(query="wa").villages == []


def test_registration_finds_a_desa_and_a_click_fills_the_code(client, make_user):
    client.force_login(make_user())
    html = client.get("/portal/daftar/", {"cari_desa": "watu omok"}).content.decode()
    assert "53.07.08.2020" in html
    assert 'href="?desa=53.07.08.2020#id_village_code"' in html
    filled = client.get("/portal/daftar/", {"desa": "53.07.08.2020"}).content.decode()
    assert 'value="53.07.08.2020"' in filled


def test_the_review_flags_a_desa_outside_the_zone_and_a_shared_account(
    client, pengurus, officer, make_seller, zone_sikka, make_user
):
    inside = make_seller(user=pengurus, village=NITA, zone=zone_sikka)
    assert seller_review_warnings(seller=inside) == []
    outside = make_seller(user=make_user(), village=SIKKA_VILLAGE, zone=zone_sikka)
    warnings = seller_review_warnings(seller=outside)
    assert any("tidak termasuk desa produksi atau penyangga" in w for w in warnings)
    # Both were registered with the same account number.
    assert any(inside.name in w for w in warnings)
    client.force_login(officer)
    html = client.get(f"/tinjau/{outside.slug}/").content.decode()
    assert "review-warnings" in html
    assert "Klaster Tenun Ikat Nita" in html


def test_a_buffer_village_is_inside_the_zone(pengurus, make_seller, zone_sikka):
    seller = make_seller(user=pengurus, village=TAKAPLAGER, zone=zone_sikka)
    Seller.objects.filter(pk=seller.pk).update(bank_account_number="")
    seller.refresh_from_db()
    assert seller_review_warnings(seller=seller) == []
