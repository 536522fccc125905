"""ASN participation: the NIP's checks, consent, masking, deletion, the switch, and the
campaign report's monthly spend bands (online and offline orders of the buyer)."""

import io
from datetime import date, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from orders.models import Order
from promotions.asn import asn_profile_set, campaign_asn_report, nip_clean, spend_band
from promotions.models import AsnParticipant, Redemption, nip_digest, nip_mask
from tests.factories import CheckoutFactory, OrderFactory, PaymentFactory, SellerFactory

from .factories import make_campaign

NIP = "198503122010011012"  # born 12 March 1985, appointed January 2010, male, no. 012
TODAY = date(2026, 11, 30)

SET = """mutation($nip: String!, $agency: String!, $consent: Boolean!) {
  asnProfileSet(nip: $nip, agency: $agency, consent: $consent) {
    asnProfile { nip nipMasked agency consentedAt } errors { field code message } } }"""
DELETE = "mutation { asnProfileDelete { deleted errors { code } } }"
PROFILE = "{ asnProfile { nip nipMasked agency } }"


@pytest.fixture
def asn_on(settings):
    settings.ASN_PARTICIPATION_ENABLED = True
    settings.ASN_MONTHLY_TARGET = 100_000
    return settings


def _code(raw: str) -> str:
    with pytest.raises(ValidationError) as exc:
        nip_clean(raw, today=TODAY)
    [error] = exc.value.error_dict["nip"]
    return error.code


def test_nip_valid_with_spaces_is_kept_as_18_digits():
    assert nip_clean("19850312 201001 1 012", today=TODAY) == NIP
    assert nip_clean("199912312026112999", today=TODAY) == "199912312026112999"  # this month


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("19850312201001101", "NIP_FORMAT"),  # 17 digits
        ("1985031220100110123", "NIP_FORMAT"),  # 19 digits
        ("19850312201001101A", "NIP_FORMAT"),
        ("".join(chr(0xFF10 + int(d)) for d in NIP), "NIP_FORMAT"),  # full-width digits
        ("198502302010011012", "NIP_BIRTH_DATE"),  # 30 February
        ("198513122010011012", "NIP_BIRTH_DATE"),  # month 13
        ("202712012010011012", "NIP_BIRTH_DATE"),  # born in the future
        ("198503122010131012", "NIP_APPOINTMENT"),  # month 13
        ("198503122010001012", "NIP_APPOINTMENT"),  # month 00
        ("198503122003021012", "NIP_APPOINTMENT"),  # appointed at 17
        ("199912312026121012", "NIP_APPOINTMENT"),  # next month
        ("198503122010013012", "NIP_GENDER"),
        ("198503122010010012", "NIP_GENDER"),
        ("198503122010011000", "NIP_SEQUENCE"),
    ],
)
def test_nip_bad_check_has_its_code(raw, code):
    assert _code(raw) == code


def test_nip_appointed_exactly_at_18_is_accepted():
    assert nip_clean("198503122003031001", today=TODAY) == "198503122003031001"


def test_nip_masked_keeps_birth_year_and_last_four():
    assert nip_mask(NIP) == "1985**********1012"
    assert str(AsnParticipant(nip=NIP)) == "1985**********1012"
    assert NIP not in repr(AsnParticipant(nip=NIP))


def test_the_nip_is_kept_encrypted_and_found_again_by_its_digest(db, make_user, asn_on):
    owner, other = make_user(), make_user()
    asn_profile_set(user=owner, nip="19850312 201001 1 012", agency="BPKAD", consent=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM promotions_asnparticipant")
        [row] = cursor.fetchall()
    stored = " ".join(str(value) for value in row)
    # neither the NIP nor its birth date nor its last digits are in any column
    for part in (NIP, "19850312", "2010011012"):
        assert part not in stored
    participant = AsnParticipant.objects.get(user=owner)
    assert participant.nip == NIP
    assert participant.nip_digest == nip_digest(NIP) != nip_digest("198503122010011013")
    with pytest.raises(ValidationError) as exc:
        asn_profile_set(user=other, nip=NIP, agency="Dinas Kesehatan", consent=True)
    assert exc.value.error_dict["nip"][0].code == "NIP_TAKEN"
    # the owner replaces their own NIP: one row, the new NIP, the old digest gone
    asn_profile_set(user=owner, nip="198503122010011013", agency="BPKAD", consent=True)
    assert [p.nip for p in AsnParticipant.objects.all()] == ["198503122010011013"]
    assert not AsnParticipant.objects.filter(nip_digest=nip_digest(NIP)).exists()
    asn_profile_set(user=other, nip=NIP, agency="Dinas Kesehatan", consent=True)  # free again


def test_personal_data_rotate_moves_every_nip_to_the_first_key(db, make_user, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PERSONAL_DATA_KEYS = [old]
    nips = ["198503122010011012", "199001012015032001"]
    for nip in nips:
        AsnParticipant.objects.create(
            user=make_user(), nip=nip, agency="BPKAD", consented_at=timezone.now()
        )
    settings.PERSONAL_DATA_KEYS = [new, old]
    out = io.StringIO()
    call_command("personal_data_rotate", stdout=out)
    assert out.getvalue() == "2 NIP re-encrypted with the first key.\n"
    settings.PERSONAL_DATA_KEYS = [new]  # the old key can go now
    assert sorted(p.nip for p in AsnParticipant.objects.all()) == nips


def test_profile_set_needs_consent_and_agency_and_changes_nothing(db, make_user, asn_on):
    user = make_user()
    with pytest.raises(ValidationError) as exc:
        asn_profile_set(user=user, nip=NIP, agency="Dinas Perindag", consent=False)
    assert exc.value.error_dict["consent"][0].code == "CONSENT_REQUIRED"
    with pytest.raises(ValidationError) as exc:
        asn_profile_set(user=user, nip=NIP, agency="  ", consent=True)
    assert exc.value.error_dict["agency"][0].code == "AGENCY_REQUIRED"
    assert AsnParticipant.objects.count() == 0


def test_profile_off_by_switch_is_refused(db, make_user, settings):
    settings.ASN_PARTICIPATION_ENABLED = False
    with pytest.raises(ValidationError) as exc:
        asn_profile_set(user=make_user(), nip=NIP, agency="BPKAD", consent=True)
    assert exc.value.code == "ASN_DISABLED"
    assert AsnParticipant.objects.count() == 0


def test_graphql_set_shows_owner_whole_nip_then_delete(gql, make_user, asn_on):
    owner = make_user()
    gql.login(owner)
    result = gql(SET, {"nip": "19850312 201001 1 012", "agency": "BPKAD NTT", "consent": True})
    data = result["data"]["asnProfileSet"]
    assert data["errors"] == []
    assert data["asnProfile"]["nip"] == NIP
    assert data["asnProfile"]["nipMasked"] == "1985**********1012"
    assert gql(PROFILE)["data"]["asnProfile"]["agency"] == "BPKAD NTT"
    # someone else: their own (none), never the owner's
    gql.login(make_user())
    assert gql(PROFILE)["data"]["asnProfile"] is None
    taken = gql(SET, {"nip": NIP, "agency": "Dinas Kesehatan", "consent": True})
    assert [e["code"] for e in taken["data"]["asnProfileSet"]["errors"]] == ["NIP_TAKEN"]
    gql.login(owner)
    assert gql(DELETE)["data"]["asnProfileDelete"] == {"deleted": True, "errors": []}
    assert gql(DELETE)["data"]["asnProfileDelete"] == {"deleted": False, "errors": []}
    assert AsnParticipant.objects.count() == 0


def test_graphql_bad_nip_answers_code_in_english(gql, make_user, asn_on):
    gql.login(make_user())
    gql.language = "en"
    result = gql(SET, {"nip": "198503122010013012", "agency": "BPKAD", "consent": True})
    [error] = result["data"]["asnProfileSet"]["errors"]
    assert error["code"] == "NIP_GENDER"
    assert error["message"] == "The gender digit of the NIP (the 15th) must be 1 or 2."


def test_graphql_anonymous_may_not_set(gql, asn_on):
    result = gql(SET, {"nip": NIP, "agency": "BPKAD", "consent": True})
    assert result["data"]["asnProfileSet"]["asnProfile"] is None
    assert result["data"]["asnProfileSet"]["errors"][0]["code"] == "PERMISSION_DENIED"


def test_account_page_adds_and_deletes(client, make_user, asn_on):
    user = make_user()
    client.force_login(user)
    page = client.post(
        "/akun/asn/", {"nip": "1985031220100110", "agency": "BPKAD"}, follow=True
    ).content.decode()
    assert "Centang persetujuan" in page
    page = client.post(
        "/akun/asn/", {"nip": "1985031220100110", "agency": "BPKAD", "consent": "on"}
    ).content.decode()
    assert "NIP harus terdiri dari 18 angka." in page
    assert not AsnParticipant.objects.exists()
    client.post("/akun/asn/", {"nip": NIP, "agency": "BPKAD", "consent": "on"})
    assert AsnParticipant.objects.get(user=user).nip == NIP
    assert NIP in client.get("/akun/asn/").content.decode()
    client.post("/akun/asn/", {"action": "delete"})
    assert not AsnParticipant.objects.filter(user=user).exists()


def test_account_page_hidden_when_switched_off(client, make_user, settings):
    settings.ASN_PARTICIPATION_ENABLED = False
    client.force_login(make_user())
    assert client.get("/akun/asn/").status_code == 404


def test_spend_band_boundaries():
    assert spend_band(0, 100_000) == "zero"
    assert spend_band(1, 100_000) == "below_target"
    assert spend_band(99_999, 100_000) == "below_target"
    assert spend_band(100_000, 100_000) == "at_target"
    assert spend_band(199_999, 100_000) == "at_target"
    assert spend_band(200_000, 100_000) == "double_target"


def _wita(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _paid(user, at: datetime, goods: int, *, channel=Order.Channel.ONLINE, **extra) -> Order:
    payment = PaymentFactory(checkout=CheckoutFactory(user=user), amount=goods + 20_000)
    return OrderFactory(
        payment=payment,
        user=user,
        channel=channel,
        subtotal=goods,
        shipping_total=20_000,
        total=goods + 20_000,
        paid_at=at,
        **extra,
    )


def test_campaign_report_counts_asn_buyers_by_monthly_band(db, make_user, asn_on, staff, client):
    campaign = make_campaign()
    campaign.starts_at = _wita(date(2026, 10, 1), 0)
    campaign.ends_at = _wita(date(2026, 12, 31))
    campaign.save()
    now = _wita(date(2026, 11, 20))
    ani, budi, citra, dedi = (make_user(email=f"{n}@ntt.go.id") for n in "abcd")
    for i, (user, seq) in enumerate(((ani, "001"), (budi, "002"), (citra, "003"))):
        AsnParticipant.objects.create(
            user=user, nip=f"19850312201001{1 + i % 2}{seq}", agency="BPKAD", consented_at=now
        )
    # ani, budi and dedi (no NIP) bought with the campaign; citra has a NIP but did not
    for user in (ani, budi, dedi):
        Redemption.objects.create(
            campaign=campaign,
            seller=SellerFactory(),
            checkout_id=user.pk,
            order_id=user.pk,
            customer=f"user:{user.pk}",
            user=user,
            status=Redemption.Status.REDEEMED,
            amount=1000,
            funded_by="GOVERNMENT",
        )
    # October: ani Rp 100.000 exactly (two orders: 60.000 + 40.000, shipping not counted)
    _paid(ani, _wita(date(2026, 10, 3)), 60_000)
    _paid(ani, _wita(date(2026, 10, 31), 23), 40_000)  # 31 Oct 23:00 WITA is October
    # November: ani Rp 99.999; budi Rp 200.000 (150.000 online + 50.000 at an outlet)
    _paid(ani, _wita(date(2026, 11, 1), 0), 99_999)
    _paid(budi, _wita(date(2026, 11, 5)), 150_000)
    _paid(budi, _wita(date(2026, 11, 6)), 50_000, channel=Order.Channel.OFFLINE)
    # not counted: cancelled, refunded in part (counts the rest), unpaid
    _paid(budi, _wita(date(2026, 10, 9)), 500_000, status=Order.Status.CANCELLED)
    _paid(budi, _wita(date(2026, 10, 10)), 90_000, refunded_amount=40_000)
    report = campaign_asn_report(campaign=campaign, now=now)
    assert (report.registered, report.participants, report.target) == (3, 2, 100_000)
    rows = [(m.label, m.zero, m.below_target, m.at_target, m.double_target) for m in report.months]
    assert rows == [("10/2026", 0, 1, 1, 0), ("11/2026", 0, 1, 0, 1)]
    # the staff page and the workbook show counts, never a NIP
    client.force_login(staff)
    page = client.get(f"/staf/kampanye/{campaign.slug}/").content.decode()
    assert "2 dari 3 ASN terdaftar" in page
    nips = [participant.nip for participant in AsnParticipant.objects.all()]
    assert not any(nip in page or nip[-4:] in page for nip in nips)
    workbook = client.get(f"/staf/kampanye/{campaign.slug}/laporan.xlsx")
    book = load_workbook(io.BytesIO(workbook.content))
    cells = [
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c
    ]
    assert not any("201001" in c for c in cells)
    assert cells[cells.index("ASN terdaftar") :][:4] == [
        "ASN terdaftar",
        "3",
        "ASN pembeli kampanye",
        "2",
    ]


def test_campaign_report_is_none_when_switched_off(db, settings):
    settings.ASN_PARTICIPATION_ENABLED = False
    assert campaign_asn_report(campaign=make_campaign()) is None


def test_graphql_stats_carry_asn_bands(gql, staff, asn_on):
    campaign = make_campaign(started=True)
    campaign.starts_at = timezone.now() - timedelta(minutes=1)
    campaign.save()
    gql.login(staff)
    query = """query($s: String!) { campaign(slug: $s) { stats { asn { registered participants
      target { amount } months { month zero belowTarget atTarget doubleTarget } } } } }"""
    asn = gql(query, {"s": campaign.slug})["data"]["campaign"]["stats"]["asn"]
    # one month, or two when the minute before crossed midnight WITA into a new month
    months = sorted(
        {
            timezone.localtime(campaign.starts_at).strftime("%Y-%m"),
            timezone.localdate().strftime("%Y-%m"),
        }
    )
    assert asn == {
        "registered": 0,
        "participants": 0,
        "target": {"amount": 100000},
        "months": [
            {"month": m, "zero": 0, "belowTarget": 0, "atTarget": 0, "doubleTarget": 0}
            for m in months
        ],
    }
