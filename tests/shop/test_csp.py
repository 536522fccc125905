"""The Content-Security-Policy: no inline script, no inline style, nothing from another
host but Stripe.js; every page (and GraphiQL) passes it in a real browser."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from config.urls import urlpatterns as project_urlpatterns
from sellers.models import SellerMember
from shop.graphql.views import GraphQLView
from shop.roles import Role
from tests.e2e.helpers import shot

# GraphiQL is mounted only when DEBUG; these URLs mount it for the tests.
urlpatterns = [
    path("graphiql/", GraphQLView.as_view(graphiql=True)),
    *project_urlpatterns,
]


# A JSON-LD block (``type="application/ld+json"``) is data the browser never runs, so
# script-src does not apply to it; any other <script> without src is inline code.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", re.IGNORECASE
)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _inline_code(html: str) -> list[str]:
    return [
        match.group(0)
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JAVASCRIPT_URL)
        for match in pattern.finditer(html)
    ]


def _templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(
        p
        for p in base.glob("**/templates/**/*.html")
        if ".venv" not in p.parts and "node_modules" not in p.parts
    )


def test_the_scan_recognises_inline_code():
    assert _inline_code('<script>alert(1)</script><script src="/a.js"></script>') == ["<script>"]
    assert _inline_code('<p style="color:red">') == [' style="color:red"'[:7]]
    assert len(_inline_code('<a href="javascript:x()" onclick="y()">')) == 2
    assert _inline_code('<script src="/a.js" defer></script><p class="styled">') == []
    assert _inline_code('<script type="application/ld+json">{}</script>') == []


def test_no_template_has_an_inline_script_style_or_event_handler():
    templates = _templates()
    assert len(templates) > 30
    found = {
        str(t.relative_to(settings.BASE_DIR)): code
        for t in templates
        if (code := _inline_code(t.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_policy_allows_no_inline_code_and_no_framing():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for directive in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]
    assert directives["script-src"] == ["'self'", "https://js.stripe.com"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


@pytest.fixture
def member(make_user, tenun):
    user = make_user(Role.SELLER_MEMBER, email="pengurus@contoh.id")
    SellerMember.objects.create(seller=tenun.seller, user=user, role=SellerMember.Role.PENGURUS)
    return user


def _pages(tenun) -> dict[str, list[str]]:
    """Pages by who looks at them."""
    return {
        "visitor": [
            "/",
            "/produk/",
            f"/produk/{tenun.slug}/",
            f"/lembaga/{tenun.seller.slug}/",
            "/keranjang/",
            "/masuk/",
            "/daftar/",
            "/graphiql/",
        ],
        "member": [
            "/portal/",
            f"/portal/lembaga/{tenun.seller.slug}/",
            "/portal/produk/",
            f"/portal/produk/{tenun.pk}/",
            "/portal/stok/",
            "/penjual/pesanan/",
            "/penjual/pengiriman/",
            "/pesanan/",
        ],
        "officer": ["/tinjau/", "/portal/produk/sertifikat/tinjau/"],
    }


@pytest.mark.django_db
@pytest.mark.urls("tests.shop.test_csp")
def test_every_page_sends_the_policy_and_security_headers_and_no_inline_code(
    client, tenun, member, make_user
):
    officer = make_user(Role.PROGRAMME_OFFICER, email="pmd@contoh.id")
    for who, urls in _pages(tenun).items():
        browser = Client()
        if who != "visitor":
            browser.force_login(member if who == "member" else officer)
        for url in urls:
            response = browser.get(url, HTTP_ACCEPT="text/html")
            assert response.status_code == 200, (who, url)
            csp = response["Content-Security-Policy"]
            assert "script-src 'self' https://js.stripe.com" in csp, url
            assert "style-src 'self'" in csp, url
            assert "frame-ancestors 'none'" in csp, url
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Referrer-Policy"] == "same-origin"
            assert response["X-Frame-Options"] == "DENY"
            assert response["Permissions-Policy"] == (
                "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                'microphone=(), payment=(self "https://js.stripe.com"), usb=()'
            )
            assert _inline_code(response.content.decode()) == [], (who, url)


# Installed by the DevTools protocol before any script of the page runs (and exempt from
# the page's policy): records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.urls("tests.shop.test_csp")
def test_pages_and_graphiql_run_in_chromium_without_a_csp_violation(
    browser, live_server, tenun, member, make_user
):
    officer = make_user(Role.PROGRAMME_OFFICER, email="pmd@contoh.id")
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    problems = []
    for who, urls in _pages(tenun).items():
        browser.delete_all_cookies()
        if who != "visitor":
            client = Client()
            client.force_login(member if who == "member" else officer)
            browser.get(live_server.url + "/healthz")
            browser.add_cookie(
                {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies["sessionid"].value}
            )
        for url in urls:
            browser.get(live_server.url + url)
            if url == "/graphiql/":
                # GraphiQL renders its editor (React) once its scripts have run.
                try:
                    WebDriverWait(browser, 15).until(
                        lambda b: b.find_elements(By.CSS_SELECTOR, ".graphiql-container")
                    )
                except TimeoutException:
                    problems.append(
                        (who, url, "GraphiQL did not render", browser.get_log("browser"))
                    )
                shot(browser, "csp-graphiql")
            violations = browser.execute_script("return window.__cspViolations")
            console = [
                entry["message"]
                for entry in browser.get_log("browser")
                if "Content Security Policy" in entry["message"]
            ]
            if violations or console:
                problems.append((who, url, violations, console))
    assert problems == [], "\n".join(map(str, problems))

    # The recorder does see a violation: an inline script and a style attribute, added now.
    browser.get(live_server.url + "/")
    browser.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.x = 1';"
        "document.body.appendChild(s); document.body.setAttribute('style', 'color: red');"
    )
    WebDriverWait(browser, 5).until(
        lambda b: len(b.execute_script("return window.__cspViolations")) >= 2
    )
    directives = {v.split()[0] for v in browser.execute_script("return window.__cspViolations")}
    assert directives == {"script-src-elem", "style-src-attr"}
    assert browser.execute_script("return window.x") is None
