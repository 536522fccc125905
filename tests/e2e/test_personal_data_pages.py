"""The privacy page (Indonesian and English) and "Data pribadi saya" fit a phone; the
buyer deletes their account there and is signed out."""

import pytest

from shop.models import User
from shop.roles import Role

from .helpers import button, fill, fits_phone, shot, sign_in, submit_and_wait, text_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_privacy_pages_and_account_deletion_on_a_phone(browser, live_server, make_user):
    url = live_server.url
    browser.get(f"{url}/privasi/")
    assert "Kebijakan Privasi Pasar OVOP NTT" in text_of(browser)
    fits_phone(browser)
    shot(browser, "privacy-01-id")
    browser.get(f"{url}/bahasa/en/?next=/privasi/")
    assert "OVOP NTT Marketplace Privacy Policy" in text_of(browser)
    fits_phone(browser)
    shot(browser, "privacy-02-en")
    browser.get(f"{url}/bahasa/id/?next=/")

    make_user(Role.CONSUMER, email="maria@contoh.id", first_name="Maria")
    sign_in(browser, url, "maria@contoh.id", next_path="/akun/data-pribadi/")
    assert "Unduh (JSON)" in text_of(browser)
    fits_phone(browser)
    shot(browser, "privacy-03-my-data")
    fill(browser, {"password": "rahasia-kuat-123"})
    submit_and_wait(browser, button(browser, "Hapus akun saya"))
    assert "Akun Anda sudah dihapus." in text_of(browser)
    assert not User.objects.filter(email="maria@contoh.id").exists()
