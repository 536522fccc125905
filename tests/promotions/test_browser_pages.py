"""The campaign pages in headless Chromium at phone (390x844) and desktop size.

A buyer sees the campaign page (banner, benefit, period, products with the
struck-through price) and the product page; campaign staff see the report
after a discounted purchase. ``shot`` saves the screenshots (``E2E_SCREENSHOTS``).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from selenium.webdriver.common.by import By

from orders.services.completion import checkout_place
from promotions import services
from tests.e2e.helpers import shot
from tests.shopping import checkout_of_sikka


@pytest.fixture(autouse=True)
def _serve_media(settings):
    settings.ROOT_URLCONF = "tests.e2e.urls"
    from django.urls import clear_url_caches

    clear_url_caches()
    yield
    clear_url_caches()


def _banner() -> SimpleUploadedFile:
    image = Image.new("RGB", (1200, 400), (181, 84, 43))
    for x in range(0, 1200, 60):  # a simple ikat-like stripe pattern
        for y in range(0, 400):
            if (x // 60) % 2 == 0 and (y // 20) % 2 == 0:
                image.putpixel((x + (y % 20), y), (250, 220, 170))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile("banner.png", out.getvalue(), content_type="image/png")


def _shoot(browser, live_server, cookie: str, pages: list[tuple[str, str]]) -> None:
    """Phone and desktop screenshots; the ``staff-`` pages signed in as staff."""
    for name, path in pages:
        browser.get(live_server.url + "/produk/")
        browser.delete_all_cookies()
        if name.startswith("staff"):
            browser.add_cookie({"name": "sessionid", "value": cookie})
        browser.get(live_server.url + path)
        shot(browser, f"promotions-{name}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_campaign_pages_at_phone_and_desktop_size(browser, live_server, client, world, staff):
    from django.utils import timezone

    now = timezone.now()
    campaign = services.campaign_create(
        user=staff,
        data=services.CampaignInput(
            name="Beli Produk NTT: Tenun Sikka",
            description="Potongan 10% untuk tenun ikat dari Kabupaten Sikka, dibiayai APBD NTT.",
            starts_at=now - timezone.timedelta(days=1),
            ends_at=now + timezone.timedelta(days=30),
            discount_type="PERCENTAGE",
            value=10,
            funded_by="GOVERNMENT",
            funding_reference="APBD NTT 2026, DPA 2.07.01",
            budget=5_000_000,
            scope=services.Scope(sellers=[world.sikka.pk]),
        ),
        banner=_banner(),
    )
    [order] = checkout_place(
        checkout=checkout_of_sikka(world), gateway="DUMMY", expected_total=None, actor=None
    )
    assert order.discount_total == 45_000

    browser.get(f"{live_server.url}/kampanye/{campaign.slug}/")
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "Beli Produk NTT: Tenun Sikka" in page
    assert "Rp 405.000" in page
    assert (
        browser.find_element(By.CSS_SELECTOR, ".campaign__banner").get_attribute("naturalWidth")
        == "1200"
    )

    browser.get(f"{live_server.url}/produk/{world.tenun.product.slug}/")
    assert "Rp 405.000" in browser.find_element(By.CSS_SELECTOR, ".price-now").text

    browser.get(f"{live_server.url}/")
    assert "Kampanye berjalan" in browser.find_element(By.TAG_NAME, "body").text
    client.force_login(staff)
    cookie = client.cookies["sessionid"].value
    browser.get(live_server.url + "/produk/")
    browser.add_cookie({"name": "sessionid", "value": cookie})
    browser.get(f"{live_server.url}/staf/kampanye/{campaign.slug}/")
    report = browser.find_element(By.TAG_NAME, "body").text
    assert "Rp 45.000" in report  # the discount given, paid by the government
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    _shoot(
        browser,
        live_server,
        cookie,
        [
            ("campaign", f"/kampanye/{campaign.slug}/"),
            ("product", f"/produk/{world.tenun.product.slug}/"),
            ("home", "/"),
            ("staff-report", f"/staf/kampanye/{campaign.slug}/"),
            ("staff-list", "/staf/kampanye/"),
        ],
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_asn_page_edit_page_and_asn_report_at_phone_and_desktop_size(
    browser, live_server, client, world, staff, settings
):
    from promotions.asn import asn_profile_set
    from promotions.models import Redemption

    from .factories import make_campaign

    settings.ASN_PARTICIPATION_ENABLED = True
    campaign = make_campaign(
        products=[world.tenun.product], name="Beli Produk NTT: Tenun Sikka", budget=5_000_000
    )
    asn_profile_set(user=staff, nip="198503122010011012", agency="BPKAD NTT", consent=True)
    Redemption.objects.create(
        campaign=campaign,
        seller=world.sikka,
        checkout_id=1,
        order_id=1,
        customer=f"user:{staff.pk}",
        user=staff,
        status=Redemption.Status.REDEEMED,
        amount=45_000,
        funded_by="GOVERNMENT",
    )
    client.force_login(staff)
    cookie = client.cookies["sessionid"].value
    browser.get(live_server.url + "/produk/")
    browser.add_cookie({"name": "sessionid", "value": cookie})
    browser.get(f"{live_server.url}/akun/asn/")
    assert browser.find_element(By.CSS_SELECTOR, "[data-nip]").text == "198503122010011012"
    browser.get(f"{live_server.url}/staf/kampanye/{campaign.slug}/")
    report = browser.find_element(By.TAG_NAME, "body").text
    assert "1 dari 1 ASN terdaftar membeli dengan potongan kampanye ini." in report
    assert "201001" not in report
    _shoot(
        browser,
        live_server,
        cookie,
        [
            ("staff-asn-profile", "/akun/asn/"),
            ("staff-asn-report", f"/staf/kampanye/{campaign.slug}/"),
            ("staff-edit", f"/staf/kampanye/{campaign.slug}/ubah/"),
        ],
    )
