"""Pages: cart, checkout, Stripe payment, confirmation, order history; sellers' order pages."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellers.selectors import sellers_for_user, village_find
from shop.access import Access
from shop.form_errors import form_errors_add
from shop.private_files import private_file_response, request_viewer

from . import selectors
from .errors import CheckoutErrorCode
from .forms import (
    BuyerAddressForm,
    CheckoutForm,
    FulfillForm,
    ShippingMethodForm,
    TransferProofForm,
    address_initial,
)
from .models import Checkout, Order
from .packing_slip import packing_slip_pdf
from .pricing import checkout_prices
from .services import addresses as address_services
from .services import checkout as checkout_services
from .services import completion as completion_services
from .services import orders as order_services
from .services import shipping as shipping_services
from .services import transfer_proofs as proof_services

SESSION_KEY = "checkout_token"


def _remember(request: HttpRequest, checkout: Checkout | None) -> Checkout | None:
    if checkout is not None:
        request.session[SESSION_KEY] = str(checkout.token)
    return checkout


def cart_for(request: HttpRequest) -> Checkout | None:
    """The visitor's open cart (a guest cart is merged into the user's once they sign in)."""
    checkout = checkout_services.checkout_of_visitor(
        user=request.user, token=request.session.get(SESSION_KEY)
    )
    return _remember(request, checkout)


def cart(request: HttpRequest) -> HttpResponse:
    checkout = cart_for(request)
    prices = checkout_prices(checkout=checkout) if checkout else None
    return render(request, "orders/cart.html", {"checkout": checkout, "prices": prices})


def _line_input(request) -> checkout_services.LineInput:
    try:
        variant_id = int(request.POST.get("variant", ""))
        quantity = int(request.POST.get("quantity", "1"))
    except ValueError:
        raise ValidationError(
            _("Jumlah harus berupa angka."), code=CheckoutErrorCode.QUANTITY_INVALID
        ) from None
    return checkout_services.LineInput(variant_id=variant_id, quantity=quantity)


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    try:
        line = _line_input(request)
        checkout = checkout_services.checkout_lines_add_for_visitor(
            user=request.user, token=request.session.get(SESSION_KEY), lines=[line]
        )
        _remember(request, checkout)
        messages.success(request, _("Produk ditambahkan ke keranjang."))
    except ValidationError as exc:
        form_errors_add(exc, request=request)
    return redirect("orders:cart")


@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    checkout = cart_for(request)
    if checkout is None:
        return redirect("orders:cart")
    try:
        line = _line_input(request)
        if request.POST.get("remove"):
            checkout_services.checkout_line_delete(checkout=checkout, variant_id=line.variant_id)
        else:
            checkout_services.checkout_lines_update(checkout=checkout, lines=[line])
    except ValidationError as exc:
        form_errors_add(exc, request=request)
    return redirect("orders:cart")


@require_POST
def cart_voucher(request: HttpRequest) -> HttpResponse:
    """Apply the voucher code typed on the cart page, or take it off."""
    checkout = cart_for(request)
    if checkout is None:
        return redirect("orders:cart")
    try:
        if request.POST.get("remove"):
            checkout_services.checkout_voucher_remove(checkout=checkout)
        else:
            checkout_services.checkout_voucher_apply(
                checkout=checkout, code=request.POST.get("code", "")
            )
            messages.success(request, _("Voucher dipakai."))
    except ValidationError as exc:
        form_errors_add(exc, request=request)
    return redirect("orders:cart")


def _initial(checkout: Checkout, user) -> dict:
    """The checkout's saved values; a new one starts from the buyer's default address,
    or at least the name and phone given at sign-up."""
    fresh = not (checkout.ship_name or checkout.ship_village_id or checkout.ship_city)
    if fresh and getattr(user, "is_authenticated", False):
        default = selectors.buyer_address_default(user=user)
        if default is not None:
            address_services.checkout_address_use(checkout=checkout, address=default)
    initial = {
        **address_initial(checkout),
        "email": checkout.email,
        "age_confirmed": checkout.age_confirmed,
    }
    if getattr(user, "is_authenticated", False):
        initial["email"] = initial["email"] or user.email
        if not initial["name"] and user.first_name:
            initial["name"] = user.get_full_name()
        initial["phone"] = initial["phone"] or user.phone
    return initial


def _methods_from(request: HttpRequest, prices) -> dict[int, int]:
    """Seller id -> the shipping method id ticked for it (sellers the form did not send are left out)."""
    chosen = {}
    for part in prices.parts:
        method = request.POST.get(f"method_{part.seller.pk}", "")
        if method.isdigit():
            chosen[part.seller.pk] = int(method)
    return chosen


def _destination_save(checkout: Checkout, form: CheckoutForm) -> None:
    """Keep the chosen desa (or city outside NTT) so every courier for it shows at once."""
    d = getattr(form, "cleaned_data", {})
    outside = d.get("outside_ntt")
    # A wrong desa is reported by the full submit; here it just saves nothing.
    with contextlib.suppress(ValidationError):
        checkout_services.checkout_destination_set(
            checkout=checkout,
            village_code="" if outside else d.get("village", ""),
            city=d.get("city", "") if outside else "",
            province=d.get("province", "") if outside else "",
        )


def checkout_page(request: HttpRequest) -> HttpResponse:
    """One form: address first, then shipping and payment. A change of the region picker
    or a courier posts the form without ``place`` (checkout.js swaps the answer's form in
    place; without JavaScript the page reloads) and saves what is there."""
    checkout = cart_for(request)
    if checkout is None or not checkout.lines.exists():
        return redirect("orders:cart")
    prices = checkout_prices(checkout=checkout)
    if request.method == "POST":
        form = CheckoutForm(request.POST, parts=prices.parts)
        form.is_valid()
        if not form.address_ready():
            _destination_save(checkout, form)
        if form.address_ready():
            shown = request.POST.get("expected_total", "")
            try:
                orders = completion_services.checkout_submit(
                    checkout=checkout,
                    email=form.cleaned_data["email"],
                    address=form.address_input(),
                    age_confirmed=form.cleaned_data.get("age_confirmed", False),
                    shipping_methods=_methods_from(request, prices),
                    place="place" in request.POST,
                    gateway=request.POST.get("gateway", ""),
                    # Never charge another amount than the page showed the buyer.
                    expected_total=int(shown) if shown.isdigit() else None,
                    actor=request.user,
                )
            except ValidationError as exc:
                form_errors_add(exc, request=request)
            else:
                if orders is not None:  # placed: the address goes to the buyer's book
                    address_services.buyer_address_remember(checkout=checkout)
                if orders is not None and not orders:  # card: the buyer pays on the card page
                    return redirect("orders:pay")
                if orders:
                    return redirect("orders:done", token=checkout.token)
        checkout.refresh_from_db()
        prices = checkout_prices(checkout=checkout)
        if "place" in request.POST:
            form = CheckoutForm(request.POST, parts=prices.parts)
        else:
            # A refresh of the region picker is not a submission: no "required" errors
            # on fields the buyer has not reached yet.
            form = CheckoutForm(
                initial={**request.POST.dict(), "outside_ntt": "outside_ntt" in request.POST},
                parts=prices.parts,
            )
    else:
        picked = request.GET.get("desa", "")
        saved = selectors.buyer_address_get(user=request.user, pk=request.GET.get("alamat", ""))
        if picked:  # a desa chosen from the name search
            with contextlib.suppress(ValidationError):
                checkout_services.checkout_destination_set(checkout=checkout, village_code=picked)
        elif saved is not None:  # "Kirim ke alamat ini" from the address book
            address_services.checkout_address_use(checkout=checkout, address=saved)
        initial = _initial(checkout, request.user)
        checkout.refresh_from_db()
        prices = checkout_prices(checkout=checkout)
        form = CheckoutForm(initial=initial, parts=prices.parts)
    needs_age = selectors.checkout_needs_age_confirmation(prices=prices)
    search = request.GET.get("cari_desa", "")
    return render(
        request,
        "orders/checkout.html",
        {
            "checkout": checkout,
            "prices": prices,
            "form": form,
            "needs_age": needs_age,
            "village_query": search,
            "village_result": village_find(query=search),
            "addresses": selectors.buyer_addresses(user=request.user),
        },
    )


def pay(request: HttpRequest) -> HttpResponse:
    """The card page: Stripe Elements with the payment's client secret (Stripe.js only here)."""
    checkout = cart_for(request)
    payment = selectors.checkout_card_payment_pending(checkout=checkout)
    if payment is None:
        return redirect("orders:cart")
    return render(
        request,
        "orders/pay.html",
        {
            "payment": payment,
            "checkout": checkout,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "return_url": request.build_absolute_uri(f"/checkout/kembali/{checkout.token}/"),
        },
    )


def pay_return(request: HttpRequest, token) -> HttpResponse:
    checkout = selectors.checkout_by_token(token=token)
    if checkout is None or str(request.session.get(SESSION_KEY)) != str(token):
        raise Http404
    try:
        completion_services.checkout_complete(checkout=checkout, actor=request.user)
    except ValidationError as exc:
        form_errors_add(exc, request=request)
        return redirect("orders:pay")
    return redirect("orders:done", token=checkout.token)


def _done_checkout(request: HttpRequest, token) -> Checkout:
    """The placed checkout of this visitor (its session, or its signed-in buyer), else 404."""
    checkout = selectors.checkout_completed_by_token(token=token)
    allowed = checkout and (
        str(request.session.get(SESSION_KEY)) == str(token)
        or (request.user.is_authenticated and checkout.user_id == request.user.pk)
    )
    if not allowed:
        raise Http404
    return checkout


def _proof_upload(request: HttpRequest, payment) -> None:
    try:
        proof_services.transfer_proof_upload(
            payment=payment, file=request.FILES.get("file"), actor=request.user
        )
    except ValidationError as exc:
        form_errors_add(exc, request=request)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(
            request,
            _("Bukti transfer diterima. Petugas memeriksanya, lalu status menjadi Dibayar."),
        )


@require_POST
def done_proof(request: HttpRequest, token) -> HttpResponse:
    """The buyer uploads the transfer receipt from the confirmation page."""
    checkout = _done_checkout(request, token)
    orders = list(selectors.checkout_orders(checkout=checkout))
    if orders:
        _proof_upload(request, orders[0].payment)
    return redirect("orders:done", token=checkout.token)


@login_required
@require_POST
def order_proof(request: HttpRequest, number: str) -> HttpResponse:
    """The buyer uploads the transfer receipt from the order's page."""
    order = selectors.order_get_by_number(user=request.user, number=number)
    if order is None or not Access(request.user).is_buyer_of(order):
        raise Http404
    _proof_upload(request, order.payment)
    return redirect("orders:detail", number=order.number)


def transfer_proof(request: HttpRequest, pk: int) -> HttpResponse:
    """A transfer receipt, for its buyer and whoever handles an order it pays; else 404."""
    proof = selectors.transfer_proof_for(user=request_viewer(request), pk=pk)
    if proof is None:
        raise Http404
    return private_file_response(
        file=proof.file,
        content_type=proof.content_type,
        download_name=f"bukti-transfer-{proof.payment_id}-{proof.pk}",
    )


def done(request: HttpRequest, token) -> HttpResponse:
    checkout = _done_checkout(request, token)
    orders = list(selectors.checkout_orders(checkout=checkout))
    return render(
        request,
        "orders/done.html",
        {
            "orders": orders,
            "checkout": checkout,
            "transfers": selectors.bank_transfer_instructions(orders=orders),
            "grand_total": sum(o.total for o in orders),
            "proofs": selectors.transfer_proofs_of_payment(payment=orders[0].payment)
            if orders
            else [],
            "proof_form": TransferProofForm(),
        },
    )


@login_required
def order_history(request: HttpRequest) -> HttpResponse:
    orders = selectors.orders_of_buyer(user=request.user)
    return render(request, "orders/history.html", {"orders": orders})


BUYER_ACTIONS = {
    "delivered": order_services.order_mark_delivered,
    "complete": order_services.order_complete,
    "cancel": order_services.order_cancel,
}


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The buyer's order: its status and history; the buyer confirms receipt and closes it."""
    order = selectors.order_get_by_number(user=request.user, number=number)
    if order is None:
        raise Http404
    is_buyer = Access(request.user).is_buyer_of(order)
    if request.method == "POST":
        action = BUYER_ACTIONS.get(request.POST.get("action", ""))
        if action is None or not is_buyer:
            raise PermissionDenied
        try:
            action(order=order, actor=request.user)
            messages.success(request, _("Pesanan diperbarui."))
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Anda tidak memiliki izin untuk tindakan ini."))
        return redirect("orders:detail", number=order.number)
    # Complaints (orders.complaints) are read through the order's relation, no import.
    disputed = order.complaints.filter(is_open=True).exists()
    return render(
        request,
        "orders/detail.html",
        {
            "order": order,
            "is_buyer": is_buyer,
            "complaint_open": disputed,
            "tracking_url": selectors.tracking_url(order=order),
            "proofs": selectors.transfer_proofs_of_payment(payment=order.payment),
            "proof_form": TransferProofForm(),
        },
    )


@login_required
def seller_orders(request: HttpRequest) -> HttpResponse:
    sellers = list(sellers_for_user(user=request.user))
    if not sellers:
        raise PermissionDenied
    status = request.GET.get("status", "")
    orders = selectors.orders_of_sellers(sellers=sellers, status=status)
    today = timezone.localdate()
    payouts = selectors.sellers_payouts_of_month(sellers=sellers, day=today)
    return render(
        request,
        "orders/seller_list.html",
        {
            "orders": orders[:200],
            "statuses": Order.Status.choices,
            "status": status,
            "needs_action_filter": selectors.NEEDS_ACTION_FILTER,
            "payouts": payouts,
            "month": today,
        },
    )


def _seller_order(request, number: str) -> Order:
    order = selectors.order_for_fulfilment(number=number)
    if order is None or not Access(request.user).may_manage_order(order):
        raise Http404
    return order


@login_required
def seller_order(request: HttpRequest, number: str) -> HttpResponse:
    order = _seller_order(request, number)
    if request.method == "POST":
        action = request.POST.get("action")
        services = {
            "accept": (order_services.order_accept, _("Pesanan %(number)s diterima; siapkan.")),
            "confirm_payment": (
                order_services.order_confirm_payment,
                _("Pembayaran pesanan %(number)s dikonfirmasi."),
            ),
            "cancel": (order_services.order_cancel, _("Pesanan %(number)s dibatalkan.")),
            "delivered": (
                order_services.order_mark_delivered,
                _("Pesanan %(number)s ditandai sudah diterima pembeli."),
            ),
        }
        try:
            if action == "fulfill":
                form = FulfillForm(request.POST)
                form.is_valid()
                order = order_services.order_fulfill(
                    order=order,
                    actor=request.user,
                    tracking_number=form.cleaned_data.get("tracking_number", ""),
                )
                done = (
                    _("Pesanan %(number)s dikirim dengan nomor resi %(tracking)s.")
                    if order.tracking_number
                    else _("Pesanan %(number)s dikirim.")
                )
            elif action in services:
                service, done = services[action]
                service(order=order, actor=request.user)
            else:
                raise ValidationError(_("Tindakan tidak dikenal."))
            messages.success(
                request, done % {"number": order.number, "tracking": order.tracking_number}
            )
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Anda tidak memiliki izin untuk tindakan ini."))
        return redirect("orders:seller-order", number=order.number)
    return render(
        request,
        "orders/seller_detail.html",
        {
            "order": order,
            "fulfill": FulfillForm(),
            "proofs": selectors.transfer_proofs_of_payment(payment=order.payment),
            "payout": selectors.order_payout(order=order),
        },
    )


@login_required
def packing_slip(request: HttpRequest, number: str) -> HttpResponse:
    order = _seller_order(request, number)
    response = HttpResponse(packing_slip_pdf(order=order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="slip-{order.number}.pdf"'
    return response


@login_required
def seller_shipping(request: HttpRequest) -> HttpResponse:
    """A lembaga's shipping methods: add one, switch one on or off."""
    sellers = list(sellers_for_user(user=request.user))
    if not sellers:
        raise PermissionDenied
    form = ShippingMethodForm()
    if request.method == "POST":
        seller = next((s for s in sellers if str(s.pk) == request.POST.get("seller")), None)
        try:
            if seller is None:
                raise Http404
            if request.POST.get("toggle"):
                method = selectors.shipping_method_of_seller(
                    seller=seller, pk=request.POST.get("toggle")
                )
                if method is None:
                    raise Http404
                shipping_services.shipping_method_update(
                    actor=request.user, method=method, data={"is_active": not method.is_active}
                )
                messages.success(request, _("Metode pengiriman diperbarui."))
                return redirect("orders:seller-shipping")
            form = ShippingMethodForm(request.POST)
            if form.is_valid():
                shipping_services.shipping_method_create(
                    actor=request.user, seller=seller, data=form.service_data()
                )
                messages.success(request, _("Metode pengiriman ditambahkan."))
                return redirect("orders:seller-shipping")
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    methods = selectors.shipping_methods_of_sellers(sellers=sellers)
    return render(
        request,
        "orders/seller_shipping.html",
        {"sellers": sellers, "methods": methods, "form": form},
    )


def _address_form_page(request: HttpRequest, address=None) -> HttpResponse:
    """Add or change a saved address; the region picker refreshes without saving."""
    if request.method == "POST" and "save" in request.POST:
        form = BuyerAddressForm(request.POST)
        if form.is_valid():
            try:
                address_services.buyer_address_save(
                    user=request.user,
                    address=form.address_input(),
                    label=form.cleaned_data.get("label", ""),
                    make_default=form.cleaned_data.get("is_default", False),
                    address_id=address.pk if address else None,
                )
            except ValidationError as exc:
                form_errors_add(exc, form=form)
            else:
                messages.success(request, _("Alamat disimpan."))
                back = request.POST.get("next", "")
                return redirect(back if back == "/checkout/" else "orders:addresses")
    elif request.method == "POST":
        form = BuyerAddressForm(
            initial={**request.POST.dict(), "outside_ntt": "outside_ntt" in request.POST}
        )
    elif address is not None:
        form = BuyerAddressForm(
            initial={
                **address_initial(address),
                "label": address.label,
                "is_default": address.is_default,
            }
        )
    else:
        user = request.user
        form = BuyerAddressForm(
            initial={"name": user.get_full_name() if user.first_name else "", "phone": user.phone}
        )
    return render(
        request,
        "orders/address_form.html",
        {"form": form, "address": address, "next": request.GET.get("next", "")},
    )


@login_required
def addresses(request: HttpRequest) -> HttpResponse:
    """The account's address book: the list, set a default, delete."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        pk = request.POST.get("address", "")
        try:
            if action == "default":
                address_services.buyer_address_default_set(user=request.user, address_id=pk)
                messages.success(request, _("Alamat utama diganti."))
            elif action == "delete":
                address_services.buyer_address_delete(user=request.user, address_id=pk)
                messages.success(request, _("Alamat dihapus."))
            else:
                raise ValidationError(_("Tindakan tidak dikenal."))
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        return redirect("orders:addresses")
    return render(
        request,
        "orders/addresses.html",
        {"addresses": selectors.buyer_addresses(user=request.user)},
    )


@login_required
def address_add(request: HttpRequest) -> HttpResponse:
    return _address_form_page(request)


@login_required
def address_edit(request: HttpRequest, pk: int) -> HttpResponse:
    address = selectors.buyer_address_get(user=request.user, pk=pk)
    if address is None:
        raise Http404
    return _address_form_page(request, address)
