"""Campaign pages: the public landing page, and campaign staff's list, form and report."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from catalog.offers import campaign_prices_attach
from shop.access import Access, require
from shop.form_errors import form_errors_add

from . import asn, selectors, services
from .forms import AsnProfileForm, CampaignForm, VouchersForm
from .models import Campaign

CHART_WIDTH = 600
CHART_HEIGHT = 160


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A campaign's landing page: banner, period in WITA, benefit and the products it covers."""
    campaign = selectors.campaign_get(user=request.user, slug=slug)
    if campaign is None:
        raise Http404
    products = list(selectors.campaign_products_visible(campaign)[:96])
    return render(
        request,
        "promotions/campaign_detail.html",
        {"campaign": campaign, "products": campaign_prices_attach(products)},
    )


def _staff(request: HttpRequest) -> Access:
    access = Access(request.user)
    require(access.may_see_campaign_report())
    return access


@login_required
def staff_campaigns(request: HttpRequest) -> HttpResponse:
    """Every campaign with its status and budget, for campaign staff and report readers."""
    access = _staff(request)
    campaigns = list(Campaign.objects.order_by("-starts_at", "pk"))
    return render(
        request,
        "promotions/staff_campaigns.html",
        {"campaigns": campaigns, "may_manage": access.may_manage_campaigns()},
    )


FIELDS = (
    "name",
    "description",
    "agency",
    "starts_at",
    "ends_at",
    "discount_type",
    "value",
    "applies_to",
    "funded_by",
    "funding_reference",
    "budget",
    "per_customer_limit",
    "voucher_only",
)


def _campaign_input(data: dict) -> services.CampaignInput:
    """The form's fields as the service's input, scope included."""
    scope = services.Scope(
        products=[p.pk for p in data["products"]],
        categories=[c.pk for c in data["categories"]],
        sellers=[s.pk for s in data["sellers"]],
        regencies=[r.pk for r in data["regencies"]],
        zones=[z.pk for z in data["zones"]],
    )
    fields = {name: data[name] for name in FIELDS}
    fields["min_subtotal"] = data["min_subtotal"] or 0
    return services.CampaignInput(scope=scope, **fields)


@login_required
def staff_campaign_create(request: HttpRequest) -> HttpResponse:
    require(Access(request.user).may_manage_campaigns())
    form = CampaignForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                user=request.user,
                data=_campaign_input(data),
                draft=data["draft"],
                banner=data["banner"],
            )
        except ValidationError as exc:
            form_errors_add(exc, form=form)
        else:
            messages.success(request, _("Kampanye %(name)s dibuat.") % {"name": campaign.name})
            return redirect("promotions:staff_campaign", slug=campaign.slug)
    return render(request, "promotions/staff_campaign_form.html", {"form": form, "campaign": None})


@login_required
def staff_campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a campaign, its scope too; a draft is published by unticking "draft"."""
    require(Access(request.user).may_manage_campaigns())
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    form = CampaignForm(
        request.POST or None, request.FILES or None, initial=CampaignForm.initial_of(campaign)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                campaign = services.campaign_update(
                    user=request.user,
                    campaign=campaign,
                    data=_campaign_input(data),
                    budget_set=True,
                    banner=data["banner"],
                )
                if campaign.is_draft and not data["draft"]:
                    campaign = services.campaign_publish(user=request.user, campaign=campaign)
        except ValidationError as exc:
            form_errors_add(exc, form=form)
        else:
            messages.success(request, _("Kampanye %(name)s disimpan.") % {"name": campaign.name})
            return redirect("promotions:staff_campaign", slug=campaign.slug)
    return render(
        request, "promotions/staff_campaign_form.html", {"form": form, "campaign": campaign}
    )


def _chart(rows) -> list[dict]:
    """Bars of GMV by day, scaled to the chart (drawn as inline SVG: no CDN, no script)."""
    if not rows:
        return []
    top = max(r.gmv for r in rows) or 1
    width = min(CHART_WIDTH // max(len(rows), 1), 48)
    bars = []
    for i, row in enumerate(rows):
        height = round(row.gmv * (CHART_HEIGHT - 20) / top)
        bars.append(
            {
                "x": i * width + 2,
                "y": CHART_HEIGHT - height,
                "width": max(width - 4, 1),
                "height": height,
                "label": row.label,
                "row": row,
            }
        )
    return bars


@login_required
def staff_campaign(request: HttpRequest, slug: str) -> HttpResponse:
    """The campaign's live report and, for campaign staff, its vouchers and pause switch."""
    access = _staff(request)
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    form = VouchersForm(request.POST or None)
    if request.method == "POST":
        require(access.may_manage_campaigns())
        if form.is_valid():
            try:
                vouchers = services.vouchers_generate(
                    user=request.user, campaign=campaign, **form.cleaned_data
                )
            except ValidationError as exc:
                form_errors_add(exc, form=form, request=request)
            else:
                messages.success(request, _("%(n)s kode voucher dibuat.") % {"n": len(vouchers)})
                return redirect("promotions:staff_campaign", slug=slug)
    stats = selectors.campaign_stats(campaign=campaign, breakdown=True)
    return render(
        request,
        "promotions/staff_campaign.html",
        {
            "campaign": campaign,
            "stats": stats,
            "bars": _chart(stats.by_day),
            "asn": asn.campaign_asn_report(campaign=campaign),
            "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT},
            "form": form,
            "vouchers": campaign.vouchers.count(),
            "may_manage": access.may_manage_campaigns(),
        },
    )


@login_required
@require_POST
def staff_campaign_pause(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    try:
        services.campaign_pause(
            user=request.user, campaign=campaign, paused=request.POST.get("paused") == "1"
        )
    except ValidationError as exc:
        form_errors_add(exc, request=request)
    return redirect("promotions:staff_campaign", slug=slug)


@login_required
def staff_campaign_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The report as a workbook: totals, and by kabupaten, lembaga and day (no buyer data)."""
    _staff(request)
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    stats = selectors.campaign_stats(campaign=campaign, breakdown=True)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ringkasan")[:31]
    sheet.append([_("Kampanye"), campaign.name])
    sheet.append([_("Didanai oleh"), campaign.get_funded_by_display()])
    sheet.append([_("Rujukan pendanaan"), campaign.funding_reference])
    sheet.append([_("Anggaran (Rp)"), campaign.budget])
    sheet.append([_("Pesanan"), stats.orders])
    sheet.append([_("Nilai barang (Rp)"), stats.gmv])
    sheet.append([_("Unit"), stats.units])
    sheet.append([_("Potongan diberikan (Rp)"), stats.discount_total])
    sheet.append([_("Pembeli baru"), stats.new_buyers])
    header = [
        _("Kunci"),
        _("Nama"),
        _("Pesanan"),
        _("Nilai barang (Rp)"),
        _("Unit"),
        _("Potongan (Rp)"),
    ]
    for title, rows in (
        (_("Per kabupaten"), stats.by_regency),
        (_("Per lembaga"), stats.by_seller),
        (_("Per hari"), stats.by_day),
    ):
        part = book.create_sheet(title[:31])
        part.append(header)
        for row in rows:
            part.append([row.key, row.label, row.orders, row.gmv, row.units, row.discount])
    report = asn.campaign_asn_report(campaign=campaign)
    if report is not None:  # counts only: never a NIP, a name or an agency
        part = book.create_sheet(_("ASN")[:31])
        part.append([_("ASN terdaftar"), report.registered])
        part.append([_("ASN pembeli kampanye"), report.participants])
        part.append([_("Target belanja per bulan (Rp)"), report.target])
        part.append(
            [
                _("Bulan"),
                _("Rp 0"),
                _("Di bawah target"),
                _("Mencapai target"),
                _("Dua kali target atau lebih"),
            ]
        )
        for month in report.months:
            part.append(
                [
                    month.label,
                    month.zero,
                    month.below_target,
                    month.at_target,
                    month.double_target,
                ]
            )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kampanye-{slug}-{stamp}.xlsx"'
    return response


@login_required
def staff_vouchers_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The campaign's voucher codes with their limits and uses, to print or send."""
    if not Access(request.user).may_manage_campaigns():
        raise PermissionDenied
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="voucher-{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(["code", "usage_limit", "per_customer_limit", "uses", "first_order_only"])
    for v in campaign.vouchers.order_by("code"):
        writer.writerow(
            [v.code, v.usage_limit or "", v.per_customer_limit or "", v.uses, v.first_order_only]
        )
    return response


@login_required
def asn_profile(request: HttpRequest) -> HttpResponse:
    """The buyer's own ASN record: add or replace it with consent, or delete it."""
    if not asn.asn_enabled():
        raise Http404
    participant = asn.asn_profile_get(user=request.user)
    form = AsnProfileForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            if asn.asn_profile_delete(user=request.user):
                messages.success(request, _("NIP Anda sudah dihapus."))
            return redirect("promotions:asn_profile")
        if form.is_valid():
            try:
                asn.asn_profile_set(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_add(exc, form=form)
            else:
                messages.success(request, _("NIP Anda tercatat."))
                return redirect("promotions:asn_profile")
    return render(
        request,
        "promotions/asn_profile.html",
        {"participant": participant, "form": form, "target": asn.asn_monthly_target()},
    )
