"""Pages of the offline channels: the outlet staff page and the lembaga's outlet statement."""

import uuid
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import StockLocation
from sellers.selectors import sellers_for_user
from shop.access import Access, require
from shop.form_errors import form_errors_add

from . import selectors, services
from .models import PaymentMethod
from .services import ReceiptLine, SyncLine
from .stock_files import RowError, error_report_csv, opname_xlsx, stock_file_parse


@login_required
def outlet_list(request: HttpRequest) -> HttpResponse:
    """The outlets the user runs (Disperindag staff: all of them)."""
    outlets = list(selectors.outlets_for_user(user=request.user))
    if not outlets:
        raise PermissionDenied
    return render(request, "outlets/outlet_list.html", {"outlets": outlets})


@login_required
def outlet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An outlet's staff page: its shelf, goods received, and today's sales."""
    location = get_object_or_404(
        StockLocation.objects.select_related("regency"), pk=pk, kind=StockLocation.Kind.NTT_MART
    )
    require(Access(request.user).may_operate_outlet(location.pk))
    return render(
        request,
        "outlets/outlet_detail.html",
        {
            "outlet": location,
            "rows": selectors.outlet_stock_rows(location=location),
            "deliveries": selectors.outlet_deliveries(location=location),
            "today": selectors.outlet_sales_of_day(location=location),
            "now": timezone.localtime(),
        },
    )


@login_required
def portal_outlets(request: HttpRequest) -> HttpResponse:
    """The lembaga portal: per outlet, what it still holds of ours and what it owes us."""
    sellers = list(sellers_for_user(user=request.user))
    if not sellers:
        raise PermissionDenied
    seller = next((s for s in sellers if s.slug == request.GET.get("lembaga")), sellers[0])
    statements = selectors.seller_outlet_statements(seller=seller)
    return render(
        request,
        "outlets/portal_outlets.html",
        {
            "seller": seller,
            "sellers": sellers,
            "statements": statements,
            "total_owed": sum(s.owed for s in statements),
        },
    )


def _operated_outlet(request: HttpRequest, pk: int) -> StockLocation:
    location = get_object_or_404(
        StockLocation.objects.select_related("regency"), pk=pk, kind=StockLocation.Kind.NTT_MART
    )
    require(Access(request.user).may_operate_outlet(location.pk))
    return location


def _row_errors(response: dict, rows: list[int]) -> list[RowError]:
    return [
        RowError(rows[e["index"]], e["sku"], e["code"], e["message"]) for e in response["errors"]
    ]


@login_required
def outlet_stock_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Outlets without a POS: upload a CSV/XLSX count, see a dry run, then apply it once."""
    location = _operated_outlet(request, pk)
    uploads = request.session.setdefault("outlet_uploads", {})
    report = request.GET.get("laporan")
    if report:
        saved = uploads.get(report)
        if saved is None:
            raise Http404
        response = HttpResponse(
            error_report_csv([RowError(*e) for e in saved["errors"]]),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="kesalahan-stok-{report[:8]}.csv"'
        return response
    context = {
        "outlet": location,
        "modes": (("SET", _("Hitungan (SET)")), ("ADJUST", _("Selisih (ADJUST)"))),
    }
    if request.method == "POST" and request.POST.get("action") == "apply":
        token = request.POST.get("token", "")
        saved = uploads.get(token)
        if saved is None or saved["location"] != location.pk:
            messages.error(request, _("Pratinjau sudah tidak berlaku; unggah lagi."))
            return redirect("outlets:outlet_stock_upload", pk=location.pk)
        lines = [SyncLine(sku=sku, quantity=quantity) for sku, quantity in saved["lines"]]
        try:
            result = services.stock_bulk_update(
                actor=request.user,
                location=location,
                idempotency_key=f"upload:{token}",
                mode=saved["mode"],
                lines=lines,
            )
        except ValidationError as exc:
            form_errors_add(exc, request=request)
            return redirect("outlets:outlet_stock_upload", pk=location.pk)
        errors = [RowError(*e) for e in saved["file_errors"]] + _row_errors(result, saved["rows"])
        saved["errors"] = [list(vars(e).values()) for e in errors]
        request.session.modified = True
        context.update(applied=result, errors=errors, token=token)
        return render(request, "outlets/stock_upload.html", context)
    if request.method == "POST":
        upload = request.FILES.get("file")
        mode = request.POST.get("mode") if request.POST.get("mode") in ("SET", "ADJUST") else "SET"
        if upload is None:
            messages.error(request, _("Pilih berkas CSV atau XLSX."))
            return render(request, "outlets/stock_upload.html", context, status=400)
        try:
            parsed = stock_file_parse(upload)
            preview = services.stock_bulk_preview(
                actor=request.user, location=location, mode=mode, lines=parsed.lines
            )
        except ValidationError as exc:
            form_errors_add(exc, request=request)
            return render(request, "outlets/stock_upload.html", context, status=400)
        errors = sorted(parsed.errors + _row_errors(preview, parsed.rows), key=lambda e: e.row)
        token = uuid.uuid4().hex
        uploads.clear()  # one pending upload per session is enough
        uploads[token] = {
            "location": location.pk,
            "mode": mode,
            "lines": [[line.sku, line.quantity] for line in parsed.lines],
            "rows": parsed.rows,
            "file_errors": [list(vars(e).values()) for e in parsed.errors],
            "errors": [list(vars(e).values()) for e in errors],
        }
        request.session.modified = True
        context.update(preview=preview, errors=errors, token=token, mode=mode)
    return render(request, "outlets/stock_upload.html", context)


@login_required
def outlet_sales_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Outlets without a POS: type a receipt's lines (``SKU, jumlah, harga`` per line)."""
    location = _operated_outlet(request, pk)
    receipt_id = request.POST.get("receipt_id") or f"MANUAL-{uuid.uuid4().hex[:12].upper()}"
    # Fixed when the form is first shown: a resubmitted form is the same receipt (a replay).
    try:
        sold_at = datetime.fromisoformat(request.POST.get("sold_at", ""))
    except ValueError:
        sold_at = timezone.now()
    text = request.POST.get("lines", "")
    status = 200
    if request.method == "POST":
        lines, bad = [], []
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [p.strip() for p in raw.replace(";", ",").split(",")]
            try:
                sku, quantity, price = parts[0], int(parts[1]), int(parts[2].replace(".", ""))
            except (IndexError, ValueError):
                bad.append(number)
                continue
            lines.append(ReceiptLine(sku=sku, quantity=quantity, unit_price=price))
        if bad:
            messages.error(
                request,
                _("Baris %(rows)s harus berbentuk: SKU, jumlah, harga.")
                % {"rows": ", ".join(map(str, bad))},
            )
            status = 400
        else:
            try:
                services.offline_sale_record(
                    actor=request.user,
                    location=location,
                    receipt_id=receipt_id,
                    sold_at=sold_at,
                    lines=lines,
                    payment_method=request.POST.get("payment_method", "CASH"),
                )
            except ValidationError as exc:
                form_errors_add(exc, request=request)
                status = 400
            else:
                messages.success(request, _("Struk %(id)s dicatat.") % {"id": receipt_id})
                return redirect("outlets:outlet_detail", pk=location.pk)
    return render(
        request,
        "outlets/sales_entry.html",
        {
            "outlet": location,
            "receipt_id": receipt_id,
            "sold_at": sold_at.isoformat(),
            "lines": text,
            "methods": PaymentMethod.choices,
        },
        status=status,
    )


@login_required
def outlet_opname(request: HttpRequest, pk: int) -> HttpResponse:
    """Stock opname: per SKU the last count against the system, and the ledger behind it;
    ``?format=xlsx`` downloads the same as a workbook."""
    location = _operated_outlet(request, pk)
    rows = selectors.outlet_opname_rows(location=location)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            opname_xlsx(location=location, rows=rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="opname-{location.pk}-{timezone.localdate():%Y%m%d}.xlsx"'
        )
        return response
    return render(request, "outlets/opname.html", {"outlet": location, "rows": rows})
