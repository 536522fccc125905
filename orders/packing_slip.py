"""The packing slip a lembaga prints and puts in the parcel (PDF, reportlab)."""

from io import BytesIO

from django.utils import timezone
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from shop.money import format_idr

from .models import Order


def packing_slip_pdf(*, order: Order) -> bytes:
    """Render one order's packing slip: sender, recipient, lines, shipping."""
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    pdf.setTitle(f"Slip {order.number}")
    _width, height = A5
    y = height - 15 * mm

    def line(text: str, *, size: int = 10, bold: bool = False, gap: float = 5.5) -> None:
        nonlocal y
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        pdf.drawString(12 * mm, y, text[:90])
        y -= gap * mm

    line("SLIP PENGIRIMAN - Pasar OVOP NTT", size=13, bold=True, gap=8)
    line(f"Nomor pesanan: {order.number}", bold=True)
    line(f"Tanggal: {timezone.localtime(order.created_at):%d-%m-%Y %H:%M} WITA", gap=8)
    line("Pengirim:", bold=True)
    line(order.seller.name)
    line(order.seller.phone, gap=8)
    line("Penerima:", bold=True)
    line(f"{order.ship_name} ({order.ship_phone})")
    line(order.ship_street)
    if order.ship_village_id:
        village = order.ship_village
        line(f"{village.name}, {village.district.name}, {village.district.regency.name}")
    else:
        line(f"{order.ship_city}, {order.ship_province}")
    line(f"Kode pos {order.ship_postal_code}", gap=8)
    line(f"Pengiriman: {order.shipping_method_name}", bold=True)
    if order.tracking_number:
        line(f"Nomor resi: {order.tracking_number}")
    y -= 3 * mm
    line("Barang:", bold=True)
    for item in order.lines.all():
        name = item.product_name + (f" ({item.variant_name})" if item.variant_name else "")
        line(f"{item.quantity} x {name}  [{item.sku}]")
    y -= 3 * mm
    line(f"Total: {format_idr(order.total)}", bold=True)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
