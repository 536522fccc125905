"""Pages of the trust app: write a review, the lembaga's replies, staff moderation, invoices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Product
from orders.models import Order
from sellers.selectors import sellers_for_user
from shop.access import Access
from shop.form_errors import form_errors_add

from . import selectors, services
from .errors import ReviewErrorCode
from .invoice_pdf import invoice_pdf


def _rating(value: str | None):
    """The posted star count as an int, or the raw text (the service refuses it)."""
    try:
        return int(value or "")
    except ValueError:
        return value


@login_required
@require_POST
def review_create(request: HttpRequest, number: str) -> HttpResponse:
    """The buyer's order page posts one product's rating, words and photos here."""
    order = Order.objects.filter(number=number).first()
    if order is None or not Access(request.user).may_see_order(order):
        raise Http404
    product = Product.objects.filter(pk=request.POST.get("product") or 0).first()
    try:
        if product is None:
            raise services.error("product", _("Produk tidak ditemukan."), ReviewErrorCode.NOT_FOUND)
        services.review_create(
            user=request.user,
            order=order,
            product=product,
            rating=_rating(request.POST.get("rating")),
            comment=request.POST.get("comment", ""),
            photos=request.FILES.getlist("photos"),
        )
        messages.success(request, _("Terima kasih, ulasan Anda sudah tampil."))
    except ValidationError as exc:
        form_errors_add(exc, request=request)
    return redirect(f"{reverse('orders:detail', args=[order.number])}#ulasan")


@login_required
def invoice_download(request: HttpRequest, number: str) -> HttpResponse:
    """The order's invoice (or outlet receipt) PDF, for its buyer and its lembaga."""
    order = Order.objects.filter(number=number).first()
    if order is None or not Access(request.user).may_see_order(order):
        raise Http404
    try:
        invoice = services.invoice_issue(user=request.user, order=order)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=409, content_type="text/plain")
    response = HttpResponse(invoice_pdf(invoice=invoice), content_type="application/pdf")
    filename = invoice.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@login_required
def seller_reviews(request: HttpRequest) -> HttpResponse:
    """The lembaga's reviews in its portal; it answers each once."""
    sellers = list(sellers_for_user(user=request.user))
    if not sellers:
        raise PermissionDenied
    if request.method == "POST":
        review = selectors.review_get(pk=request.POST.get("review") or 0)
        if review is None or review.seller_id not in {s.pk for s in sellers}:
            raise Http404
        try:
            services.review_reply(
                user=request.user, review=review, text=request.POST.get("reply", "")
            )
            messages.success(request, _("Balasan terkirim."))
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return redirect(f"{request.path}#ulasan-{review.pk}")
    page = Paginator(selectors.reviews_of_sellers(sellers=sellers), 30).get_page(
        request.GET.get("halaman")
    )
    return render(request, "reviews/seller_reviews.html", {"page": page, "sellers": sellers})


@login_required
def staff_reviews(request: HttpRequest) -> HttpResponse:
    """Programme staff read every review and hide one with a reason."""
    if not Access(request.user).may_moderate_reviews():
        raise PermissionDenied
    if request.method == "POST":
        review = selectors.review_get(pk=request.POST.get("review") or 0)
        if review is None:
            raise Http404
        try:
            services.review_hide(
                user=request.user, review=review, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Ulasan disembunyikan."))
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        return redirect(request.get_full_path())
    hidden = {"ya": True, "tidak": False}.get(request.GET.get("tersembunyi", ""))
    page = Paginator(selectors.reviews_for_moderation(hidden=hidden), 30).get_page(
        request.GET.get("halaman")
    )
    return render(request, "reviews/staff_reviews.html", {"page": page})
