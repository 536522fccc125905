import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_fits_a_phone_and_switches_to_english(browser, live_server):
    browser.get(live_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Beli Produk NTT"
    # Nothing overflows sideways on a 390 px wide phone.
    assert browser.execute_script("return window.innerWidth") == 390
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390

    browser.find_element(By.CSS_SELECTOR, "a.lang").click()
    # During the page swap chromedriver may also answer "Node ... does not belong to
    # the document" (a bare WebDriverException): poll again.
    WebDriverWait(
        browser, 20, ignored_exceptions=(StaleElementReferenceException, WebDriverException)
    ).until(lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Buy NTT Products"


def test_skip_link_leads_to_main_content(browser, live_server):
    browser.get(live_server.url + "/")
    skip = browser.find_element(By.CSS_SELECTOR, "a.skip")
    assert skip.get_attribute("href").endswith("#main")
    assert browser.find_element(By.ID, "main").tag_name == "main"
