"""The report to the Governor: generated, reviewed by the Tim Ahli, submitted; files kept."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from shop.monitoring.facts import facts_refresh
from shop.monitoring.models import ReportDocument
from shop.monitoring.periods import semester_period
from shop.monitoring.services import report_generate
from shop.monitoring.tasks import report_generate_closed_period

from .sales import IN_NTT, place

GENERATE = """mutation { programReportGenerate(period: {year: 2026, semester: 1}) {
  report { id status version periodKey pdfUrl xlsxUrl } errors { field code message } } }"""
REVIEW = """mutation($id: ID!, $note: String) { programReportReview(id: $id, note: $note) {
  report { id status reviewedBy reviewedAt reviewNote } errors { field code message } } }"""
SUBMIT = """mutation($id: ID!) { programReportSubmit(id: $id) {
  report { id status submittedBy submittedAt } errors { field code message } } }"""


@pytest.fixture
def sold(shops):
    orders = [
        *place([(shops["tenun"], 2)], where=IN_NTT, paid_on=datetime.date(2026, 2, 10)),
        *place([(shops["kopi"], 3)], where=IN_NTT, paid_on=datetime.date(2026, 3, 5)),
    ]
    facts_refresh(order_ids=[o.pk for o in orders])
    return shops


def test_report_walks_draft_reviewed_submitted_with_who_and_when(gql, sold, client):
    gql.login(sold["staff"])
    made = gql(GENERATE)["data"]["programReportGenerate"]
    assert made["errors"] == []
    assert (made["report"]["status"], made["report"]["version"]) == ("DRAFT", 1)
    report_id = made["report"]["id"]

    gql.login(sold["ahli"])
    reviewed = gql(REVIEW, {"id": report_id, "note": "Angka sesuai."})["data"][
        "programReportReview"
    ]
    assert reviewed["errors"] == []
    assert reviewed["report"]["status"] == "REVIEWED"
    assert reviewed["report"]["reviewNote"] == "Angka sesuai."
    assert reviewed["report"]["reviewedAt"].endswith("+08:00")

    gql.login(sold["staff"])
    submitted = gql(SUBMIT, {"id": report_id})["data"]["programReportSubmit"]
    assert submitted["errors"] == []
    assert submitted["report"]["status"] == "SUBMITTED"
    again = gql(SUBMIT, {"id": report_id})["data"]["programReportSubmit"]
    assert [e["code"] for e in again["errors"]] == ["ALREADY_SUBMITTED"]

    client.force_login(sold["ahli"])
    pdf = client.get(made["report"]["pdfUrl"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(made["report"]["xlsxUrl"])
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith('v1.xlsx"')


def test_the_author_may_not_review_and_only_the_tim_ahli_reviews(gql, sold, make_user):
    from shop.roles import Role

    both = make_user(Role.PROGRAMME_OFFICER, Role.TIM_AHLI)
    gql.login(both)
    report_id = gql(GENERATE)["data"]["programReportGenerate"]["report"]["id"]
    own = gql(REVIEW, {"id": report_id})["data"]["programReportReview"]
    assert [e["code"] for e in own["errors"]] == ["OWN_REPORT"]
    gql.login(sold["staff"])
    staff = gql(REVIEW, {"id": report_id})["data"]["programReportReview"]
    assert [e["code"] for e in staff["errors"]] == ["PERMISSION_DENIED"]
    early = gql(SUBMIT, {"id": report_id})["data"]["programReportSubmit"]
    assert [e["code"] for e in early["errors"]] == ["INVALID_STATUS"]


def test_only_programme_staff_generate_and_officers_see_no_report(gql, sold):
    for user in (sold["ahli"], sold["officer"], sold["sikka_member"]):
        gql.login(user)
        result = gql(GENERATE)["data"]["programReportGenerate"]
        assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    gql.login(sold["officer"])
    assert gql("{ programReportDocuments { id } }")["data"]["programReportDocuments"] == []


def test_generate_refuses_a_bad_period(gql, sold):
    gql.login(sold["staff"])
    result = gql(
        """mutation { programReportGenerate(period: {year: 2026, semester: 3}) {
             report { id } errors { field code } } }"""
    )["data"]["programReportGenerate"]
    assert result["errors"] == [{"field": "semester", "code": "SEMESTER_INVALID"}]


def test_every_version_is_kept_and_the_files_hold_the_figures(sold):
    period = semester_period(year=2026, semester=1)
    first = report_generate(actor=sold["staff"], period=period)
    second = report_generate(actor=sold["staff"], period=period)
    assert [r.version for r in ReportDocument.objects.order_by("version")] == [1, 2]
    assert (
        first.totals
        == second.totals
        == {"gmv": 1_095_000, "orders": 2, "units": 5, "active_sellers": 2}
    )
    book = load_workbook(io.BytesIO(second.xlsx.read()))
    rows = {row[0]: row for row in book["Kabupaten"].iter_rows(min_row=2, values_only=True)}
    assert rows["53.07"][2:5] == (900_000, 1, 2)
    assert rows["53.04"][2:5] == (195_000, 1, 3)
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row}
    assert summary["Omzet (GMV)"] == 1_095_000
    pdf = first.pdf.read()
    assert pdf.startswith(b"%PDF")
    assert b"(Semester I Tahun 2026" in pdf or b"Semester I Tahun 2026)" in pdf
    assert b"(Rp 900.000) Tj" in pdf  # Sikka's row
    assert b"(Rp 1.095.000) Tj" in pdf


def test_beat_drafts_the_report_the_day_after_a_period_closes_once(sold):
    assert report_generate_closed_period("2026-06-30") is None
    first = report_generate_closed_period("2026-07-01")
    assert ReportDocument.objects.get(pk=first).period_key == "2026-S1"
    assert report_generate_closed_period("2026-07-01") is None
    assert ReportDocument.objects.count() == 1
