"""axe-core in the browser tests: inject the vendored copy, run it, read the violations.

axe-core 3.1.1 (the only copy available offline) has two false positives in
today's Chromium, checked against a plain page (a label with the usual
visually-hidden CSS; ``autocomplete="off"`` on ``type=search``, valid HTML). Only
those nodes are dropped, after checking them here: the rules stay on for the rest.
"""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core-3.1.1.min.js"

_RUN = """
var done = arguments[arguments.length - 1];
function labelled(el) {  // an explicit <label for> with text
  if (!el || !el.id) return false;
  var label = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
  return !!(label && label.textContent.trim());
}
function autocompleteOff(el) {
  return !!el && (el.getAttribute("autocomplete") || "").trim().toLowerCase() === "off";
}
var known = {label: labelled, "autocomplete-valid": autocompleteOff};
axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
  done(result.violations.map(function (v) {
    var nodes = v.nodes.filter(function (n) {
      var check = known[v.id];
      return !(check && check(document.querySelector(n.target.join(" "))));
    });
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: nodes.map(function (n) { return n.target.join(" "); })};
  }).filter(function (v) { return v.nodes.length; }));
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
