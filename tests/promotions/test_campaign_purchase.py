"""The issue's walk: staff create a tenun campaign for two kabupaten, a buyer sees the price
everywhere, buys from two lembaga with a voucher; stats, budget and payouts add up; a
cancellation gives the budget and the voucher use back."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from graphql_relay import to_global_id

from orders.models import Order
from orders.selectors import seller_payouts
from orders.services.orders import order_cancel, order_refund
from promotions.models import Campaign, Redemption, Voucher
from tests.graphql import gid
from tests.shopping import checkout_ready, complete, pay

CREATE = """mutation($input: CampaignCreateInput!) { campaignCreate(input: $input) {
  campaign { id slug status } errors { field code message } } }"""
APPLY = """mutation($t: String!, $c: String!) { checkoutVoucherApply(token: $t, code: $c) {
  checkout { voucherCode discountTotal { amount } lines { discount { amount } campaign { name } } }
  errors { field code } } }"""


def _create(gql, **fields):
    now = timezone.now()
    data = {
        "startsAt": (now - timedelta(minutes=5)).isoformat(),
        "endsAt": (now + timedelta(days=14)).isoformat(),
        "fundedBy": "GOVERNMENT",
        **fields,
    }
    result = gql(CREATE, {"input": data})["data"]["campaignCreate"]
    assert result["errors"] == [], result
    return result["campaign"]


def test_tenun_campaign_and_voucher_from_list_to_payout(gql, world, staff, make_user):
    tenun_category = to_global_id("Category", world.tenun.product.category_id)
    gql.login(staff)
    campaign = _create(
        gql,
        name="Beli Produk NTT: Tenun",
        discountType="PERCENTAGE",
        value=15,
        scope={"categories": [tenun_category], "regencies": ["53.07", "53.04"]},
        budget=1_000_000,
        fundingReference="APBD 2026 DPA 2.07",
    )
    voucher_campaign = _create(
        gql,
        name="Voucher Hari Tenun",
        discountType="FIXED",
        value=20_000,
        appliesTo="ORDER",
        minSubtotal=100_000,
        voucherOnly=True,
        budget=500_000,
    )
    generated = gql(
        """mutation($c: ID!) { vouchersGenerate(campaign: $c, count: 3, usageLimit: 1) {
             codes errors { code } } }""",
        {"c": voucher_campaign["id"]},
    )["data"]["vouchersGenerate"]
    assert generated["errors"] == []
    assert len(set(generated["codes"])) == 3
    code = generated["codes"][0]
    assert len(code) == 10
    assert not set(code) & set("0O1IL2Z5S8B")

    # The buyer sees Rp 382.500 for the tenun, in the list and by the campaign filter.
    buyer = make_user(email="maria@contoh.id")
    gql.login(buyer)
    listed = gql(
        """query($c: ID) { products(filter: {campaign: $c}) { totalCount edges { node { name
             pricing { priceRange { start { amount } } discounted { amount } } } } } }""",
        {"c": campaign["id"]},
    )["data"]["products"]
    assert listed["totalCount"] == 1
    assert listed["edges"][0]["node"]["pricing"] == {
        "priceRange": {"start": {"amount": 450_000}},
        "discounted": {"amount": 382_500},
    }
    kopi = gql(
        "query($s: String) { product(slug: $s) { pricing { discounted { amount } } } }",
        {"s": world.kopi.product.slug},
    )["data"]["product"]
    assert kopi["pricing"]["discounted"] is None
    page = gql(
        """query($s: String!) { campaign(slug: $s) { name status products(first: 10) {
             edges { node { name } } } stats { orders } } }""",
        {"s": campaign["slug"]},
    )["data"]["campaign"]
    assert page["products"]["edges"] == [{"node": {"name": "Sarung tenun ikat Sikka"}}]
    assert page["stats"] is None  # a buyer does not see the report

    # Two lembaga, one voucher (case-insensitive), applied once.
    token = checkout_ready(gql, world)
    applied = gql(APPLY, {"t": token, "c": f"  {code.lower()} "})["data"]["checkoutVoucherApply"]
    assert applied["errors"] == []
    # 15% of 450.000 = 67.500; voucher 20.000 split 382.500 : 130.000 -> 14.927 + 5.073.
    assert applied["checkout"]["discountTotal"] == {"amount": 87_500}
    assert applied["checkout"]["voucherCode"] == code
    assert applied["checkout"]["lines"] == [
        {"discount": {"amount": 82_427}, "campaign": {"name": "Beli Produk NTT: Tenun"}},
        {"discount": {"amount": 5_073}, "campaign": None},
    ]
    again = gql(APPLY, {"t": token, "c": code})["data"]["checkoutVoucherApply"]
    assert again["errors"] == [{"field": "code", "code": "VOUCHER_ALREADY_APPLIED"}]
    unknown = gql(APPLY, {"t": token, "c": "NTT2026"})["data"]["checkoutVoucherApply"]
    assert unknown["errors"] == [{"field": "code", "code": "VOUCHER_NOT_FOUND"}]

    assert pay(gql, token)["errors"] == []
    placed = complete(gql, token)
    assert placed["errors"] == []
    sikka = Order.objects.get(seller=world.sikka)
    belu = Order.objects.get(seller=world.belu)
    assert (sikka.subtotal, sikka.discount_total, sikka.discount_government) == (
        450_000,
        82_427,
        82_427,
    )
    assert (belu.subtotal, belu.discount_total, belu.discount_government) == (130_000, 5_073, 5_073)
    # Commission on the price before the government discount; the lembaga is paid it whole.
    assert sikka.commission_amount == 22_500
    assert sikka.seller_payout == sikka.total + 82_427 - 22_500
    assert sikka.seller_payout == 450_000 + sikka.shipping_total - 22_500
    tenun_line = sikka.lines.get()
    assert (tenun_line.discount, tenun_line.discount_government) == (82_427, 82_427)
    assert tenun_line.campaign.slug == campaign["slug"]
    assert tenun_line.voucher.code == code

    day = timezone.now() - timedelta(days=1)
    report = seller_payouts(seller=world.sikka, start=day, end=day + timedelta(days=2))
    assert (report.government, report.payout) == (82_427, sikka.seller_payout)

    # Staff read the report; the budget left is exact.
    gql.login(staff)
    stats = gql(
        """query($s: String!) { campaign(slug: $s) { budgetLeft { amount }
             stats { orders gmv { amount } discountTotal { amount } units } } }""",
        {"s": campaign["slug"]},
    )["data"]["campaign"]
    assert stats == {
        "budgetLeft": {"amount": 1_000_000 - 67_500},
        "stats": {
            "orders": 1,
            "gmv": {"amount": 450_000},
            "discountTotal": {"amount": 67_500},
            "units": 1,
        },
    }
    voucher = Voucher.objects.get(code=code)
    assert voucher.uses == 1

    # The used-up voucher refuses another buyer.
    gql.login(make_user(email="yohana@contoh.id"))
    other = checkout_ready(gql, world)
    used = gql(APPLY, {"t": other, "c": code})["data"]["checkoutVoucherApply"]
    assert used["errors"] == [{"field": "code", "code": "VOUCHER_USED_UP"}]

    # Cancelling one order gives its discounts back; the voucher use goes back with the last.
    order_cancel(order=sikka, actor=world.sikka_member)
    assert Campaign.objects.get(slug=campaign["slug"]).budget_spent == 0
    assert Campaign.objects.get(pk=voucher.campaign_id).budget_spent == 5_073
    assert Voucher.objects.get(pk=voucher.pk).uses == 1
    order_refund(order=belu, actor=world.belu_member)
    assert Campaign.objects.get(pk=voucher.campaign_id).budget_spent == 0
    assert Voucher.objects.get(pk=voucher.pk).uses == 0
    assert set(Redemption.objects.values_list("status", flat=True)) == {"RELEASED"}
    assert Decimal(sikka.commission_percent) == Decimal("5.00")


def test_voucher_for_a_campaign_covering_nothing_in_the_cart(gql, world, staff):
    gql.login(staff)
    only_kopi = _create(
        gql,
        name="Kopi",
        discountType="PERCENTAGE",
        value=10,
        voucherOnly=True,
        scope={"products": [to_global_id("Product", world.kopi.product_id)]},
    )
    assert only_kopi["status"] == "ACTIVE"
    [code] = gql(
        """mutation($c: ID!) { vouchersGenerate(campaign: $c, count: 1) { codes } }""",
        {"c": only_kopi["id"]},
    )["data"]["vouchersGenerate"]["codes"]
    gql.logout()
    token = checkout_ready(gql, world, lines=[{"variant": gid(world.tenun), "quantity": 1}])
    result = gql(APPLY, {"t": token, "c": code})["data"]["checkoutVoucherApply"]
    assert result["errors"] == [{"field": "code", "code": "VOUCHER_NOT_APPLICABLE"}]
