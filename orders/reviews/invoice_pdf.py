"""An order's invoice (faktur) or an outlet sale's receipt (kuitansi) as a PDF (ReportLab)."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from orders.models import Order
from shop.money import format_idr

from .models import Invoice, InvoiceKind


def wita(value) -> str:
    return f"{timezone.localtime(value):%d-%m-%Y %H:%M} WITA" if value else "-"


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """Render the invoice: the lembaga (name, NIB, NPWP), the buyer, the lines with
    their discounts and who funded them, shipping, the total and the payment."""
    order: Order = (
        Order.objects.select_related("seller__village__district__regency", "payment", "outlet")
        .prefetch_related("lines__campaign", "lines__voucher")
        .get(pk=invoice.order_id)
    )
    seller = order.seller
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(invoice.number)
    pdf.setAuthor(seller.name)
    width, height = A4
    left, right = 15 * mm, width - 15 * mm
    y = height - 18 * mm

    def text(value: str, *, size: int = 10, bold: bool = False, x: float = left, gap=5.2) -> None:
        nonlocal y
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        pdf.drawString(x, y, value[:110])
        y -= gap * mm

    def row(label: str, amount: str, *, bold: bool = False) -> None:
        nonlocal y
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 10)
        pdf.drawString(115 * mm, y, label)
        pdf.drawRightString(right, y, amount)
        y -= 5.2 * mm

    receipt = invoice.kind == InvoiceKind.RECEIPT
    title = _("KUITANSI PENJUALAN GERAI") if receipt else _("FAKTUR")
    text(f"{title} - Pasar OVOP NTT", size=15, bold=True, gap=8)
    text(_("Nomor: %(number)s") % {"number": invoice.number}, bold=True)
    text(_("Tanggal: %(date)s") % {"date": wita(invoice.issued_at)})
    text(
        _("Pesanan: %(number)s (%(date)s)")
        % {"number": order.number, "date": wita(order.created_at)},
        gap=8,
    )

    text(_("Penjual"), bold=True)
    text(seller.name)
    text(_("NIB: %(nib)s") % {"nib": seller.nib or "-"})
    text(_("NPWP: %(npwp)s") % {"npwp": seller.npwp or _("belum terdaftar")})
    village = seller.village
    text(f"{seller.address or ''} {village.name}, {village.district.regency.name}".strip(), gap=8)

    if receipt:
        text(_("Gerai"), bold=True)
        text(order.outlet.name if order.outlet_id else "-", gap=8)
    else:
        text(_("Pembeli"), bold=True)
        text(f"{order.ship_name} <{order.email}>")
        text(order.ship_street, gap=8)

    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(left, y, _("Barang"))
    pdf.drawRightString(130 * mm, y, _("Jumlah"))
    pdf.drawRightString(160 * mm, y, _("Harga satuan"))
    pdf.drawRightString(right, y, _("Subtotal"))
    y -= 2 * mm
    pdf.line(left, y, right, y)
    y -= 5 * mm
    for line in order.lines.all():
        name = line.product_name + (f" ({line.variant_name})" if line.variant_name else "")
        pdf.setFont("Helvetica", 10)
        pdf.drawString(left, y, name[:55])
        pdf.drawRightString(130 * mm, y, str(line.quantity))
        pdf.drawRightString(160 * mm, y, format_idr(line.unit_price))
        pdf.drawRightString(right, y, format_idr(line.total))
        y -= 5.2 * mm
        if line.discount:
            source = (
                line.campaign.name
                if line.campaign_id
                else (
                    _("voucher %(code)s") % {"code": line.voucher.code} if line.voucher_id else ""
                )
            )
            funder = _("dana pemerintah") if line.discount_government else _("dana lembaga")
            pdf.setFont("Helvetica", 9)
            pdf.drawString(left + 4 * mm, y, f"{_('Diskon')} {source} ({funder})"[:80])
            pdf.drawRightString(right, y, format_idr(-line.discount))
            y -= 5.2 * mm
        if y < 40 * mm:
            pdf.showPage()
            y = height - 18 * mm
    pdf.line(left, y + 3 * mm, right, y + 3 * mm)
    y -= 2 * mm
    row(_("Subtotal"), format_idr(order.subtotal))
    if order.discount_total:
        seller_part = order.discount_total - order.discount_government
        if order.discount_government:
            row(_("Diskon (dana pemerintah)"), format_idr(-order.discount_government))
        if seller_part:
            row(_("Diskon (dana lembaga)"), format_idr(-seller_part))
    if not receipt:
        row(
            _("Ongkos kirim (%(method)s)") % {"method": order.shipping_method_name[:20]},
            format_idr(order.shipping_total),
        )
    row(_("Total"), format_idr(order.total), bold=True)
    if order.refunded_amount:
        row(_("Dikembalikan"), format_idr(-order.refunded_amount))
    y -= 4 * mm
    text(_("Pembayaran"), bold=True)
    payment = order.payment
    text(
        _("%(method)s, dibayar %(date)s")
        % {"method": payment.get_gateway_display(), "date": wita(order.paid_at)}
    )
    text(_("Status pesanan: %(status)s") % {"status": order.get_status_display()}, gap=10)
    text(_("Dokumen ini dibuat oleh sistem Pasar OVOP NTT dan sah tanpa tanda tangan."), size=8)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
