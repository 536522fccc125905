"""Fixtures of the checkout and order tests; the journey itself is in tests/shopping.py."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from sellers.models import SellerMember
from shop.roles import Role
from tests.shopping import (
    BELU_VILLAGE,
    SIKKA_VILLAGE,
    WEBHOOK_SECRET,
    World,
    make_seller,
    make_shipping,
    make_variant,
)


@pytest.fixture
def world(db, make_user) -> World:
    sikka = make_seller("BUMDes Sikka Jaya", SIKKA_VILLAGE)
    belu = make_seller("Koperasi Kopi Lamaknen", BELU_VILLAGE)
    tenun = make_variant(sikka, name="Sarung tenun ikat Sikka", price=450_000, weight_grams=900)
    kopi = make_variant(
        belu, name="Kopi arabika Lamaknen 250 g", price=65_000, weight_grams=250, stock=50
    )
    sikka_member = make_user(Role.SELLER_MEMBER, email="pengurus@sikka.id")
    belu_member = make_user(Role.SELLER_MEMBER, email="pengurus@belu.id")
    SellerMember.objects.create(seller=sikka, user=sikka_member, role=SellerMember.Role.PENGURUS)
    SellerMember.objects.create(seller=belu, user=belu_member, role=SellerMember.Role.PENGURUS)
    return World(
        sikka=sikka,
        belu=belu,
        tenun=tenun,
        kopi=kopi,
        sikka_ship=make_shipping(sikka),
        belu_ship=make_shipping(belu),
        sikka_member=sikka_member,
        belu_member=belu_member,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    """A real localstripe server on a free port, for the whole session."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.orders.localstripe_server", "--port", str(port)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30  # the shared 2-core machine can be slow to start it
    while True:
        try:
            urllib.request.urlopen(f"{url}/js.stripe.com/v3/", timeout=0.5)
            break
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"localstripe did not start on port {port}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def stripe_on(settings, localstripe_url):
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_SECRET_KEY = "sk_test_ovop"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_ovop"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PAYMENT_GATEWAYS = ["STRIPE", "DUMMY", "BANK_TRANSFER", "COD"]
    return localstripe_url
