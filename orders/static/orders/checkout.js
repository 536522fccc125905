// Region picker: choosing a kabupaten or kecamatan reloads the form with the next list;
// choosing the desa or a shipping method reloads it with the shipping prices and total.
(function () {
  var form = document.querySelector("form.checkout");
  if (!form) return;
  form.querySelectorAll(".no-js").forEach(function (el) { el.hidden = true; });
  ["id_regency", "id_district", "id_village"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) el.addEventListener("change", function () {
      if (id === "id_regency") document.getElementById("id_district").value = "";
      if (id !== "id_village") document.getElementById("id_village").value = "";
      form.requestSubmit();
    });
  });
  form.querySelectorAll(".auto-submit").forEach(function (el) {
    el.addEventListener("change", function () { form.requestSubmit(); });
  });
})();
