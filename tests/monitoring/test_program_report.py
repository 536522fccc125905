"""programReport per the contract, its scopes, who sees what, and every bad input."""

import datetime

import pytest
from graphql_relay import to_global_id

from shop.monitoring.facts import facts_refresh
from shop.roles import Role

from .sales import IN_JAKARTA, IN_NTT, place

CONTRACT_QUERY = """
query($period: ProgramPeriodInput, $groupBy: ProgramReportGroupBy, $regency: String) {
  programReport(period: $period, groupBy: $groupBy, regency: $regency) {
    totals { gmv orders units activeSellers certifiedProducts }
    rows { key label gmv orders units activeSellers }
  }
}"""


@pytest.fixture
def sold(shops):
    orders = [
        *place([(shops["tenun"], 2)], where=IN_NTT, paid_on=datetime.date(2026, 2, 10)),
        *place([(shops["kopi"], 3)], where=IN_JAKARTA, paid_on=datetime.date(2026, 3, 5)),
        *place([(shops["sei"], 1)], where=IN_NTT, paid_on=datetime.date(2026, 8, 5)),
    ]
    facts_refresh(order_ids=[o.pk for o in orders])
    return shops


def report(gql, user, **variables):
    gql.login(user)
    return gql(CONTRACT_QUERY, variables)


def error_of(result):
    assert result.get("data", {}).get("programReport") is None, result
    ext = result["errors"][0]["extensions"]
    return ext["code"], ext.get("field")


def test_contract_query_by_kabupaten_for_programme_staff(gql, sold):
    result = report(gql, sold["staff"], period={"year": 2026, "semester": 1}, groupBy="REGENCY")
    data = result["data"]["programReport"]
    assert data["totals"] == {
        "gmv": 900_000 + 195_000,
        "orders": 2,
        "units": 5,
        "activeSellers": 2,
        "certifiedProducts": 4,  # no rules in the test categories: every product is complete
    }
    rows = {row["key"]: row for row in data["rows"]}
    assert len(rows) == 22
    assert rows["53.07"] == {
        "key": "53.07",
        "label": "Kabupaten Sikka",
        "gmv": 900_000,
        "orders": 1,
        "units": 2,
        "activeSellers": 1,
    }
    assert data["rows"][0]["key"] == "53.07"  # biggest first


def test_the_whole_year_and_a_date_range(gql, sold):
    gql.login(sold["staff"])
    year = gql(CONTRACT_QUERY, {"period": {"year": 2026}})["data"]["programReport"]
    assert year["totals"]["gmv"] == 900_000 + 195_000 + 120_000
    ranged = gql(
        """{ programReport(dateRange: {start: "2026-03-01", end: "2026-08-31"}, groupBy: CHANNEL) {
             totals { gmv } rows { key gmv } growth
             indicators { key text } monthly { month gmv } reach { destination gmv share } } }"""
    )["data"]["programReport"]
    assert ranged["totals"]["gmv"] == 195_000 + 120_000
    assert ranged["rows"] == [{"key": "ONLINE", "gmv": 315_000}]
    assert len(ranged["monthly"]) == 6
    texts = {i["key"]: i["text"] for i in ranged["indicators"]}
    assert texts["gmv"] == "Rp 315.000"
    reach = {r["destination"]: r["share"] for r in ranged["reach"]}
    assert reach["OUTSIDE_NTT"] == round(100 * 195_000 / 315_000, 1)


def test_a_kabupaten_officer_sees_only_their_kabupaten(gql, sold):
    data = report(gql, sold["officer"], period={"year": 2026, "semester": 1})
    rows = data["data"]["programReport"]["rows"]
    assert [row["key"] for row in rows] == ["53.07"]
    assert data["data"]["programReport"]["totals"]["gmv"] == 900_000
    other = report(gql, sold["officer"], period={"year": 2026, "semester": 1}, regency="53.04")
    assert error_of(other) == ("REGENCY_NOT_ALLOWED", "regency")


def test_tim_ahli_and_campaign_staff_see_the_province(gql, sold, make_user):
    for user in (sold["ahli"], make_user(Role.CAMPAIGN_STAFF)):
        data = report(gql, user, period={"year": 2026, "semester": 1})
        assert data["data"]["programReport"]["totals"]["gmv"] == 1_095_000


def test_a_lembaga_sees_its_own_figures_only(gql, sold):
    gql.login(sold["sikka_member"])
    query = """query($s: ID) { programReport(period: {year: 2026, semester: 1}, seller: $s) {
                 totals { gmv } } }"""
    own = gql(query, {"s": to_global_id("Seller", sold["sikka"].pk)})
    assert own["data"]["programReport"]["totals"]["gmv"] == 900_000
    other = gql(query, {"s": to_global_id("Seller", sold["belu"].pk)})
    assert error_of(other) == ("NOT_FOUND", "seller")
    province = gql("{ programReport(period: {year: 2026, semester: 1}) { totals { gmv } } }")
    assert error_of(province) == ("PERMISSION_DENIED", None)


def test_anonymous_is_refused(gql, sold):
    result = gql("{ programReport(period: {year: 2026, semester: 1}) { totals { gmv } } }")
    assert error_of(result) == ("PERMISSION_DENIED", None)


@pytest.mark.parametrize(
    ("query_args", "code", "field"),
    [
        ("period: {year: 2026, semester: 3}", "SEMESTER_INVALID", "semester"),
        ("period: {year: 2026, semester: 0}", "SEMESTER_INVALID", "semester"),
        ('dateRange: {start: "2026-03-02", end: "2026-03-01"}', "RANGE_REVERSED", "end"),
        ('dateRange: {start: "2021-01-01", end: "2026-01-01"}', "RANGE_TOO_LONG", "end"),
        ('period: {year: 2026}, regency: "31.71"', "REGENCY_OUTSIDE_NTT", "regency"),
        ('period: {year: 2026}, regency: "53.99"', "REGENCY_OUTSIDE_NTT", "regency"),
        ("groupBy: REGENCY", "REQUIRED", "year"),
        (
            'period: {year: 2026}, dateRange: {start: "2026-01-01", end: "2026-01-02"}',
            "INVALID",
            "dateRange",
        ),
    ],
)
def test_bad_input_is_a_coded_error_never_an_empty_report(gql, sold, query_args, code, field):
    gql.login(sold["staff"])
    result = gql(f"{{ programReport({query_args}) {{ totals {{ gmv }} }} }}")
    assert error_of(result) == (code, field)
    assert result["errors"][0]["message"]


def test_a_range_of_exactly_five_years_less_a_day_is_accepted(gql, sold):
    gql.login(sold["staff"])
    result = gql(
        '{ programReport(dateRange: {start: "2021-01-01", end: "2025-12-31"}) { totals { gmv } } }'
    )
    assert result["data"]["programReport"]["totals"]["gmv"] == 0
    same_day = gql(
        '{ programReport(dateRange: {start: "2026-02-10", end: "2026-02-10"}) { totals { gmv } } }'
    )
    assert same_day["data"]["programReport"]["totals"]["gmv"] == 900_000


def test_errors_speak_english_when_asked(gql, sold):
    gql.login(sold["staff"])
    gql.language = "en"
    result = gql("{ programReport(period: {year: 2026, semester: 3}) { totals { gmv } } }")
    assert result["errors"][0]["message"] == "The period must be 1 to 2 (Semester I or II)."
    assert result["errors"][0]["extensions"]["code"] == "SEMESTER_INVALID"


def test_drill_down_by_kecamatan_and_desa(gql, sold):
    gql.login(sold["staff"])
    result = gql(
        """{ programReport(period: {year: 2026, semester: 1}, regency: "53.07", groupBy: DISTRICT) {
             rows { key gmv } } }"""
    )
    assert result["data"]["programReport"]["rows"] == [{"key": "53.07.01", "gmv": 900_000}]
    result = gql(
        """{ programReport(period: {year: 2026, semester: 1}, district: "53.07.01", groupBy: VILLAGE) {
             rows { key gmv } } }"""
    )
    assert result["data"]["programReport"]["rows"] == [{"key": "53.07.01.2001", "gmv": 900_000}]
