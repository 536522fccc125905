import datetime

import pytest
from django.utils import timezone

from catalog.models import Product, ProductAssessment, ProductEvent
from catalog.search import SearchQuery, search_products
from catalog.search.tasks import product_index
from tests.graphql import gid_of

pytestmark = pytest.mark.django_db

DESIGNATE = """
mutation($product: ID!, $criteria: OvopCriteriaInput!, $decision: ProductAssessmentDecision!,
         $decreeNumber: String, $decreeDate: Date, $note: String, $decreeIssuer: String) {
  productDesignate(product: $product, criteria: $criteria, decision: $decision,
                   decreeNumber: $decreeNumber, decreeDate: $decreeDate, note: $note,
                   decreeIssuer: $decreeIssuer) {
    product { id ovopStatus ovopDecreeNumber ovopDecreeDate ovopDecreeIssuer }
    errors { field code message }
  }
}
"""


def criteria(met=True, **override):
    items = {
        "rawMaterialLocal": {"met": met, "evidence": "Benang kapas pintal tangan desa"},
        "rawMaterialFromBufferVillages": {"met": met, "evidence": "Kapas dari Desa Wolokoli"},
        "economicValue": {"met": met, "evidence": "42 penenun, omzet Rp 30.000.000/bulan"},
        "marketPotential": {"met": met, "evidence": "Pesanan rutin NTT Mart", "note": "ekspor"},
    }
    items.update(override)
    return items


@pytest.fixture
def candidate(make_product):
    return make_product(ovop_status=Product.OvopStatus.CANDIDATE, published=True)


def designate(gql, product, **variables):
    body = {
        "product": gid_of("Product", product.pk),
        "criteria": criteria(),
        "decision": "DESIGNATE",
        "decreeNumber": "188.45/Kep/DPMD/2026",
        "decreeDate": timezone.localdate().isoformat(),
        **variables,
    }
    return gql(DESIGNATE, body)["data"]["productDesignate"]


def unchanged(product):
    saved = Product.objects.get(pk=product.pk)
    return (
        saved.ovop_status == product.ovop_status
        and saved.ovop_decree_number == product.ovop_decree_number
        and not ProductEvent.objects.filter(product=product).exists()
    )


def test_programme_officer_designates_with_a_decree(gql, officer, candidate):
    gql.login(officer)
    data = designate(gql, candidate)
    assert data["errors"] == []
    assert data["product"] == {
        "id": gid_of("Product", candidate.pk),
        "ovopStatus": "DESIGNATED",
        "ovopDecreeNumber": "188.45/Kep/DPMD/2026",
        "ovopDecreeDate": timezone.localdate().isoformat(),
        "ovopDecreeIssuer": "Dinas Pemberdayaan Masyarakat dan Desa Provinsi NTT",
    }
    assessment = ProductAssessment.objects.get(product=candidate)
    assert assessment.decision == "DESIGNATE"
    assert assessment.criteria["market_potential"] == {
        "met": True,
        "evidence": "Pesanan rutin NTT Mart",
        "note": "ekspor",
    }
    event = ProductEvent.objects.get(product=candidate)
    assert (event.kind, event.from_status, event.to_status, event.actor) == (
        "DESIGNATED",
        "CANDIDATE",
        "DESIGNATED",
        officer,
    )


def test_a_lembaga_cannot_designate_its_own_product(gql, pengurus, candidate):
    gql.login(pengurus)
    data = designate(gql, candidate)
    assert data["errors"] == [
        {
            "field": None,
            "code": "PERMISSION_DENIED",
            "message": "Hanya petugas program Dinas PMD yang dapat menetapkan produk OVOP.",
        }
    ]
    assert data["product"] is None
    assert unchanged(candidate)


def test_a_lembaga_is_refused_in_english_too(gql, pengurus, candidate):
    gql.login(pengurus)
    gql.language = "en"
    data = designate(gql, candidate)
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    assert data["errors"][0]["message"] == (
        "Only Dinas PMD programme officers may designate OVOP products."
    )


def test_a_lembaga_cannot_set_designated_through_product_update(gql, pengurus, candidate):
    gql.login(pengurus)
    data = gql(
        """mutation($id: ID!) { productUpdate(id: $id, input: {ovopStatus: DESIGNATED,
           ovopDecreeNumber: "1/2026", ovopDecreeDate: "2026-01-02"}) {
           product { ovopStatus } errors { field code } } }""",
        {"id": gid_of("Product", candidate.pk)},
    )["data"]["productUpdate"]
    assert {e["code"] for e in data["errors"]} == {"DESIGNATION_BY_PROGRAMME_ONLY"}
    assert unchanged(candidate)


def test_sending_the_current_stage_back_unchanged_is_accepted(gql, pengurus, make_product):
    candidate = make_product(ovop_status=Product.OvopStatus.CANDIDATE)
    gql.login(pengurus)
    data = gql(
        """mutation($id: ID!) { productUpdate(id: $id, input: {ovopStatus: CANDIDATE, motif: "kuda"})
           { errors { code } } }""",
        {"id": gid_of("Product", candidate.pk)},
    )["data"]["productUpdate"]
    assert data["errors"] == []


def test_designation_without_a_decree_number_is_refused(gql, officer, candidate):
    gql.login(officer)
    data = designate(gql, candidate, decreeNumber="  ")
    assert [(e["field"], e["code"], e["message"]) for e in data["errors"]] == [
        ("decreeNumber", "REQUIRED", "Nomor SK penetapan wajib diisi.")
    ]
    assert unchanged(candidate)


def test_decree_dated_today_is_accepted_tomorrow_is_refused(gql, officer, candidate):
    gql.login(officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    gql.language = "en"
    data = designate(gql, candidate, decreeDate=tomorrow.isoformat())
    assert [(e["field"], e["code"], e["message"]) for e in data["errors"]] == [
        ("decreeDate", "DECREE_DATE_IN_FUTURE", "The decree date cannot be in the future.")
    ]
    assert unchanged(candidate)
    assert designate(gql, candidate)["errors"] == []


def test_designation_without_a_date_is_refused(gql, officer, candidate):
    gql.login(officer)
    data = designate(gql, candidate, decreeDate=None)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("decreeDate", "REQUIRED")]


def test_every_criterion_needs_evidence(gql, officer, candidate):
    gql.login(officer)
    data = designate(
        gql, candidate, criteria=criteria(economicValue={"met": True, "evidence": " "})
    )
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("economicValue", "REQUIRED")]
    assert unchanged(candidate)


def test_designation_needs_every_criterion_met(gql, officer, candidate):
    gql.login(officer)
    data = designate(
        gql,
        candidate,
        criteria=criteria(marketPotential={"met": False, "evidence": "Belum ada pembeli tetap"}),
    )
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("criteria", "CRITERIA_NOT_MET")]
    assert "d) potensi pasar" in data["errors"][0]["message"]
    assert unchanged(candidate)


def test_decline_needs_a_reason_and_the_lembaga_reads_it(gql, officer, pengurus, candidate):
    gql.login(officer)
    data = designate(gql, candidate, decision="DECLINE", criteria=criteria(met=False))
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("note", "REQUIRED")]
    data = designate(
        gql,
        candidate,
        decision="DECLINE",
        criteria=criteria(met=False),
        note="Bahan baku belum dari desa penyangga zona.",
    )
    assert data["errors"] == []
    assert data["product"]["ovopStatus"] == "DECLINED"
    gql.login(pengurus)
    seen = gql(
        """query($id: ID!) { product(id: $id) { ovopStatus ovopAssessment { decision reason
           criteria { rawMaterialLocal { met evidence } } } } }""",
        {"id": gid_of("Product", candidate.pk)},
    )["data"]["product"]
    assert seen == {
        "ovopStatus": "DECLINED",
        "ovopAssessment": {
            "decision": "DECLINE",
            "reason": "Bahan baku belum dari desa penyangga zona.",
            "criteria": {
                "rawMaterialLocal": {"met": False, "evidence": "Benang kapas pintal tangan desa"}
            },
        },
    }


def test_the_public_does_not_see_the_assessment(gql, officer, candidate):
    gql.login(officer)
    designate(gql, candidate)
    gql.logout()
    seen = gql(
        "query($id: ID!) { product(id: $id) { ovopStatus ovopAssessment { reason } } }",
        {"id": gid_of("Product", candidate.pk)},
    )["data"]["product"]
    assert seen == {"ovopStatus": "DESIGNATED", "ovopAssessment": None}


def test_only_a_candidate_can_be_assessed(gql, officer, make_product):
    product = make_product()
    gql.login(officer)
    data = designate(gql, product)
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("product", "NOT_A_CANDIDATE")]


def test_designated_products_are_filterable(gql, officer, candidate, make_product):
    other = make_product(published=True)
    gql.login(officer)
    designate(gql, candidate)
    product_index([candidate.pk, other.pk])
    result = search_products(SearchQuery(ovop_designated=True))
    assert result.ids == [candidate.pk]
    gql.logout()
    data = gql(
        "{ products(filter: {ovopDesignated: true}) { totalCount edges { node { name } } } }"
    )["data"]["products"]
    assert data == {"totalCount": 1, "edges": [{"node": {"name": candidate.name}}]}


def test_the_decree_issuer_is_the_agency_named_up_to_200_characters(gql, officer, candidate):
    gql.login(officer)
    governor = "Gubernur Nusa Tenggara Timur"
    data = designate(gql, candidate, decreeIssuer=f"  {governor} ")
    assert data["errors"] == []
    assert data["product"]["ovopDecreeIssuer"] == governor
    assert ProductAssessment.objects.get(product=candidate).decree_issuer == governor


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("decreeIssuer", "D" * 200, True),
        ("decreeIssuer", "D" * 201, False),
        ("decreeNumber", "1" * 100, True),
        ("decreeNumber", "1" * 101, False),
    ],
)
def test_decree_number_and_issuer_longer_than_their_columns_are_refused(
    gql, officer, candidate, field, value, accepted
):
    gql.login(officer)
    data = designate(gql, candidate, **{field: value})
    if accepted:
        assert data["errors"] == []
        return
    assert [(e["field"], e["code"]) for e in data["errors"]] == [(field, "INVALID")]
    assert unchanged(candidate)
