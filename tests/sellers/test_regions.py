import io

import pytest
from django.core.management import call_command

from sellers.models import District, Regency, Village
from sellers.regions import regions_load

pytestmark = pytest.mark.django_db


def test_load_regions_loads_the_real_ntt_counts_and_is_idempotent():
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert "22 kabupaten/kota, 315 kecamatan, 3442 desa/kelurahan" in out.getvalue()
    counts = regions_load()
    assert (counts.regencies, counts.districts, counts.villages) == (22, 315, 3442)
    in_db = (Regency.objects.count(), District.objects.count(), Village.objects.count())
    assert in_db == (22, 315, 3442)
    assert Regency.objects.get(code="53.07").name == "Kabupaten Sikka"
    assert Regency.objects.get(code="53.71").name == "Kota Kupang"


def test_load_regions_restores_a_renamed_place():
    Regency.objects.filter(code="53.09").update(name="Salah")
    regions_load()
    assert Regency.objects.get(code="53.09").name == "Kabupaten Ngada"


def test_village_kind_follows_the_kemendagri_code():
    assert Village.objects.filter(kind="KELURAHAN").exclude(code__regex=r"\.1\d{3}$").count() == 0
    assert Village.objects.filter(kind="DESA").exclude(code__regex=r"\.2\d{3}$").count() == 0
    assert Village.objects.filter(kind="KELURAHAN").count() > 0
    assert District.objects.filter(regency_id="53.07").count() > 0


def test_regencies_answers_the_22_regencies_over_http(gql):
    data = gql("{ regencies { code name } }")["data"]["regencies"]
    assert len(data) == 22
    assert data[0] == {"code": "53.01", "name": "Kabupaten Kupang"}
    assert {"code": "53.71", "name": "Kota Kupang"} in data


def test_districts_of_a_regency(gql):
    data = gql('{ districts(regency: "53.09") { code name } }')["data"]["districts"]
    assert len(data) == District.objects.filter(regency_id="53.09").count()
    assert all(d["code"].startswith("53.09.") for d in data)


def test_villages_of_a_district_with_kind(gql):
    data = gql('{ villages(district: "53.71.01") { code name kind } }')["data"]["villages"]
    assert data
    assert {v["kind"] for v in data} <= {"DESA", "KELURAHAN"}
    assert all(v["code"].startswith("53.71.01.") for v in data)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ('{ districts(regency: "53.99") { code } }', "regency"),
        ('{ villages(district: "11.01.01") { code } }', "district"),
    ],
)
def test_unknown_region_code_is_a_not_found_field_error(gql, query, field):
    body = gql(query)
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": field}
