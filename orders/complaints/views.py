"""Pages: the buyer opens a complaint from the order page; one complaint page where the
lembaga answers, the buyer takes or declines an offer and staff decide; the lembaga's and
staff's lists; the private photos."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from orders.selectors import order_get_by_number
from shop.access import Access
from shop.form_errors import form_errors_add
from shop.private_files import private_file_response

from . import selectors, services
from .forms import ComplaintForm, DecideForm, RespondForm
from .models import Complaint


@login_required
def complaint_create(request: HttpRequest, number: str) -> HttpResponse:
    """The buyer's complaint form for one delivered order."""
    order = order_get_by_number(user=request.user, number=number)
    if order is None or not Access(request.user).may_open_complaint(order):
        raise Http404
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_create(
                user=request.user,
                order=order,
                reason=data["reason"],
                description=data["description"],
                remedy=data["remedy"],
                amount=data.get("amount"),
                photos=form.photos(),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "photos" in exc.error_dict:
                exc = ValidationError({"photo_1": exc.error_dict.pop("photos")})
            form_errors_add(exc, form=form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Komplain Anda sudah kami terima."))
            return redirect("complaints:detail", pk=complaint.pk)
    return render(
        request,
        "complaints/create.html",
        {"order": order, "form": form, "window_days": settings.COMPLAINT_WINDOW_DAYS},
    )


def _act(request: HttpRequest, complaint: Complaint, access: Access):
    """Run the POSTed action; answer the form to show again with its errors, or None."""
    action = request.POST.get("action", "")
    if action == "respond":
        form = RespondForm(request.POST)
        if not form.is_valid():
            return form
        data = form.cleaned_data
        services.complaint_respond(
            user=request.user,
            complaint=complaint,
            response=data["response"],
            note=data["note"],
            remedy=data["remedy"] or None,
            amount=data.get("amount"),
        )
    elif action in ("offer_accept", "offer_decline"):
        services.complaint_offer_answer(
            user=request.user, complaint=complaint, accept=action == "offer_accept"
        )
    elif action == "decide":
        form = DecideForm(request.POST, lines=complaint.order.lines.all())
        if not form.is_valid():
            return form
        data = form.cleaned_data
        services.complaint_decide(
            user=request.user,
            complaint=complaint,
            decision=data["decision"],
            amount=data.get("amount"),
            returns=[services.ReturnInput(line_id=pk, quantity=n) for pk, n in form.returns()],
            note=data["note"],
        )
    else:
        raise PermissionDenied
    return None


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The complaint, its photos and history; the form of whoever's turn it is."""
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    if complaint is None:
        raise Http404
    access = Access(request.user)
    bound = None
    if request.method == "POST":
        try:
            bound = _act(request, complaint, access)
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Anda tidak memiliki izin untuk tindakan ini."))
        else:
            if bound is None:
                messages.success(request, _("Komplain diperbarui."))
                return redirect("complaints:detail", pk=complaint.pk)
        complaint = selectors.complaint_get(user=request.user, pk=pk)
    S = Complaint.Status
    lines = complaint.order.lines.all()
    context = {
        "complaint": complaint,
        "order": complaint.order,
        "is_buyer": access.is_buyer_of(complaint.order),
        "may_answer": complaint.status == S.OPEN and access.may_answer_complaint(complaint),
        "may_decide": complaint.status == S.ESCALATED and access.may_decide_complaints(),
        "respond_form": bound if isinstance(bound, RespondForm) else RespondForm(),
        "decide_form": bound if isinstance(bound, DecideForm) else DecideForm(lines=lines),
    }
    return render(request, "complaints/detail.html", context)


@login_required
def complaint_photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    """A complaint photo, to its buyer, the lembaga and staff only."""
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    photo = complaint and complaint.photos.filter(pk=photo_pk).first()
    if not photo:
        raise Http404
    return private_file_response(file=photo.image, download_name=f"komplain-{pk}-{photo_pk}")


@login_required
def seller_complaints(request: HttpRequest) -> HttpResponse:
    """The lembaga's complaints (its portal): those waiting for an answer first."""
    access = Access(request.user)
    if not access.own_seller_ids:
        raise PermissionDenied
    complaints = selectors.complaints_visible(user=request.user).filter(
        order__seller_id__in=access.own_seller_ids
    )
    return render(
        request,
        "complaints/list.html",
        {"complaints": complaints[:200], "title": _("Komplain pembeli")},
    )


@login_required
def staff_complaints(request: HttpRequest) -> HttpResponse:
    """Programme staff: complaints to decide (oldest first), then the rest."""
    if not Access(request.user).may_decide_complaints():
        raise PermissionDenied
    return render(
        request,
        "complaints/list.html",
        {
            "to_decide": selectors.complaints_to_decide(),
            "complaints": selectors.complaints_visible(user=request.user)[:200],
            "title": _("Komplain untuk diputuskan"),
        },
    )
