"""Seller pages: the portal of a lembaga, the review queue, the public page.

Views are thin: they find the seller the user may see (404 otherwise, so
nobody learns that a private lembaga exists), call a service, and put the
service's field errors back on the form so nothing typed is lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shop.access import Access, require
from shop.form_errors import form_errors_add
from shop.private_files import private_file_response, request_viewer

from . import selectors, services
from .forms import DocumentForm, InviteForm, ReviewForm, SellerForm
from .models import Seller, SellerDocument


def _managed(request: HttpRequest, slug: str) -> Seller:
    """A lembaga the user may manage (with any rights), else 404."""
    seller = Seller.objects.filter(slug=slug).first()
    if seller is None or not Access(request.user).may_manage_seller(seller):
        raise Http404
    return seller


def seller_public(request: HttpRequest, slug: str) -> HttpResponse:
    seller = selectors.seller_public_get(slug=slug)
    if seller is None:
        raise Http404
    # The catalog app may provide ``catalog/seller_public.html`` that extends
    # ``sellers/public.html`` and fills ``{% block seller_products %}``; the storefront
    # (shop's high part) extends that and fills ``{% block seller_standing %}``.
    return render(
        request,
        ["shop/seller_public.html", "catalog/seller_public.html", "sellers/public.html"],
        {"seller": seller},
    )


@login_required
def seller_register(request: HttpRequest) -> HttpResponse:
    # A village picked from the name search below fills the code box.
    picked = request.GET.get("desa", "")
    form = SellerForm(
        request.POST or None,
        request.FILES or None,
        initial={"village_code": picked} if picked and selectors.village_get(code=picked) else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            seller = services.seller_register(user=request.user, **form.service_data())
        except ValidationError as exc:
            form_errors_add(exc, form=form)
        else:
            messages.success(
                request, _("Lembaga tersimpan sebagai draf. Lengkapi dokumen, lalu ajukan.")
            )
            return redirect("sellers:manage", slug=seller.slug)
    if form.is_bound:  # shown again with an error: keep the chosen logo
        form.hold_files()
    search = request.GET.get("cari_desa", "")
    return render(
        request,
        "sellers/register.html",
        {
            "form": form,
            "village_query": search,
            "village_result": selectors.village_find(query=search),
        },
    )


@login_required
def seller_manage(request: HttpRequest, slug: str) -> HttpResponse:
    seller = _managed(request, slug)
    can_edit = Access(request.user).may_manage_seller(seller, full_rights=True)
    locked = seller.status not in (Seller.Status.DRAFT, Seller.Status.REJECTED)
    form = None
    if can_edit and seller.status != Seller.Status.SUBMITTED:
        form = SellerForm(
            request.POST or None,
            request.FILES or None,
            initial=SellerForm.initial_for(seller),
            identity_locked=locked,
        )
        if request.method == "POST" and form.is_valid():
            try:
                seller = services.seller_update(
                    user=request.user, seller=seller, data=form.service_data()
                )
            except ValidationError as exc:
                form_errors_add(exc, form=form)
            else:
                messages.success(request, _("Data lembaga tersimpan."))
                return redirect("sellers:manage", slug=seller.slug)
        if form.is_bound:
            form.hold_files()
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "sellers/manage.html",
        {
            "seller": seller,
            "form": form,
            "can_edit": can_edit,
            "document_form": DocumentForm(),
            "invite_form": InviteForm(),
            "documents": seller.documents.all(),
            "members": selectors.seller_members(seller=seller),
            "events": selectors.seller_events(seller=seller),
            "missing": services.seller_missing_for_submit(seller=seller)
            if seller.status == Seller.Status.DRAFT
            else {},
        },
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, slug: str) -> HttpResponse:
    seller = _managed(request, slug)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.seller_document_upload(
                user=request.user,
                seller=seller,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form_errors_add(exc, form=form)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Dokumen terunggah."))
            return redirect("sellers:manage", slug=seller.slug)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("sellers:manage", slug=seller.slug)


@login_required
@require_POST
def seller_submit(request: HttpRequest, slug: str) -> HttpResponse:
    seller = _managed(request, slug)
    try:
        services.seller_submit(user=request.user, seller=seller)
    except ValidationError as exc:
        form_errors_add(exc, request=request)
    else:
        messages.success(request, _("Pengajuan terkirim. Petugas program akan meninjaunya."))
    return redirect("sellers:manage", slug=seller.slug)


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    seller = _managed(request, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.seller_member_invite(user=request.user, seller=seller, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        else:
            messages.success(request, _("Undangan terkirim ke %(email)s.") % form.cleaned_data)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("sellers:manage", slug=seller.slug)


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get(token=token)
    if request.method == "POST":
        try:
            member = services.seller_invitation_accept(user=request.user, token=token)
        except ValidationError as exc:
            form_errors_add(exc, request=request)
        else:
            messages.success(
                request, _("Anda sekarang anggota %(name)s.") % {"name": member.seller}
            )
            return redirect("sellers:manage", slug=member.seller.slug)
    return render(request, "sellers/invitation.html", {"invitation": invitation})


def _reviewer(request: HttpRequest) -> None:
    require(Access(request.user).is_seller_reviewer())


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    status = request.GET.get("status") or Seller.Status.SUBMITTED
    if status not in Seller.Status.values:
        status = Seller.Status.SUBMITTED
    return render(
        request,
        "sellers/review_queue.html",
        {
            "sellers": selectors.review_queue(user=request.user, status=status),
            "status": status,
            "statuses": Seller.Status.choices,
        },
    )


@login_required
def seller_review(request: HttpRequest, slug: str) -> HttpResponse:
    _reviewer(request)
    seller = Seller.objects.filter(slug=slug).first()
    if seller is None or not Access(request.user).may_review_seller(seller):
        raise Http404
    checklist = selectors.seller_checklist(seller=seller)
    initial = {}
    if checklist is not None:
        initial = {item: bool(getattr(checklist, item)) for item in checklist.ITEMS}
        initial["checklist_notes"] = checklist.notes
    decisions = tuple(d for d, moves in services.TRANSITIONS.items() if seller.status in moves)
    if checklist is not None:
        initial["umkm_community_group"] = bool(checklist.umkm_community_group)
    form = ReviewForm(request.POST or None, initial=initial, decisions=decisions, kind=seller.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.seller_review(
                user=request.user,
                seller=seller,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                checklist=form.checklist(),
            )
        except ValidationError as exc:
            form_errors_add(exc, form=form)
        else:
            messages.success(request, _("Keputusan tersimpan."))
            return redirect("sellers:review_queue")
    # The catalog's template adds what only the catalog knows (an NIB held by another lembaga).
    return render(
        request,
        ["catalog/seller_review.html", "sellers/review.html"],
        {
            "seller": seller,
            "form": form if decisions else None,
            "documents": seller.documents.all(),
            "members": selectors.seller_members(seller=seller),
            "events": selectors.seller_events(seller=seller),
            "village_outside_zone": selectors.seller_village_zone_role(seller=seller)
            not in (None, selectors.ZoneRole.PRODUCTION),
            "warnings": selectors.seller_review_warnings(seller=seller),
        },
    )


def document_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A founding document, for the lembaga's members and pendamping and its reviewers.

    Anyone else, signed in or not, gets 404 (nobody learns that it exists). API
    clients follow the GraphQL ``url`` with their Bearer token. The file comes
    as an attachment of its sniffed type, never rendered by the browser.
    """
    viewer = request_viewer(request)
    document = (
        SellerDocument.objects.select_related("seller").filter(pk=pk, seller__slug=slug).first()
    )
    if (
        viewer is None
        or document is None
        or not document.file
        or not Access(viewer).may_see_seller_document(document)
    ):
        raise Http404
    return private_file_response(
        file=document.file,
        content_type=document.content_type,
        download_name=f"{document.seller.slug}-{document.kind.lower()}-{document.pk}",
    )
