"""Fixtures of the checkout and order tests; the journey itself is in tests/shopping.py."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from tests.shopping import WEBHOOK_SECRET, World, world_make


@pytest.fixture
def world(db, make_user) -> World:
    return world_make(make_user)


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
