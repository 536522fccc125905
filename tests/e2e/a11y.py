"""axe-core in the browser tests: inject the vendored copy, run it, read the violations."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core-3.1.1.min.js"

_RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
  done(result.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return n.target.join(" "); })};
  }));
}, function (error) { done("axe failed: " + error); });
"""


def axe_violations(browser) -> list[dict]:
    """The WCAG 2 A/AA violations axe-core finds on the page as it is now."""
    if not browser.execute_script("return typeof window.axe === 'object'"):
        browser.execute_script(AXE.read_text())
    browser.set_script_timeout(60)
    result = browser.execute_async_script(_RUN)
    assert not isinstance(result, str), result
    return result


def assert_accessible(browser) -> None:
    violations = axe_violations(browser)
    assert violations == [], f"{browser.current_url}: {violations}"
