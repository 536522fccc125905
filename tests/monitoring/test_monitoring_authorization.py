"""Who may run each monitoring operation: one table (actor -> allowed operations), one test
per (actor, operation) generated from it (tests/authz.py has the cast and the rule).

Report versions are seen only by who sees the whole province and interventions by who
sees the lembaga's kabupaten (or manages it): anyone else gets NOT_FOUND for them.
"""

import datetime

import pytest

from shop.monitoring.models import Intervention, ReportDocument
from tests.authz import ACTORS, cell_check, cells, operation
from tests.graphql import gid

pytestmark = pytest.mark.django_db

# The table: actor -> the monitoring operations it may run.
ALLOWED: dict[str, set[str]] = {
    "programme_officer": {"programReportGenerate", "programReportSubmit", "interventionRecord"},
    "tim_ahli": {"programReportReview"},
    "tim_verifikasi": {"interventionVet"},
    "superuser": {
        "programReportGenerate",
        "programReportReview",
        "programReportSubmit",
        "interventionRecord",
        "interventionVet",
    },
}
PROVINCE = {"programme_officer", "campaign_staff", "outlet_officer", "tim_ahli"}
PROVINCE |= {"tim_verifikasi", "sekretariat", "superuser"}
SEES_A = PROVINCE | {"staff_a", "pengurus_a", "pendamping_a", "kabupaten_officer"}
HIDDEN: dict[str, set[str]] = {actor: set() for actor in ACTORS if actor != "anonymous"}
for actor, hidden in HIDDEN.items():
    if actor not in PROVINCE:
        hidden |= {"programReportReview", "programReportSubmit"}
    if actor not in SEES_A:
        hidden.add("interventionVet")


def _report(status):
    def setup(cast):
        report = ReportDocument.objects.create(
            period_key="2026-S1",
            period_label="Semester I 2026",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 6, 30),
            version=1,
            status=status,
        )
        return {"id": gid(report)}, report

    return setup


def _status(report):
    return ReportDocument.objects.get(pk=report.pk).status


def _grant(cast):
    grant = Intervention.objects.create(
        seller=cast.seller_a,
        kind=Intervention.Kind.GRANT,
        date=datetime.date(2026, 3, 2),
        items="Mesin tenun",
        value=15_000_000,
        funding_source="APBD 2026",
    )
    return {"id": gid(grant)}, grant


def _training(cast):
    return {
        "i": {
            "seller": gid(cast.seller_a),
            "kind": "TRAINING",
            "date": "2026-03-02",
            "topic": "Pewarnaan alami",
            "organiser": "Dinas PMD",
            "trainees": 12,
        }
    }, cast.seller_a


S = ReportDocument.Status
OPS = {
    "programReportGenerate": operation(
        "programReportGenerate",
        " | (period: {year: 2026, semester: 1})",
        lambda cast: ({}, None),
        lambda _: ReportDocument.objects.filter(period_key="2026-S1").exists(),
    ),
    "programReportReview": operation(
        "programReportReview",
        "($id: ID!) | (id: $id)",
        _report(S.DRAFT),
        lambda report: _status(report) == S.REVIEWED,
    ),
    "programReportSubmit": operation(
        "programReportSubmit",
        "($id: ID!) | (id: $id)",
        _report(S.REVIEWED),
        lambda report: _status(report) == S.SUBMITTED,
    ),
    "interventionRecord": operation(
        "interventionRecord",
        "($i: InterventionInput!) | (input: $i)",
        _training,
        lambda seller: Intervention.objects.filter(seller=seller, topic="Pewarnaan alami").exists(),
    ),
    "interventionVet": operation(
        "interventionVet",
        "($id: ID!) | (id: $id)",
        _grant,
        lambda grant: Intervention.objects.get(pk=grant.pk).vetted_at is not None,
    ),
}


@pytest.mark.parametrize(("actor", "op"), cells(ALLOWED, OPS))
def test_monitoring_matrix(gql, actor, op):
    cell_check(gql, OPS, ALLOWED, HIDDEN, actor, op)
