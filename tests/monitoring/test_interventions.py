"""Interventions: recorded by programme staff, grants vetted by the Tim Verifikasi, and the
lembaga's sales 6 months before and after."""

import datetime

import pytest
from graphql_relay import to_global_id

from shop.monitoring.facts import facts_refresh
from shop.monitoring.models import Intervention
from shop.monitoring.periods import year_period
from shop.monitoring.selectors import ProgramReport, Scope, months_shift

from .sales import place

RECORD = """mutation($input: InterventionInput!) { interventionRecord(input: $input) {
  intervention { id kind sellerName value vettedAt } errors { field code message } } }"""
VET = """mutation($id: ID!) { interventionVet(id: $id) {
  intervention { id vettedAt } errors { field code message } } }"""


def grant_input(shops, **extra):
    return {
        "seller": to_global_id("Seller", shops["sikka"].pk),
        "kind": "GRANT",
        "date": "2026-04-15",
        "equipment": "2 alat tenun gedogan, 1 mesin jahit",
        "value": 35_000_000,
        "fundingSource": "APBD Provinsi NTT 2026",
        **extra,
    }


def test_staff_record_a_grant_and_the_tim_verifikasi_vets_it_once(gql, shops):
    gql.login(shops["staff"])
    made = gql(RECORD, {"input": grant_input(shops)})["data"]["interventionRecord"]
    assert made["errors"] == []
    assert made["intervention"]["sellerName"] == "BUMDes Sikka Jaya"
    assert made["intervention"]["vettedAt"] is None
    gid = made["intervention"]["id"]
    denied = gql(VET, {"id": gid})["data"]["interventionVet"]
    assert [e["code"] for e in denied["errors"]] == ["PERMISSION_DENIED"]
    gql.login(shops["verifikasi"])
    vetted = gql(VET, {"id": gid})["data"]["interventionVet"]
    assert vetted["errors"] == []
    assert vetted["intervention"]["vettedAt"].endswith("+08:00")
    again = gql(VET, {"id": gid})["data"]["interventionVet"]
    assert [e["code"] for e in again["errors"]] == ["ALREADY_VETTED"]
    assert Intervention.objects.get().vetted_by == shops["verifikasi"]


def test_a_grant_needs_items_value_and_funding_and_training_a_topic(gql, shops):
    gql.login(shops["staff"])
    bad = gql(RECORD, {"input": grant_input(shops, equipment="", value=0, fundingSource="")})
    codes = {(e["field"], e["code"]) for e in bad["data"]["interventionRecord"]["errors"]}
    assert codes == {
        ("equipment", "REQUIRED"),
        ("value", "REQUIRED"),
        ("fundingSource", "REQUIRED"),
    }
    training = {
        "seller": to_global_id("Seller", shops["sikka"].pk),
        "kind": "TRAINING",
        "date": "2026-04-15",
        "trainees": 0,
    }
    result = gql(RECORD, {"input": training})["data"]["interventionRecord"]
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("topic", "REQUIRED"),
        ("trainees", "INVALID"),
    }
    future = gql(RECORD, {"input": grant_input(shops, date="2099-01-01")})
    assert [e["code"] for e in future["data"]["interventionRecord"]["errors"]] == ["INVALID"]


def test_only_programme_staff_record(gql, shops):
    for user in (shops["ahli"], shops["officer"], shops["sikka_member"]):
        gql.login(user)
        result = gql(RECORD, {"input": grant_input(shops)})["data"]["interventionRecord"]
        assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]


def test_vetting_is_for_grants_only(gql, shops):
    training = Intervention.objects.create(
        seller=shops["sikka"],
        kind="TRAINING",
        date=datetime.date(2026, 4, 1),
        topic="Pewarna alami",
    )
    gql.login(shops["verifikasi"])
    result = gql(VET, {"id": to_global_id("Intervention", training.pk)})["data"]["interventionVet"]
    assert [e["code"] for e in result["errors"]] == ["NOT_A_GRANT"]


def test_sales_six_months_before_and_after(shops):
    orders = [
        *place(
            [(shops["tenun"], 1)], paid_on=datetime.date(2025, 10, 14)
        ),  # 6 months + 1 day before
        *place(
            [(shops["tenun"], 1)], paid_on=datetime.date(2025, 10, 15)
        ),  # exactly 6 months before
        *place(
            [(shops["selendang"], 1)], paid_on=datetime.date(2026, 4, 15)
        ),  # the day itself: after
        *place([(shops["tenun"], 2)], paid_on=datetime.date(2026, 10, 14)),  # last day after
        *place([(shops["tenun"], 1)], paid_on=datetime.date(2026, 10, 15)),  # past the window
    ]
    facts_refresh(order_ids=[o.pk for o in orders])
    Intervention.objects.create(
        seller=shops["sikka"],
        kind="TRAINING",
        date=datetime.date(2026, 4, 15),
        topic="Pemasaran daring",
    )
    items = ProgramReport(period=year_period(year=2026), scope=Scope()).interventions
    assert [(i["before"], i["after"]) for i in items] == [(450_000, 175_000 + 900_000)]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 8, 31), -6, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), -1, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 7, 1), 6, datetime.date(2027, 1, 1)),
    ],
)
def test_months_shift_clamps_to_the_month_end(day, months, expected):
    assert months_shift(day, months) == expected
