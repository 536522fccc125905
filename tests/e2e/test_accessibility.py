"""axe-core (vendored, tests/e2e/vendor) finds no WCAG A/AA violation on the main pages:
home, product list, product page, cart, checkout, and the portal's product page."""

import json

import pytest
from selenium.webdriver.common.by import By

from catalog.search.database import index_products

from .a11y import axe_violations
from .helpers import button, css, shot, sign_in, submit_and_wait
from .test_money_village_transfer import sikka_shop  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_axe_finds_nothing_on_the_main_pages(browser, live_server, sikka_shop):  # noqa: F811
    _seller, products = sikka_shop
    url = live_server.url
    index_products([p.pk for p in products])
    found = {}
    for name, path in (
        ("home", "/"),
        ("list", "/produk/"),
        ("product", f"/produk/{products[1].slug}/"),
    ):
        browser.get(url + path)
        found[name] = axe_violations(browser)
    submit_and_wait(browser, button(browser, "Tambah ke keranjang"))
    found["cart"] = axe_violations(browser)
    browser.get(f"{url}/checkout/")
    found["checkout"] = axe_violations(browser)
    sign_in(browser, url, "pengurus@sikka.id", next_path=f"/portal/produk/{products[2].pk}/")
    found["portal-product"] = axe_violations(browser)
    shot(browser, "a11y-portal-product")
    problems = {k: v for k, v in found.items() if v}
    assert problems == {}, json.dumps(problems, indent=1)
    # no duplicate ids on the portal product page (the finding), checked directly too
    ids = [e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, "[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # the language link: what it shows begins its accessible name
    lang = css(browser, "a.lang")
    shown = browser.execute_script("return arguments[0].firstChild.textContent", lang)
    assert shown == "EN"
    assert lang.get_attribute("textContent").startswith(shown)
