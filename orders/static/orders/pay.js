/* Card payment with Stripe's Payment Element; the keys come from #stripe-form's data
   attributes. A static file: the Content-Security-Policy refuses inline scripts. */
(function () {
  "use strict";
  var form = document.getElementById("stripe-form");
  var error = document.getElementById("stripe-error");
  if (!form) { return; }
  if (!window.Stripe) { error.textContent = form.dataset.loadError; return; }
  var stripe = window.Stripe(form.dataset.key);
  var elements = stripe.elements({clientSecret: form.dataset.secret});
  elements.create("payment").mount("#payment-element");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    stripe.confirmPayment({elements: elements, confirmParams: {return_url: form.dataset.return}}).then(function (r) {
      if (r.error) { error.textContent = r.error.message; }
    });
  });
})();
