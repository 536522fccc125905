import pytest

from sellers.models import Zone
from shop.roles import Role
from tests.regions import FATUMNASI, NITA, NITAKLOANG, TAKAPLAGER

pytestmark = pytest.mark.django_db

ZONE_CREATE = """
mutation($input: ZoneCreateInput!) {
  zoneCreate(input: $input) {
    zone { name slug commodity regency { code } productionVillages { code } bufferVillages { code } }
    errors { field code message }
  }
}
"""

VALID = {
    "regencyCode": "53.07",
    "name": "Klaster Tenun Ikat Nita",
    "commodity": "Tenun ikat pewarna alam",
    "productionVillageCodes": [NITA, NITAKLOANG],
    "bufferVillageCodes": [TAKAPLAGER],
}


def test_zone_create_by_a_programme_officer(gql, officer):
    gql.login(officer)
    data = gql(ZONE_CREATE, {"input": VALID})["data"]["zoneCreate"]
    assert data["errors"] == []
    assert data["zone"] == {
        "name": "Klaster Tenun Ikat Nita",
        "slug": "sikka-klaster-tenun-ikat-nita",
        "commodity": "Tenun ikat pewarna alam",
        "regency": {"code": "53.07"},
        "productionVillages": [{"code": NITA}, {"code": NITAKLOANG}],
        "bufferVillages": [{"code": TAKAPLAGER}],
    }


def test_zone_create_refuses_villages_outside_its_kabupaten_or_ntt(gql, officer):
    gql.login(officer)
    data = gql(
        ZONE_CREATE,
        {
            "input": {
                **VALID,
                "productionVillageCodes": [NITA, FATUMNASI],
                "bufferVillageCodes": ["51.71.01.1001"],
            }
        },
    )["data"]["zoneCreate"]
    assert {(e["field"], e["code"]) for e in data["errors"]} == {
        ("productionVillageCodes", "OUTSIDE_REGENCY"),
        ("bufferVillageCodes", "OUTSIDE_NTT"),
    }
    assert Zone.objects.count() == 0


def test_zone_create_refuses_a_duplicate_name_and_no_production_village(gql, officer):
    gql.login(officer)
    gql(ZONE_CREATE, {"input": VALID})
    data = gql(ZONE_CREATE, {"input": {**VALID, "productionVillageCodes": []}})["data"]
    assert {(e["field"], e["code"]) for e in data["zoneCreate"]["errors"]} == {
        ("name", "UNIQUE"),
        ("productionVillageCodes", "REQUIRED"),
    }


def test_zone_create_by_a_kabupaten_officer_only_in_their_kabupaten(gql, sikka_officer):
    gql.login(sikka_officer)
    assert gql(ZONE_CREATE, {"input": VALID})["data"]["zoneCreate"]["errors"] == []
    data = gql(
        ZONE_CREATE,
        {
            "input": {
                **VALID,
                "regencyCode": "53.02",
                "name": "Madu Mutis",
                "productionVillageCodes": [FATUMNASI],
                "bufferVillageCodes": [],
            }
        },
    )["data"]["zoneCreate"]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]


@pytest.mark.parametrize("role", [Role.CONSUMER, Role.SELLER_MEMBER, Role.PENDAMPING])
def test_zone_create_is_refused_to_non_staff(gql, make_user, role):
    gql.login(make_user(role))
    data = gql(ZONE_CREATE, {"input": VALID})["data"]["zoneCreate"]
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    assert Zone.objects.count() == 0
