"""Writes of the monitoring: interventions, and the report's DRAFT -> REVIEWED -> SUBMITTED walk.

Pergub VII: the Dinas monitors with the Tim Ahli twice a year and reports to
the Governor. Programme staff generate and submit; the Tim Ahli reviews,
never a version they generated themselves. Every step keeps who and when.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sellers.models import Seller
from shop.access import Access, require

from .errors import MonitoringErrorCode as Code
from .models import Intervention, ReportDocument
from .periods import Period

S = ReportDocument.Status


def intervention_record(
    *,
    actor,
    seller: Seller,
    kind: str,
    date: datetime.date,
    topic: str = "",
    organiser: str = "",
    trainees: int | None = None,
    curriculum: str = "",
    pendamping=None,
    items: str = "",
    value: int = 0,
    funding_source: str = "",
) -> Intervention:
    """Record support a lembaga received, so its sales before and after can be compared."""
    require(Access(actor).may_record_interventions())
    errors: dict[str, list[ValidationError]] = {}

    def add(name: str, message: str, code: Code) -> None:
        errors.setdefault(name, []).append(ValidationError(message, code=code))

    if kind not in Intervention.Kind.values:
        add("kind", _("Jenis intervensi tidak dikenal."), Code.INVALID)
    if date > timezone.localdate():
        add("date", _("Tanggal tidak boleh di masa depan."), Code.INVALID)
    if trainees is not None and trainees < 1:
        add("trainees", _("Jumlah peserta minimal 1."), Code.INVALID)
    if value < 0:
        add("value", _("Nilai tidak boleh negatif."), Code.INVALID)
    if kind == Intervention.Kind.TRAINING and not topic.strip():
        add("topic", _("Topik pelatihan wajib diisi."), Code.REQUIRED)
    if kind == Intervention.Kind.GRANT:
        if not items.strip():
            add("equipment", _("Barang hibah wajib diisi."), Code.REQUIRED)
        if value <= 0:
            add("value", _("Nilai hibah wajib diisi."), Code.REQUIRED)
        if not funding_source.strip():
            add("funding_source", _("Sumber dana wajib diisi."), Code.REQUIRED)
    if errors:
        raise ValidationError(errors)
    return Intervention.objects.create(
        seller=seller,
        kind=kind,
        date=date,
        topic=topic.strip(),
        organiser=organiser.strip(),
        trainees=trainees,
        curriculum=curriculum.strip(),
        pendamping=pendamping,
        items=items.strip(),
        value=value,
        funding_source=funding_source.strip(),
        recorded_by=actor,
    )


@transaction.atomic
def intervention_vet(*, actor, intervention: Intervention) -> Intervention:
    """The Tim Verifikasi dan Evaluasi confirms a grant of production equipment."""
    require(Access(actor).may_vet_grants())
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if intervention.kind != Intervention.Kind.GRANT:
        raise ValidationError(_("Hanya hibah yang diverifikasi."), code=Code.NOT_A_GRANT)
    if intervention.vetted_at:
        raise ValidationError(_("Hibah ini sudah diverifikasi."), code=Code.ALREADY_VETTED)
    intervention.vetted_by = actor
    intervention.vetted_at = timezone.now()
    intervention.save(update_fields=["vetted_by", "vetted_at"])
    return intervention


def report_generate(*, actor, period: Period) -> ReportDocument:
    """Generate a new DRAFT version of the period's report (PDF and XLSX); older ones stay."""
    require(Access(actor).may_manage_programme_reports())
    return report_generate_for_period(period=period, actor=actor)


def report_generate_for_period(
    *, period: Period, actor=None, only_if_missing: bool = False
) -> ReportDocument | None:
    """Write the files and the version row (beat calls this with no actor)."""
    from .documents import report_pdf, report_xlsx
    from .selectors import ProgramReport, Scope

    if only_if_missing and ReportDocument.objects.filter(period_key=period.key).exists():
        return None
    report = ProgramReport(period=period, scope=Scope())
    pdf = report_pdf(report)
    xlsx = report_xlsx(report)
    with transaction.atomic():
        # One writer per period at a time: versions are numbered without gaps or clashes.
        list(ReportDocument.objects.select_for_update().filter(period_key=period.key))
        last = ReportDocument.objects.filter(period_key=period.key).aggregate(v=Max("version"))
        version = (last["v"] or 0) + 1
        document = ReportDocument(
            period_key=period.key,
            period_label=period.label,
            start=period.start,
            end=period.end,
            version=version,
            generated_by=actor if actor is not None and actor.is_authenticated else None,
            totals={
                "gmv": report.gmv,
                "orders": report.orders,
                "units": report.units,
                "active_sellers": report.active_sellers,
            },
        )
        name = f"laporan-monev-ovop-{period.key}-v{version}"
        document.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        document.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
        document.save()
    return document


def report_lock(report: ReportDocument) -> ReportDocument:
    return ReportDocument.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_review(*, actor, report: ReportDocument, note: str = "") -> ReportDocument:
    """The Tim Ahli reviews a draft; never the person who generated it."""
    require(Access(actor).may_review_programme_reports())
    report = report_lock(report)
    if report.status != S.DRAFT:
        raise ValidationError(
            _("Hanya laporan berstatus draf yang dapat ditelaah."), code=Code.INVALID_STATUS
        )
    if report.generated_by_id is not None and report.generated_by_id == actor.pk:
        raise ValidationError(
            _("Laporan tidak boleh ditelaah oleh pembuatnya sendiri."), code=Code.OWN_REPORT
        )
    report.status = S.REVIEWED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_note = note.strip()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    return report


@transaction.atomic
def report_submit(*, actor, report: ReportDocument) -> ReportDocument:
    """Programme staff submit a reviewed report to the Governor, once."""
    require(Access(actor).may_manage_programme_reports())
    report = report_lock(report)
    if report.status == S.SUBMITTED:
        raise ValidationError(
            _("Laporan ini sudah disampaikan kepada Gubernur."), code=Code.ALREADY_SUBMITTED
        )
    if report.status != S.REVIEWED:
        raise ValidationError(
            _("Laporan harus ditelaah Tim Ahli sebelum disampaikan."), code=Code.INVALID_STATUS
        )
    report.status = S.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at"])
    return report
