"""A lembaga finds its shipping methods page (without it, buyers cannot check out)."""

import pytest

pytestmark = pytest.mark.django_db


def test_members_reach_the_shipping_methods_page_from_the_menu_and_the_orders_page(
    client, world, make_user
):
    client.force_login(world.sikka_member)
    for path in ("/", "/penjual/pesanan/"):
        assert '<a href="/penjual/pengiriman/">Metode pengiriman</a>' in (
            client.get(path).content.decode()
        )
    page = client.get("/penjual/pengiriman/").content.decode()
    assert '<table class="table--stack">' in page
    assert 'data-label="Tarif"' in page
    client.force_login(make_user())
    assert "/penjual/pengiriman/" not in client.get("/").content.decode()
