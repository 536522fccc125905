"""The report to the Governor as files: a PDF (ReportLab) and an XLSX workbook (openpyxl).

Both are written in Bahasa Indonesia whatever the reader's language (the
Governor's report is an Indonesian document) and show the same figures,
which come from one ``ProgramReport``.
"""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shop.money import format_idr

from .selectors import GroupBy, ProgramReport, indicator_text, report_indicators

TITLE = "Laporan Monitoring dan Evaluasi Program One Village One Product (OVOP)"


def report_pdf(report: ProgramReport) -> bytes:
    """Cover, indicators, charts by kabupaten and by month, tables per kabupaten."""
    with translation.override("id"):
        return build_pdf(report)


def build_pdf(report: ProgramReport) -> bytes:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=TITLE,
        author="Dinas PMD Provinsi NTT",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        pageCompression=0,  # a few pages; plain text streams can be checked and searched
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#7a2e12")),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    now = timezone.localtime()
    story = [
        Spacer(1, 5 * cm),
        Paragraph("PEMERINTAH PROVINSI NUSA TENGGARA TIMUR", styles["Title"]),
        Paragraph("DINAS PEMBERDAYAAN MASYARAKAT DAN DESA", styles["Heading2"]),
        Spacer(1, 1.5 * cm),
        Paragraph(TITLE, styles["Title"]),
        Paragraph(_("Periode: %(label)s") % {"label": report.period.label}, styles["Heading2"]),
        Paragraph(
            f"{report.period.start:%d-%m-%Y} s.d. {report.period.end:%d-%m-%Y}", styles["Normal"]
        ),
        Spacer(1, 1.5 * cm),
        Paragraph(
            "Disampaikan kepada Gubernur Nusa Tenggara Timur sesuai Peraturan Gubernur NTT "
            "Nomor 45 Tahun 2025, Lampiran bagian VII (Monitoring dan Evaluasi).",
            styles["Normal"],
        ),
        Spacer(1, 0.5 * cm),
        Paragraph(f"Dibuat {now:%d-%m-%Y %H:%M} WITA", styles["Normal"]),
        PageBreak(),
        Paragraph("1. Indikator Program", styles["Heading1"]),
    ]
    indicators = [["Indikator", "Nilai"]] + [
        [Paragraph(i.label, styles["BodyText"]), indicator_text(i)]
        for i in report_indicators(report)
    ]
    story.append(Table(indicators, colWidths=[11 * cm, 5 * cm], style=grid, repeatRows=1))
    story.append(PageBreak())

    rows = report.rows_by(GroupBy.REGENCY)
    story.append(Paragraph("2. Omzet per Kabupaten/Kota", styles["Heading1"]))
    if rows:
        height = 14 * len(rows) + 40
        drawing = Drawing(16 * cm, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = 4.5 * cm, 20
        chart.width, chart.height = 11 * cm, height - 30
        ordered = list(reversed(rows))
        chart.data = [[row.gmv for row in ordered]]
        chart.categoryAxis.categoryNames = [row.label.removeprefix("Kabupaten ") for row in ordered]
        chart.categoryAxis.labels.fontSize = 6
        chart.valueAxis.labels.fontSize = 6
        chart.valueAxis.valueMin = 0
        chart.valueAxis.labelTextFormat = lambda v: f"{v / 1_000_000:.0f} jt"
        chart.bars[0].fillColor = colors.HexColor("#b5462a")
        drawing.add(chart)
        story.append(drawing)
    story.append(Spacer(1, 0.5 * cm))
    table = [["Kabupaten/Kota", "Omzet", "Pesanan", "Unit", "Lembaga aktif", "Diterima lembaga"]]
    for row in rows:
        table.append(
            [
                row.label,
                format_idr(row.gmv),
                row.orders,
                row.units,
                row.active_sellers,
                format_idr(row.seller_net),
            ]
        )
    table.append(
        [
            "Jumlah",
            format_idr(report.gmv),
            report.orders,
            report.units,
            report.active_sellers,
            format_idr(report.totals["seller_net"]),
        ]
    )
    story.append(Table(table, repeatRows=1, style=grid))
    story.append(PageBreak())

    story.append(Paragraph("3. Tren Bulanan", styles["Heading1"]))
    monthly = report.monthly
    drawing = Drawing(16 * cm, 7 * cm)
    line = HorizontalLineChart()
    line.x, line.y, line.width, line.height = 1.5 * cm, 1 * cm, 14 * cm, 5.5 * cm
    line.data = [[gmv for _m, gmv, _o in monthly] or [0]]
    line.categoryAxis.categoryNames = [f"{m:%m/%Y}" for m, _g, _o in monthly] or [""]
    line.categoryAxis.labels.fontSize = 6
    line.valueAxis.labels.fontSize = 6
    line.valueAxis.valueMin = 0
    line.valueAxis.labelTextFormat = lambda v: f"{v / 1_000_000:.0f} jt"
    line.lines[0].strokeColor = colors.HexColor("#b5462a")
    drawing.add(line)
    story.append(drawing)
    story.append(
        Table(
            [["Bulan", "Omzet", "Pesanan"]]
            + [[f"{m:%m/%Y}", format_idr(g), o] for m, g, o in monthly],
            repeatRows=1,
            style=grid,
        )
    )
    story.append(Paragraph("4. Jangkauan Pasar", styles["Heading1"]))
    story.append(
        Table(
            [["Tujuan pembeli", "Omzet", "Pangsa"]]
            + [
                [item["label"], format_idr(item["gmv"]), percent(item["share"])]
                for item in report.reach
            ],
            style=grid,
        )
    )
    story.append(Paragraph("5. Lembaga dan Produk Teratas", styles["Heading1"]))
    story.append(
        Table(
            [["Lembaga", "Omzet", "Pesanan"]]
            + [[r.label, format_idr(r.gmv), r.orders] for r in report.top_sellers],
            style=grid,
        )
    )
    story.append(Spacer(1, 0.3 * cm))
    story.append(
        Table(
            [["Produk", "Omzet", "Unit"]]
            + [[r.label[:60], format_idr(r.gmv), r.units] for r in report.top_products],
            style=grid,
        )
    )
    story.append(Paragraph("6. Intervensi dan Omzet 6 Bulan Sebelum/Sesudah", styles["Heading1"]))
    items = report.interventions
    if items:
        story.append(
            Table(
                [["Tanggal", "Lembaga", "Jenis", "Sebelum", "Sesudah"]]
                + [
                    [
                        f"{i['intervention'].date:%d-%m-%Y}",
                        i["intervention"].seller.name[:40],
                        i["intervention"].get_kind_display(),
                        format_idr(i["before"]),
                        format_idr(i["after"]),
                    ]
                    for i in items
                ],
                style=grid,
            )
        )
    else:
        story.append(
            Paragraph("Tidak ada intervensi tercatat dalam periode ini.", styles["Normal"])
        )
    doc.build(story)
    return buffer.getvalue()


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%".replace(".", ",")


def report_xlsx(report: ProgramReport) -> bytes:
    """The same figures as the PDF, as numbers a spreadsheet can sum."""
    with translation.override("id"):
        return build_xlsx(report)


def build_xlsx(report: ProgramReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    money_format = '"Rp" #,##0'
    book = Workbook()
    sheet = book.active
    sheet.title = "Ringkasan"
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["Periode", report.period.label])
    sheet.append(["Dari", report.period.start])
    sheet.append(["Sampai", report.period.end])
    sheet.append([])
    sheet.append(["Indikator", "Nilai", "Satuan"])
    units = {"money": "Rp", "count": "", "percent": "%", "ratio": ""}
    for indicator in report_indicators(report):
        sheet.append([indicator.label, indicator.value, units[indicator.kind]])
        if indicator.kind == "money":
            sheet.cell(row=sheet.max_row, column=2).number_format = money_format
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 18

    rows = book.create_sheet("Kabupaten")
    rows.append(
        ["Kode", "Kabupaten/Kota", "Omzet", "Pesanan", "Unit", "Lembaga aktif", "Diterima lembaga"]
    )
    for row in report.rows_by(GroupBy.REGENCY):
        rows.append(
            [row.key, row.label, row.gmv, row.orders, row.units, row.active_sellers, row.seller_net]
        )
    rows.append(
        [
            "",
            "Jumlah",
            report.gmv,
            report.orders,
            report.units,
            report.active_sellers,
            report.totals["seller_net"],
        ]
    )
    for cells in rows.iter_rows(min_row=2, min_col=3, max_col=3):
        cells[0].number_format = money_format
    rows.column_dimensions["B"].width = 32

    months = book.create_sheet("Bulanan")
    months.append(["Bulan", "Omzet", "Pesanan"])
    for month, gmv, orders in report.monthly:
        months.append([month, gmv, orders])

    reach = book.create_sheet("Jangkauan pasar")
    reach.append(["Tujuan pembeli", "Omzet", "Pangsa (%)"])
    for item in report.reach:
        reach.append([item["label"], item["gmv"], item["share"]])

    top = book.create_sheet("Teratas")
    top.append(["Lembaga", "Omzet", "Pesanan"])
    for row in report.top_sellers:
        top.append([row.label, row.gmv, row.orders])
    top.append([])
    top.append(["Produk", "Omzet", "Unit"])
    for row in report.top_products:
        top.append([row.label, row.gmv, row.units])

    interventions = book.create_sheet("Intervensi")
    interventions.append(
        [
            "Tanggal",
            "Lembaga",
            "Jenis",
            "Topik/Barang",
            "Nilai",
            "Omzet 6 bln sebelum",
            "Omzet 6 bln sesudah",
        ]
    )
    for item in report.interventions:
        obj = item["intervention"]
        interventions.append(
            [
                obj.date,
                obj.seller.name,
                obj.get_kind_display(),
                obj.topic or obj.items,
                obj.value,
                item["before"],
                item["after"],
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
