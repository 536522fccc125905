"""Stock counts from a CSV or XLSX file (outlets without a POS), and the error report.

A file has a header row with the columns ``sku`` and ``quantity`` (any
order, any case; other columns ignored). Formulas are never evaluated: a
cell that starts with ``=`` is a row error. The error report written back
escapes every cell a spreadsheet would read as a formula.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .errors import OutletErrorCode as Code
from .services.stock_sync import MAX_LINES, SyncLine

MAX_FILE_BYTES = 2 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowError:
    row: int  # the row in the file, the header being row 1
    sku: str
    code: str
    message: str


@dataclass
class ParsedFile:
    lines: list[SyncLine]
    rows: list[int]  # the file row of each line
    errors: list[RowError]


def _refuse(message: str, code: Code) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def _rows(upload) -> list[list[str]]:
    name = (upload.name or "").lower()
    if upload.size > MAX_FILE_BYTES:
        raise _refuse(_("Berkas paling besar 2 MB."), Code.INVALID)
    data = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception as exc:
            raise _refuse(_("Berkas XLSX tidak bisa dibaca."), Code.INVALID) from exc
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else str(v) for v in row])
            if len(rows) > MAX_LINES + 1:
                break
        book.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _refuse(_("Berkas CSV harus UTF-8."), Code.INVALID) from exc
        if "\0" in text:
            raise _refuse(_("Berkas ini bukan CSV."), Code.INVALID)
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = []
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_LINES + 1:
                break
        return rows
    raise _refuse(_("Unggah berkas CSV atau XLSX."), Code.INVALID)


def stock_file_parse(upload) -> ParsedFile:
    """Read a count file into sync lines and per-row errors; refuse a bad file whole."""
    rows = _rows(upload)
    if not rows:
        raise _refuse(_("Berkas kosong."), Code.REQUIRED)
    header = [h.strip().lower() for h in rows[0]]
    if "sku" not in header or "quantity" not in header:
        raise _refuse(_("Baris pertama harus berisi kolom sku dan quantity."), Code.INVALID)
    if len(rows) - 1 > MAX_LINES:
        raise _refuse(
            _("Paling banyak %(n)s baris sekali unggah.")
            % {"n": f"{MAX_LINES:,}".replace(",", ".")},
            Code.TOO_MANY_LINES,
        )
    sku_at, quantity_at = header.index("sku"), header.index("quantity")
    parsed = ParsedFile(lines=[], rows=[], errors=[])
    for number, row in enumerate(rows[1:], start=2):
        cells = [*row, "", ""]
        sku, quantity = cells[sku_at].strip(), cells[quantity_at].strip()
        if not sku and not quantity:
            continue
        if sku.startswith("=") or quantity.startswith("="):
            parsed.errors.append(
                RowError(number, sku, Code.INVALID, _("Rumus tidak diterima; tulis angkanya."))
            )
            continue
        try:
            value = int(quantity)
        except ValueError:
            parsed.errors.append(
                RowError(number, sku, Code.INVALID, _("Jumlah harus bilangan bulat."))
            )
            continue
        if not sku:
            parsed.errors.append(RowError(number, sku, Code.REQUIRED, _("SKU kosong.")))
            continue
        parsed.lines.append(SyncLine(sku=sku, quantity=value))
        parsed.rows.append(number)
    return parsed


def _safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def error_report_csv(errors: list[RowError]) -> str:
    """The rows that were not applied, as CSV a spreadsheet opens without running anything."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "sku", "code", "message"])
    for error in errors:
        writer.writerow([error.row, _safe(error.sku), error.code, _safe(error.message)])
    return out.getvalue()


def opname_xlsx(*, location, rows) -> bytes:
    """The opname as a workbook: text cells escaped so nothing in it is a formula."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Opname"
    sheet.append(
        [
            _("SKU"),
            _("Produk"),
            _("Stok sistem"),
            _("Sistem saat dihitung"),
            _("Hasil hitung"),
            _("Selisih (unit)"),
            _("Selisih (Rp)"),
            _("Dihitung"),
            _("Mutasi terakhir"),
            _("Terjual melebihi stok"),
        ]
    )
    for row in rows:
        variant = row.stock.variant
        sheet.append(
            [
                _safe(variant.sku),
                _safe(variant.product.name),
                row.stock.quantity,
                row.system_before,
                row.counted,
                row.difference,
                row.difference_value,
                row.counted_at.replace(tzinfo=None) if row.counted_at else None,
                _safe(
                    "; ".join(
                        f"{m.get_reason_display()} {m.delta:+d} ({m.reference})"
                        for m in row.movements
                    )
                ),
                row.oversold,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
