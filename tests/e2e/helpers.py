"""What a person does in the browser: sign in, type, choose, click, wait for the next page."""

import base64
import io
import os
from pathlib import Path

from PIL import Image
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser import DESKTOP, PHONE

PASSWORD = "rahasia-kuat-123"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/e2e-shots"))


def wait(browser, condition, timeout: float = 15):
    # While a page is being replaced chromedriver may answer "stale element" or a bare
    # "Node ... does not belong to the document": both mean "not yet", poll again.
    return WebDriverWait(
        browser, timeout, ignored_exceptions=(StaleElementReferenceException, WebDriverException)
    ).until(condition)


def css(browser, selector: str):
    return browser.find_element(By.CSS_SELECTOR, selector)


def text_of(browser) -> str:
    return browser.find_element(By.TAG_NAME, "body").text


def submit_and_wait(browser, element) -> None:
    """Click a submit button and wait until the next page has replaced this one."""
    old = browser.find_element(By.TAG_NAME, "html")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    wait(browser, lambda b: _stale(old))
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")


def _stale(element) -> bool:
    try:
        element.tag_name  # noqa: B018
    except WebDriverException:  # stale, or its node left the document
        return True
    return False


def button(browser, label: str, scope=None):
    """The visible submit button whose text is ``label``."""
    scope = scope or browser
    for candidate in scope.find_elements(By.CSS_SELECTOR, "button, input[type=submit]"):
        if (
            candidate.is_displayed()
            and (candidate.text or candidate.get_attribute("value")).strip() == label
        ):
            return candidate
    raise AssertionError(f"no button {label!r} on {browser.current_url}")


def link(browser, label: str):
    return browser.find_element(By.LINK_TEXT, label)


def fill(browser, values: dict, scope=None) -> None:
    """Type into text fields / choose options by the field's name (in <main> unless told)."""
    scope = scope or browser.find_element(By.TAG_NAME, "main")
    for name, value in values.items():
        field = scope.find_element(By.NAME, name)
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
        if field.tag_name == "select":
            Select(field).select_by_value(str(value))
        elif field.get_attribute("type") == "checkbox":
            if field.is_selected() != bool(value):
                field.click()
        elif field.get_attribute("type") == "file":
            field.send_keys(str(value))
        elif field.get_attribute("type") == "date":
            # The native date picker is the browser's own UI; set the ISO value it would.
            browser.execute_script("arguments[0].value = arguments[1]", field, str(value))
        else:
            field.clear()
            field.send_keys(str(value))


def sign_in(browser, base_url: str, email: str, password: str = PASSWORD, next_path: str = "/"):
    browser.get(f"{base_url}/masuk/?next={next_path}")
    fill(browser, {"username": email, "password": password})
    submit_and_wait(browser, button(browser, "Masuk", scope=css(browser, "main")))
    assert "/masuk/" not in browser.current_url, text_of(browser)


def sign_out(browser) -> None:
    browser.delete_all_cookies()


def fits_phone(browser) -> None:
    """Nothing on the page is wider than the 390 px phone screen."""
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{browser.current_url} is {width} px wide"


def shot(browser, name: str) -> None:
    """Save the whole page as a phone (``<name>-phone.png``, 390x844) and a desktop
    (``<name>-desktop.png``, 1280x900) show it, for a person to look at; the browser is a
    phone again afterwards, and the phone page must not scroll sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    _capture(browser, PHONE, SHOTS / f"{name}-phone.png")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    try:
        _capture(browser, DESKTOP, SHOTS / f"{name}-desktop.png")
    finally:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    assert width <= PHONE["width"], f"{browser.current_url} is {width} px wide ({name})"


def _capture(browser, metrics: dict, path: Path) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    data = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    path.write_bytes(base64.b64decode(data["data"]))


def png_file(tmp_path: Path, name: str = "foto.png", size=(64, 48)) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 60, 30)).save(buffer, format="PNG")
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def pdf_file(tmp_path: Path, name: str = "dokumen.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(PDF_BYTES)
    return path


def checkout_settled(browser) -> None:
    """Wait until the checkout form has been refreshed in place (checkout.js swaps its
    content after a background POST; no new page loads)."""
    wait(
        browser,
        lambda b: b.execute_script(
            "var f = document.querySelector('form.checkout');"
            "return f && !f.hasAttribute('aria-busy') && document.readyState === 'complete'"
        ),
    )


def in_place(browser, action) -> None:
    """Do ``action`` on the checkout; its form refreshes without a new page."""
    page = browser.find_element(By.TAG_NAME, "html")
    action()
    checkout_settled(browser)
    assert not _stale(page)


def choose_region(browser, field: str, label: str) -> None:
    """Pick a kabupaten/kecamatan/desa at checkout; the form refreshes with the next list."""
    in_place(
        browser, lambda: Select(css(browser, f"select[name={field}]")).select_by_visible_text(label)
    )


def choose_shipping(browser, seller, label: str) -> None:
    """Pick the shipping whose label is ``label`` (e.g. "Kurir JNE — Rp 25.000") for
    ``seller`` at checkout; the totals refresh in place."""
    for radio in browser.find_elements(By.CSS_SELECTOR, f"input[name=method_{seller.pk}]"):
        if radio.find_element(By.XPATH, "..").text.strip() == label:
            in_place(browser, radio.click)
            return
    raise AssertionError(f"no shipping {label!r} for {seller}")


def choose(browser, name: str, value: str) -> None:
    """Click the radio button ``name`` with ``value``."""
    radio = css(browser, f"input[name={name}][value={value}]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
    radio.click()


def download(browser, url: str) -> dict:
    """GET ``url`` with the page's session, as a download link would: status, content type,
    disposition, the first five characters (``head``) and the body (``body``, bytes)."""
    got = browser.execute_async_script(
        """const done = arguments[arguments.length - 1];
           fetch(arguments[0]).then(async r => {
             const bytes = new Uint8Array(await r.arrayBuffer());
             let binary = '';
             for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
             done({status: r.status, type: r.headers.get('content-type'),
                   disposition: r.headers.get('content-disposition'),
                   head: binary.slice(0, 5), body: btoa(binary)});
           });""",
        url,
    )
    got["body"] = base64.b64decode(got["body"])
    return got


def no_csp_violation(browser) -> None:
    logs = [e["message"] for e in browser.get_log("browser")]
    assert not [m for m in logs if "Content Security Policy" in m], logs
