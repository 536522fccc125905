// Checkout and address book: the region picker (kabupaten -> kecamatan -> desa), the
// couriers and the total follow each choice. On the checkout the form is posted in the
// background and its content swapped for the answer's (no full reload, focus kept);
// without fetch, or if that fails, the form is simply submitted (and without JavaScript
// the "Perbarui pilihan wilayah" button does the same).
(function () {
  var form = document.querySelector("form.checkout, form.region-form");
  if (!form) return;
  var inPlace = form.classList.contains("checkout") && window.fetch && window.DOMParser && window.FormData;
  var status = document.getElementById("checkout-status");
  var busy = false;

  function submitWhole() { form.requestSubmit ? form.requestSubmit() : form.submit(); }

  function refresh(trigger) {
    if (!inPlace) { submitWhole(); return; }
    if (busy) return;
    busy = true;
    form.setAttribute("aria-busy", "true");
    var focusId = trigger && trigger.id;
    var focusName = trigger && trigger.name, focusValue = trigger && trigger.value;
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("reload");
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("form.checkout");
      if (!fresh) throw new Error("reload");
      form.innerHTML = fresh.innerHTML;
      bind();
      var again = focusId ? document.getElementById(focusId) : null;
      if (!again && focusName) {
        again = form.querySelector('[name="' + focusName + '"][value="' + focusValue + '"]');
      }
      if (again) again.focus();
      var total = form.querySelector(".totals strong");
      if (status && total) status.textContent = status.getAttribute("data-label") + " " + total.textContent;
    }).catch(function () {
      submitWhole();
    }).then(function () {
      busy = false;
      form.removeAttribute("aria-busy");
    });
  }

  function bind() {
    form.querySelectorAll(".no-js").forEach(function (el) { el.hidden = true; });
    ["id_regency", "id_district", "id_village"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.addEventListener("change", function () {
        if (id === "id_regency") document.getElementById("id_district").value = "";
        if (id !== "id_village") document.getElementById("id_village").value = "";
        refresh(el);
      });
    });
    form.querySelectorAll(".auto-submit").forEach(function (el) {
      el.addEventListener("change", function () { refresh(el); });
    });
  }
  bind();
})();
