"""Monitoring pages: the dashboard, the report versions and their workflow, a lembaga's figures.

Thin: the filters become a period and a scope, the selectors compute, the
access policy decides who sees what (a kabupaten officer only their
kabupaten; a lembaga only its own figures).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellers.models import District, Regency, Seller, Village
from shop.access import Access, require
from shop.private_files import PDF, XLSX, private_file_response

from . import services
from .charts import bar_chart, line_chart
from .forms import ReportFilterForm, ReportGenerateForm
from .models import ReportDocument
from .periods import Period, period_containing, period_from_input, semester_period
from .selectors import (
    GroupBy,
    ProgramReport,
    Scope,
    indicator_text,
    program_report,
    report_indicators,
    reports_visible,
    scope_for_user,
)


def default_period() -> Period:
    """The period of today, for a first visit."""
    return period_containing(timezone.localdate())


def filters_period(form: ReportFilterForm) -> Period:
    data = form.cleaned_data
    if data.get("start") or data.get("end"):
        return period_from_input(start=data.get("start"), end=data.get("end"))
    if data.get("year"):
        return period_from_input(year=data["year"], semester=data.get("semester"))
    return default_period()


def drill_level(scope: Scope) -> tuple[str, str]:
    """The rows the table shows at this depth, and the filter each row links to."""
    if scope.village:
        return GroupBy.SELLER, ""
    if scope.district:
        return GroupBy.VILLAGE, "village"
    if scope.regency:
        return GroupBy.DISTRICT, "district"
    return GroupBy.REGENCY, "regency"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    access = Access(request.user)
    require(access.may_view_programme_reports())
    form = ReportFilterForm(request.GET or None, regencies=access.programme_regencies)
    error = None
    report = None
    if request.GET and not form.is_valid():
        error = _("Periksa isian filter.")
    else:
        data = form.cleaned_data if request.GET else {}
        try:
            period = filters_period(form) if request.GET else default_period()
            scope = Scope(
                regency=data.get("regency") or None,
                district=data.get("district") or None,
                village=data.get("village") or None,
            )
            scope = scope_for_user(user=request.user, scope=scope)
            level, link_field = drill_level(scope)
            report = ProgramReport(period=period, scope=scope, group_by=level)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except PermissionDenied as exc:
            error = str(exc)
    context = {"form": form, "error": error, "report": report}
    if report is not None:
        context.update(dashboard_context(request, report, link_field))
    return render(request, "monitoring/dashboard.html", context, status=400 if error else 200)


def dashboard_context(request: HttpRequest, report: ProgramReport, link_field: str) -> dict:
    base = {k: v for k, v in request.GET.items() if k in ("year", "semester", "start", "end")}
    if not base:
        base = {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()}

    def link(field: str, key: str) -> str:
        extra = {"regency": key[:5]}
        if field in ("district", "village"):
            extra["district"] = key[:8]
        if field == "village":
            extra["village"] = key
        return f"{reverse('monitoring:dashboard')}?{urlencode({**base, **extra})}"

    rows = report.rows
    table = [
        {
            "row": row,
            "url": link(link_field, row.key) if link_field and row.key else "",
        }
        for row in rows
    ]
    regency_rows = report.rows_by(GroupBy.REGENCY) if report.group_by != GroupBy.REGENCY else rows
    bars = bar_chart(
        [
            (row.label.removeprefix("Kabupaten "), row.gmv, link("regency", row.key))
            for row in regency_rows
        ]
    )
    return {
        "period": report.period,
        "indicators": [
            {"label": i.label, "text": indicator_text(i), "key": i.key}
            for i in report_indicators(report)
        ],
        "table": table,
        "level": report.group_by,
        "bars": bars,
        "trend": line_chart([(m, g) for m, g, _o in report.monthly]),
        "top_products": report.top_products,
        "top_sellers": report.top_sellers,
        "reach": report.reach,
        "crumbs": breadcrumbs(report.scope, link),
        "interventions": report.interventions,
        "may_see_reports": reports_visible(user=request.user).exists()
        or Access(request.user).may_manage_programme_reports(),
    }


def breadcrumbs(scope: Scope, link) -> list[tuple[str, str]]:
    crumbs = []
    if scope.regency:
        regency = Regency.objects.filter(pk=scope.regency).first()
        crumbs.append((regency.name if regency else scope.regency, link("regency", scope.regency)))
    if scope.district:
        district = District.objects.filter(pk=scope.district).first()
        crumbs.append(
            (district.name if district else scope.district, link("district", scope.district))
        )
    if scope.village:
        village = Village.objects.filter(pk=scope.village).first()
        crumbs.append((str(village) if village else scope.village, link("village", scope.village)))
    return crumbs


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    access = Access(request.user)
    require(access.programme_regencies is None and access.may_view_programme_reports())
    reports = reports_visible(user=request.user)
    period = default_period().previous()
    form = ReportGenerateForm(
        initial={"year": period.start.year, "semester": int(period.key.rsplit("S", 1)[-1])}
    )
    return render(
        request,
        "monitoring/reports.html",
        {
            "reports": reports,
            "form": form,
            "may_manage": access.may_manage_programme_reports(),
            "may_review": access.may_review_programme_reports(),
        },
    )


@login_required
@require_POST
def report_generate(request: HttpRequest) -> HttpResponse:
    require(Access(request.user).may_manage_programme_reports())
    form = ReportGenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa tahun dan semester."))
        return redirect("monitoring:reports")
    try:
        period = semester_period(
            year=form.cleaned_data["year"], semester=form.cleaned_data["semester"]
        )
        report = services.report_generate(actor=request.user, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Laporan %(name)s dibuat sebagai draf.") % {"name": report})
    return redirect("monitoring:reports")


def visible_report(request: HttpRequest, pk: int) -> ReportDocument:
    report = reports_visible(user=request.user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = visible_report(request, pk)
    try:
        services.report_review(actor=request.user, report=report, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Laporan ditelaah."))
    return redirect("monitoring:reports")


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = visible_report(request, pk)
    try:
        services.report_submit(actor=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Laporan disampaikan kepada Gubernur."))
    return redirect("monitoring:reports")


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = visible_report(request, pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    file = report.pdf if fmt == "pdf" else report.xlsx
    if not file:
        raise Http404
    return private_file_response(
        file=file,
        download_name=f"laporan-monev-ovop-{report.period_key}-v{report.version}",
        content_type=PDF if fmt == "pdf" else XLSX,
    )


@login_required
def seller_figures(request: HttpRequest, slug: str) -> HttpResponse:
    """A lembaga's own sales figures (its portal), by period."""
    seller = Seller.objects.select_related("village").filter(slug=slug).first()
    if seller is None or not Access(request.user).may_see_seller_figures(seller):
        raise Http404
    form = ReportFilterForm(request.GET or None, regencies=frozenset())
    error, report = None, None
    try:
        period = filters_period(form) if request.GET and form.is_valid() else default_period()
        report = program_report(
            user=request.user,
            period=period,
            scope=Scope(seller_id=seller.pk),
            group_by=GroupBy.PRODUCT,
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    context = {"seller": seller, "form": form, "error": error, "report": report}
    if report is not None:
        context.update(
            {
                "period": report.period,
                "trend": line_chart([(m, g) for m, g, _o in report.monthly]),
                "reach": report.reach,
                "indicators": [
                    {"label": i.label, "text": indicator_text(i)}
                    for i in report_indicators(report)
                    if i.key in SELLER_INDICATORS
                ],
            }
        )
    return render(request, "monitoring/seller_figures.html", context, status=400 if error else 200)


SELLER_INDICATORS = (
    "gmv",
    "orders",
    "units",
    "aov",
    "seller_net",
    "growth",
    "buyers",
    "repeat_buyers",
    "products_listed",
    "products_legal_share",
)
