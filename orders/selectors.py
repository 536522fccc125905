"""Reads of checkouts, orders and payouts, always scoped to who asks."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import quote

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from catalog.legality import category_min_buyer_age
from sellers.models import Seller
from shop.access import Access

from .models import BuyerAddress, Checkout, Order, Payment, ShippingMethod, TransferProof
from .pricing import CheckoutPrices


def orders_visible_to(*, user) -> QuerySet[Order]:
    """Orders ``user`` may read (``Access.may_see_order`` in SQL): staff with
    MANAGE_ORDERS all; otherwise their own purchases and the orders of the lembaga
    they belong to or are the pendamping of."""
    qs = Order.objects.select_related("seller", "payment", "ship_regency")
    access = Access(user)
    if not access.authenticated:
        return qs.none()
    if access.may_manage_all_orders():
        return qs
    return qs.filter(Q(user=user) | Q(seller_id__in=access.own_seller_ids))


def orders_filter(
    qs: QuerySet[Order],
    *,
    seller_id: int | None = None,
    status: str | None = None,
    regency: str | None = None,
    created_gte: datetime | None = None,
    created_lte: datetime | None = None,
) -> QuerySet[Order]:
    if seller_id:
        qs = qs.filter(seller_id=seller_id)
    if status:
        qs = qs.filter(status=status)
    if regency:
        qs = qs.filter(ship_regency_id=regency)
    if created_gte:
        qs = qs.filter(created_at__gte=created_gte)
    if created_lte:
        qs = qs.filter(created_at__lte=created_lte)
    return qs


def orders_of_buyer(*, user) -> QuerySet[Order]:
    if not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(user=user).select_related("seller")


def orders_of_seller(*, seller) -> QuerySet[Order]:
    return Order.objects.filter(seller=seller).select_related("seller")


def order_get_by_number(*, user, number: str) -> Order | None:
    return orders_visible_to(user=user).filter(number=number).first()


def checkout_open_for_user(*, user) -> Checkout | None:
    if not user.is_authenticated:
        return None
    return (
        Checkout.objects.filter(user=user, completed_at__isnull=True)
        .order_by("-updated_at")
        .first()
    )


def checkout_open_by_token(*, token) -> Checkout | None:
    """The cart not yet placed whose (secret) token a visitor's session holds."""
    if not token:
        return None
    return Checkout.objects.filter(token=token, completed_at__isnull=True).first()


def checkout_by_token(*, token) -> Checkout | None:
    return Checkout.objects.filter(token=token).first()


def checkout_completed_by_token(*, token) -> Checkout | None:
    return Checkout.objects.filter(token=token, completed_at__isnull=False).first()


def checkout_orders(*, checkout: Checkout) -> QuerySet[Order]:
    """The orders a checkout became, with what their confirmation page shows."""
    return checkout.orders.select_related(
        "seller__village__district__regency",
        "payment",
        "shipping_method__outlet",
        "ship_village__district__regency",
    ).prefetch_related("lines")


def checkout_card_payment_pending(*, checkout: Checkout | None) -> Payment | None:
    """The card payment the buyer still has to confirm on the card page, if any."""
    if checkout is None:
        return None
    return (
        checkout.payments.filter(gateway=Payment.Gateway.STRIPE, status=Payment.Status.PENDING)
        .order_by("-pk")
        .first()
    )


def checkout_needs_age_confirmation(*, prices: CheckoutPrices) -> bool:
    """Whether a line of the cart is sold only to buyers of a minimum age."""
    return any(
        category_min_buyer_age(lp.variant.product.category) for p in prices.parts for lp in p.lines
    )


# What a lembaga must do next: accept or ship a paid order, or ship a COD order (paid on
# delivery). The portal's "perlu diproses" view and the dashboard count these.
NEEDS_ACTION = Q(status__in=(Order.Status.PAID, Order.Status.PROCESSING)) | Q(
    status=Order.Status.UNPAID, payment__gateway=Payment.Gateway.COD
)
NEEDS_ACTION_FILTER = "perlu-diproses"


def orders_of_sellers(*, sellers: Iterable[Seller], status: str = "") -> QuerySet[Order]:
    """The orders of these lembaga, newest first, optionally of one status.

    ``status="perlu-diproses"`` (``NEEDS_ACTION_FILTER``) keeps the orders the lembaga
    must act on, oldest first, so the one waiting longest is on top.
    """
    qs = Order.objects.filter(seller__in=list(sellers)).select_related("seller", "payment")
    if status == NEEDS_ACTION_FILTER:
        return qs.filter(NEEDS_ACTION).order_by("created_at", "pk")
    return qs.filter(status=status) if status else qs


@dataclass(frozen=True)
class SalesDashboard:
    """A lembaga portal's order figures: this month in WITA, the last 12 months, the to-do."""

    month_start: date
    month_sales: int
    month_orders: int
    needs_action: int
    monthly: list[tuple[date, int]]


def sellers_sales_dashboard(*, sellers: Iterable[Seller], today: date) -> SalesDashboard:
    """Sales of these lembaga by the WITA month an order was paid, in exact rupiah.

    Sales are what buyers paid (goods and shipping after discounts) minus what was
    refunded, for orders counted in payouts (``PAYOUT_STATUSES``): a cancelled
    unpaid order never counts, a refunded one counts for what it kept. The months
    are calendar months in ``TIME_ZONE`` (WITA), so an order paid at 00:30 WITA on
    the 1st belongs to the new month although it is still the old one in UTC.
    """
    ids = [s.pk for s in sellers]
    first = today.replace(day=1)
    months = [first]
    for _ in range(11):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    months.reverse()
    start, _end = month_bounds(months[0])
    _start, end = month_bounds(first)
    rows = (
        Order.objects.filter(
            seller_id__in=ids, paid_at__gte=start, paid_at__lt=end, status__in=PAYOUT_STATUSES
        )
        .annotate(month=TruncMonth("paid_at"))
        .values("month")
        .annotate(sales=Sum(F("total") - F("refunded_amount")), orders=Count("pk"))
    )
    by_month = {r["month"].date(): (r["sales"], r["orders"]) for r in rows}
    return SalesDashboard(
        month_start=first,
        month_sales=by_month.get(first, (0, 0))[0],
        month_orders=by_month.get(first, (0, 0))[1],
        needs_action=Order.objects.filter(NEEDS_ACTION, seller_id__in=ids).count(),
        monthly=[(m, by_month.get(m, (0, 0))[0]) for m in months],
    )


def order_for_fulfilment(*, number: str) -> Order | None:
    """The order with this number and what its seller page shows; the caller checks access."""
    return (
        Order.objects.select_related("seller", "payment", "shipping_method")
        .filter(number=number)
        .first()
    )


def shipping_methods_of_seller(*, seller) -> QuerySet[ShippingMethod]:
    return ShippingMethod.objects.filter(seller=seller, is_active=True)


def shipping_methods_of_sellers(*, sellers: Iterable[Seller]) -> QuerySet[ShippingMethod]:
    """Every method (active or not) of these lembaga, for their shipping page."""
    return ShippingMethod.objects.filter(seller__in=list(sellers)).select_related(
        "seller", "outlet"
    )


def shipping_method_of_seller(*, seller: Seller, pk) -> ShippingMethod | None:
    """One of the lembaga's own methods (None for another lembaga's or a bad id)."""
    if not str(pk).isdigit():
        return None
    return ShippingMethod.objects.filter(seller=seller, pk=pk).first()


PAYOUT_STATUSES = (
    Order.Status.PAID,
    Order.Status.PROCESSING,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.COMPLETED,
    Order.Status.REFUNDED,
)


@dataclass
class PayoutReport:
    orders: int
    gross: int
    commission: int
    refunded: int
    payout: int
    government: int = 0  # campaign discounts the province owes the lembaga (inside payout)
    held: int = 0  # disputed by open complaints (orders.complaints): kept out of payout


def _commission_kept(commission: int, goods: int, refunded: int) -> int:
    """The commission on the goods that were not refunded (refunds count against goods first)."""
    if goods <= 0:
        return 0
    kept_goods = max(0, goods - refunded)
    return (commission * kept_goods * 2 + goods) // (goods * 2)  # rounded half up


def month_bounds(day: date) -> tuple[datetime, datetime]:
    """The first instant of ``day``'s month and of the next month, in local time."""
    first = day.replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(first, time.min)),
        timezone.make_aware(datetime.combine(following, time.min)),
    )


def sellers_payouts_of_month(
    *, sellers: Iterable[Seller], day: date
) -> list[tuple[Seller, PayoutReport]]:
    """Each lembaga's payouts for orders paid in ``day``'s month."""
    start, end = month_bounds(day)
    return [(s, seller_payouts(seller=s, start=start, end=end)) for s in sellers]


def seller_payouts(*, seller, start: datetime, end: datetime) -> PayoutReport:
    """What a lembaga earned from orders paid in [start, end): gross, commission, refunds, payout.

    The platform's commission is charged only on goods the buyer kept: a refund
    is counted against the order's goods (subtotal after discount) first, then
    its shipping, and the commission shrinks in proportion (a refund of a fifth
    of the goods takes a fifth of the commission back; a full refund leaves no
    commission). A government-funded campaign discount is paid to the lembaga
    by the province (``government``) unless the order was refunded in full;
    the commission was taken on the price before it. Payout = gross +
    government - commission - refunded, never below 0 per order. The amount
    an open complaint disputes (``held``) is held back until it is settled.
    """
    rows = (
        Order.objects.filter(
            seller=seller, paid_at__gte=start, paid_at__lt=end, status__in=PAYOUT_STATUSES
        )
        .annotate(held=Sum("complaints__amount", filter=Q(complaints__is_open=True)))
        .values_list(
            "total",
            "subtotal",
            "discount_total",
            "discount_government",
            "commission_amount",
            "refunded_amount",
            "held",
        )
    )
    report = PayoutReport(orders=0, gross=0, commission=0, refunded=0, payout=0)
    for total, subtotal, discount, government, commission, refunded, disputed in rows:
        one = _payout_of(total, subtotal, discount, government, commission, refunded, disputed)
        report.orders += 1
        report.gross += total
        report.commission += one.commission
        report.refunded += refunded
        report.government += one.government
        report.held += one.held
        report.payout += one.payout
    return report


def _payout_of(
    total: int,
    subtotal: int,
    discount: int,
    government: int,
    commission: int,
    refunded: int,
    disputed: int | None,
) -> PayoutReport:
    """One order's share of ``seller_payouts`` (the rule is written there)."""
    kept = _commission_kept(commission, max(0, subtotal - discount), refunded)
    owed = government if refunded < total else 0
    due = max(0, total + owed - kept - refunded)
    held = min(due, disputed or 0)
    return PayoutReport(
        orders=1,
        gross=total,
        commission=kept,
        refunded=refunded,
        payout=due - held,
        government=owed,
        held=held,
    )


def order_payout(*, order: Order) -> PayoutReport:
    """What the lembaga receives for this one order now, by the rule of
    ``seller_payouts``: the portal's order page must agree with the payout report
    after a refund (the ``seller_payout`` stored at checkout does not know of it)."""
    disputed = order.complaints.filter(is_open=True).aggregate(held=Sum("amount"))["held"]
    return _payout_of(
        order.total,
        order.subtotal,
        order.discount_total,
        order.discount_government,
        order.commission_amount,
        order.refunded_amount,
        disputed,
    )


@dataclass(frozen=True)
class BankTransfer:
    """One transfer the buyer must make: into which account(s), how much, with which reference."""

    accounts: list[dict]
    amount: int
    reference: str
    deadline: datetime | None
    orders: list[Order]


def bank_transfer_instructions(*, orders: list[Order]) -> list[BankTransfer]:
    """The transfers a buyer owes for unpaid bank-transfer orders of one checkout.

    Paid to the platform (the default): one transfer of the payment's exact
    amount into the accounts of ``BANK_TRANSFER_ACCOUNTS``, referenced by the
    payment. With ``BANK_TRANSFER_TO_LEMBAGA`` each lembaga is paid directly:
    one transfer per order into the lembaga's own account, referenced by the
    order number. Staff (or the lembaga) match the reference when confirming.
    """
    unpaid = [
        o
        for o in orders
        if o.payment.gateway == Payment.Gateway.BANK_TRANSFER and o.status == Order.Status.UNPAID
    ]
    if not unpaid:
        return []
    deadlines = [o.expires_at for o in unpaid if o.expires_at]
    if settings.BANK_TRANSFER_TO_LEMBAGA:
        return [
            BankTransfer(
                accounts=[
                    {
                        "bank": o.seller.bank_name,
                        "number": o.seller.bank_account_number,
                        "holder": o.seller.bank_account_holder,
                    }
                ]
                if bank_transfer_to_lembaga(order=o)
                else list(settings.BANK_TRANSFER_ACCOUNTS),
                amount=o.total,
                reference=o.number,
                deadline=o.expires_at,
                orders=[o],
            )
            for o in unpaid
        ]
    payment = unpaid[0].payment
    return [
        BankTransfer(
            accounts=list(settings.BANK_TRANSFER_ACCOUNTS),
            amount=payment.amount,
            reference=payment_reference(payment),
            deadline=min(deadlines) if deadlines else None,
            orders=unpaid,
        )
    ]


def bank_transfer_to_lembaga(*, order: Order) -> bool:
    """Whether the buyer pays this order into the lembaga's own account (else the platform's).

    With ``BANK_TRANSFER_TO_LEMBAGA``, a lembaga that registered an account; whoever
    holds the account sees the money arrive and confirms it.
    """
    return settings.BANK_TRANSFER_TO_LEMBAGA and bool(order.seller.bank_account_number)


def payment_reference(payment: Payment) -> str:
    """The code a buyer writes in the transfer's message: unique per payment, short to type."""
    return f"OVOP-{payment.pk:06d}"


SPENDING_STATUSES = (
    Order.Status.PAID,
    Order.Status.PROCESSING,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.COMPLETED,
)


def buyer_monthly_spend(
    *, user_ids: Iterable[int], since: datetime, until: datetime
) -> dict[tuple[int, date], int]:
    """(buyer, first day of the month in WITA) -> rupiah paid for goods, for the ASN report.

    Every paid order counts, online and offline alike: goods after discounts
    and refunds, shipping left out. An outlet sale counts once its order names
    the buyer (POS receipts name none today). Registered by ``OrdersConfig.ready``
    with ``promotions.asn``, which sits below orders.
    """
    rows = (
        Order.objects.filter(
            user_id__in=list(user_ids),
            status__in=SPENDING_STATUSES,
            paid_at__gte=since,
            paid_at__lte=until,
        )
        .annotate(month=TruncMonth("paid_at"))
        .values("user_id", "month")
        .annotate(spent=Sum(F("total") - F("shipping_total") - F("refunded_amount")))
        .values_list("user_id", "month", "spent")
    )
    spend: dict[tuple[int, date], int] = {}
    for user_id, month, spent in rows:
        key = (user_id, timezone.localtime(month).date())
        spend[key] = spend.get(key, 0) + max(0, spent or 0)
    return spend


def buyer_addresses(*, user) -> QuerySet[BuyerAddress]:
    """The signed-in buyer's saved addresses, the default first (none for a guest)."""
    if not getattr(user, "is_authenticated", False):
        return BuyerAddress.objects.none()
    return BuyerAddress.objects.filter(user=user).select_related("village__district__regency")


def buyer_address_get(*, user, pk) -> BuyerAddress | None:
    """One of the buyer's own addresses; another person's id is simply not found."""
    if not str(pk).isdigit():
        return None
    return buyer_addresses(user=user).filter(pk=int(pk)).first()


def buyer_address_default(*, user) -> BuyerAddress | None:
    """The address a new checkout starts from."""
    return buyer_addresses(user=user).filter(is_default=True).first()


def transfer_proofs_of_payment(*, payment: Payment) -> QuerySet[TransferProof]:
    """The transfer receipts a buyer uploaded for a payment, newest first."""
    return payment.transfer_proofs.all()


def transfer_proof_for(*, user, pk) -> TransferProof | None:
    """A transfer receipt, if ``user`` may see it (``Access.may_see_transfer_proof``)."""
    proof = TransferProof.objects.select_related("payment").filter(pk=pk).first()
    if proof is None or user is None:
        return None
    orders = list(proof.payment.orders.all())
    return proof if Access(user).may_see_transfer_proof(proof, orders) else None


# Courier (a word of the shipping method's name, lower case) -> its tracking page.
# cekresi.com answers for every Indonesian courier from one URL; a deployment may
# point a courier at its own page with the setting COURIER_TRACKING_URLS.
DEFAULT_COURIER_TRACKING_URLS = dict.fromkeys(
    (
        "jne",
        "j&t",
        "jnt",
        "pos",
        "sicepat",
        "anteraja",
        "ninja",
        "tiki",
        "lion",
        "wahana",
        "idexpress",
        "sap",
    ),
    "https://cekresi.com/?noresi={number}",
)


def tracking_url(*, order: Order) -> str:
    """Where the buyer follows the parcel: the known courier's tracking page for the
    order's tracking number ("" when no number or the courier is not known)."""
    number = (order.tracking_number or "").strip()
    if not number:
        return ""
    urls = getattr(settings, "COURIER_TRACKING_URLS", None) or DEFAULT_COURIER_TRACKING_URLS
    words = order.shipping_method_name.lower().replace("(", " ").replace(")", " ").split()
    for courier, template in urls.items():
        if courier in words:
            return template.format(number=quote(number, safe=""))
    return ""
