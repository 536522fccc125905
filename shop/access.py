"""Who may do what: the marketplace's one access policy.

Views, GraphQL resolvers and services ask ``Access(user)`` instead of
checking permissions, memberships or pendamping assignments themselves, so a
rule and the staff permission that overrides it are written once:

=====================================  ===========================================
Question                               Who (staff permission in brackets)
=====================================  ===========================================
may_manage_seller (full_rights)        member of the lembaga (pengurus only with
                                       ``full_rights``), its assigned pendamping,
                                       superuser [none]
may_review_regency / may_review_seller [REVIEW_SELLERS] every kabupaten;
                                       [REVIEW_SELLERS_OWN_REGENCY] the officer's own
may_see_seller_private (document)      may manage it or may review it
may_see_seller                         everyone when ACTIVE, else as private
may_preview_catalog_of                 may manage the lembaga [REVIEW_CERTIFICATES]
may_see_product                        everyone when published by an ACTIVE lembaga,
                                       else may_preview_catalog_of
may_manage_orders_of / may_manage_order  may manage the lembaga (pengurus for
                                       ``full_rights``) [MANAGE_ORDERS]
may_see_order                          its buyer, or may_manage_order (its invoice too)
may_open_complaint                     the order's buyer
may_answer_complaint                   the lembaga's pengurus (the answer may refund)
may_decide_complaints                  [MANAGE_ORDERS] programme staff
may_see_complaint                      its buyer, may_answer_complaint,
                                       may_decide_complaints
may_moderate_reviews                   [MANAGE_ORDERS] hide a review with a reason
may_see_certificate_document           may see the lembaga's private data
                                       [REVIEW_CERTIFICATES]
may_review_certificates                [REVIEW_CERTIFICATES]
may_manage_catalog_rules               [MANAGE_CATALOG_RULES]
may_see_user                           the account's owner, superusers [none]
may_manage_outlets                     [MANAGE_STOCK_LOCATIONS] (Disperindag)
may_operate_outlet                     its linked operators [OPERATE_OUTLET], outlet
                                       managers [MANAGE_STOCK_LOCATIONS]
may_sync_stock_of (scope)              SELLER location: may_manage_seller; outlet: its
                                       POS token with ``scope``, or may_operate_outlet
programme_regencies /                  [VIEW_PROGRAMME_REPORTS] the province;
may_see_programme_regency              [VIEW_PROGRAMME_REPORTS_OWN_REGENCY] the officer's
                                       own kabupaten
may_see_seller_figures                 may manage the lembaga, or sees its kabupaten
may_manage_programme_reports           [MANAGE_PROGRAMME_REPORTS] generate, submit
may_review_programme_reports           [REVIEW_PROGRAMME_REPORTS] the Tim Ahli
may_record_interventions               [RECORD_INTERVENTIONS]
may_vet_grants                         [VET_GRANTS] Tim Verifikasi dan Evaluasi
may_manage_campaigns                   [MANAGE_CAMPAIGNS]
may_see_campaign_report                [MANAGE_CAMPAIGNS] [VIEW_PROGRAMME_REPORTS]
may_opt_in_campaign                    may manage the lembaga (``full_rights``)
may_see_seller_private (OPD, Sekber)   [VIEW_ASSISTED_SELLERS] the lembaga of the
                                       officer's OPD interventions (read only);
                                       [VIEW_PROGRAMME_RECORDS] every lembaga (read only)
may_propose_ovop_product               may manage the lembaga (member or pendamping)
may_designate_ovop_products            [DESIGNATE_OVOP_PRODUCTS] (Dinas PMD)
may_see_ovop_assessment_of             may manage the lembaga [DESIGNATE_OVOP_PRODUCTS,
                                       VIEW_PROGRAMME_RECORDS]
=====================================  ===========================================

This module is shop's low layer: it knows sellers, products and orders only
by ids, attributes (``obj.seller_id``) and the user's reverse relations
(``user.seller_memberships``, ``user.pendamping_for``,
``user.officer_regencies``, ``user.outlet_links``, ``user.api_token``). An ``Access`` loads each fact with one query the
first time a question needs it and keeps it: make a new one per check in
services (facts change inside a transaction), and one per request for lists
(``request_access``) so a list costs the same for 1 row or 100.
"""

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .permissions import Perm

# Values of sellers' ``SellerMember.Role.PENGURUS`` and ``Seller.Status.ACTIVE``:
# the sellers app sits above this module, which may not import it.
PENGURUS = "PENGURUS"
SELLER_ACTIVE = "ACTIVE"


def product_is_public(product) -> bool:
    """Published by an ACTIVE lembaga (``catalog.selectors.products_visible`` in SQL)."""
    return bool(product.is_published) and product.seller.status == SELLER_ACTIVE


class Access:
    """The answers of the access policy for one user (anonymous included)."""

    def __init__(self, user):
        self.user = user
        self.authenticated = bool(user is not None and user.is_authenticated)
        self.superuser = self.authenticated and bool(user.is_superuser)

    def has(self, perm: Perm) -> bool:
        """Holds a staff permission (superusers hold all)."""
        return self.authenticated and self.user.has_perm(perm.full)

    def may_see_user(self, public_id) -> bool:
        """An account (known by its public id) is seen by its owner and by superusers."""
        return self.authenticated and (self.superuser or str(self.user.public_id) == str(public_id))

    # -------------------------------------------------------------- facts

    @cached_property
    def member_roles(self) -> dict[int, str]:
        """Seller id -> PENGURUS or STAFF for each lembaga the user is a member of."""
        if not self.authenticated:
            return {}
        return dict(self.user.seller_memberships.values_list("seller_id", "role"))

    @cached_property
    def pendamping_of(self) -> frozenset[int]:
        """Ids of the lembaga the user is the assigned pendamping of."""
        if not self.authenticated:
            return frozenset()
        return frozenset(self.user.pendamping_for.values_list("seller_id", flat=True))

    @cached_property
    def own_seller_ids(self) -> frozenset[int]:
        """Lembaga the user belongs to or is the pendamping of (their portal's sellers)."""
        return frozenset(self.member_roles) | self.pendamping_of

    @cached_property
    def assisted_seller_ids(self) -> frozenset[int]:
        """Lembaga an OPD officer's interventions assist (Pergub VI): read access only."""
        if not self.has(Perm.VIEW_ASSISTED_SELLERS):
            return frozenset()
        return frozenset(self.user.opd_assignments.values_list("seller_id", flat=True))

    @cached_property
    def reviewed_regencies(self) -> frozenset[str] | None:
        """Kabupaten codes whose lembaga the user reviews; None for every kabupaten."""
        if self.has(Perm.REVIEW_SELLERS):
            return None
        if not self.has(Perm.REVIEW_SELLERS_OWN_REGENCY):
            return frozenset()
        return frozenset(self.user.officer_regencies.values_list("regency_id", flat=True))

    # ------------------------------------------------------------ sellers

    def may_manage_seller(self, seller, *, full_rights: bool = False) -> bool:
        """Act for the lembaga: staff members list products and handle orders; pengurus,
        the assigned pendamping and superusers may do everything (``full_rights``)."""
        return self.may_manage_seller_id(seller.pk, full_rights=full_rights)

    def may_manage_seller_id(self, seller_id: int, *, full_rights: bool = False) -> bool:
        """``may_manage_seller`` for a lembaga known by its id only."""
        if not self.authenticated:
            return False
        if self.superuser or seller_id in self.pendamping_of:
            return True
        role = self.member_roles.get(seller_id)
        return role == PENGURUS if full_rights else role is not None

    def is_seller_reviewer(self) -> bool:
        """Reviews lembaga at all (programme staff or a kabupaten officer)."""
        return self.has(Perm.REVIEW_SELLERS) or self.has(Perm.REVIEW_SELLERS_OWN_REGENCY)

    def may_review_regency(self, regency_code: str) -> bool:
        """Programme staff review every kabupaten; a kabupaten officer only their own."""
        regencies = self.reviewed_regencies
        return regencies is None or regency_code in regencies

    def may_review_seller(self, seller) -> bool:
        return self.may_review_regency(seller.regency_code)

    def may_see_seller(self, seller) -> bool:
        """ACTIVE lembaga are public; others only for their managers and reviewers."""
        return seller.status == SELLER_ACTIVE or self.may_see_seller_private(seller)

    def may_see_seller_private(self, seller) -> bool:
        """Contact, bank account, documents, members, audit log: managers and reviewers; to
        read, the OPD assisting it and the Sekretariat Bersama."""
        return (
            self.may_manage_seller(seller)
            or self.may_review_seller(seller)
            or seller.pk in self.assisted_seller_ids
            or self.has(Perm.VIEW_PROGRAMME_RECORDS)
        )

    def may_see_seller_document(self, document) -> bool:
        return self.may_see_seller_private(document.seller)

    # ------------------------------------------------------------ catalog

    def may_preview_catalog_of(self, seller) -> bool:
        """See the lembaga's drafts, withdrawn products and pending certificates."""
        return self.has(Perm.REVIEW_CERTIFICATES) or self.may_manage_seller_id(seller.pk)

    def may_see_certificate_document(self, certificate) -> bool:
        """A certificate's scan is never public: the lembaga's managers and reviewers, and
        the certificate reviewers."""
        owner = certificate.seller if certificate.product_id is None else certificate.product.seller
        return self.has(Perm.REVIEW_CERTIFICATES) or self.may_see_seller_private(owner)

    def may_see_all_products(self) -> bool:
        return self.has(Perm.REVIEW_CERTIFICATES) or self.superuser

    def may_see_product(self, product) -> bool:
        return product_is_public(product) or self.may_preview_catalog_of(product.seller)

    def may_review_certificates(self) -> bool:
        return self.has(Perm.REVIEW_CERTIFICATES)

    def may_manage_catalog_rules(self) -> bool:
        return self.has(Perm.MANAGE_CATALOG_RULES)

    # ------------------------------------------------------------ outlets

    @cached_property
    def service_client(self) -> tuple[int, frozenset[str]] | None:
        """(outlet id, scopes) when the user is a POS client's token; None for people."""
        token = getattr(self.user, "api_token", None) if self.authenticated else None
        return None if token is None else (token.location_id, frozenset(token.scopes))

    @property
    def signed_in_person(self) -> bool:
        """Signed in as a person, not as a POS client's token: what a person's own
        records (address book, wishlist, ASN record) ask."""
        return self.authenticated and self.service_client is None

    @cached_property
    def operated_outlets(self) -> frozenset[int]:
        """Outlets (stock location ids) the user runs as a linked operator."""
        if not self.has(Perm.OPERATE_OUTLET):
            return frozenset()
        return frozenset(self.user.outlet_links.values_list("location_id", flat=True))

    def may_manage_outlets(self) -> bool:
        """Open outlets, set their assortment, issue and revoke POS tokens (Disperindag)."""
        return self.service_client is None and self.has(Perm.MANAGE_STOCK_LOCATIONS)

    def may_operate_outlet(self, location_id: int) -> bool:
        """Run an outlet by hand: its stock counts, goods received and sales."""
        return self.may_manage_outlets() or location_id in self.operated_outlets

    def may_sync_stock_of(self, location, *, scope: str = "stock") -> bool:
        """Change the stock of a location: a lembaga's own by its managers; an outlet's by
        its POS token holding ``scope`` ("stock" or "sales") or by its operators."""
        client = self.service_client
        if client is not None:
            return client[0] == location.pk and scope in client[1]
        if location.seller_id is not None:
            return self.may_manage_seller_id(location.seller_id)
        return self.may_operate_outlet(location.pk)

    # ------------------------------------------------ OVOP designation (II.3)

    def may_propose_ovop_product(self, product) -> bool:
        """The lembaga (any member) or its pendamping proposes its product as a candidate."""
        return self.may_manage_seller_id(product.seller_id)

    def may_designate_ovop_products(self) -> bool:
        """Only the province's programme staff (Dinas PMD) designate: never the lembaga."""
        return self.has(Perm.DESIGNATE_OVOP_PRODUCTS)

    def may_see_ovop_assessment_of(self, seller_id: int) -> bool:
        """The stage, criteria and reasons: the lembaga, the assessors, the Sekretariat."""
        return (
            self.may_manage_seller_id(seller_id)
            or self.may_designate_ovop_products()
            or self.has(Perm.VIEW_PROGRAMME_RECORDS)
        )

    # ------------------------------------------------------------- orders

    def may_manage_all_orders(self) -> bool:
        return self.has(Perm.MANAGE_ORDERS)

    def may_manage_orders_of(self, seller, *, full_rights: bool = False) -> bool:
        """Handle the lembaga's orders and shipping (``full_rights``: refunds, tariffs)."""
        return self.may_manage_all_orders() or self.may_manage_seller_id(
            seller.pk, full_rights=full_rights
        )

    def may_manage_order(self, order, *, full_rights: bool = False) -> bool:
        return self.may_manage_all_orders() or self.may_manage_seller_id(
            order.seller_id, full_rights=full_rights
        )

    # --------------------------------------------------------- promotions

    def may_manage_campaigns(self) -> bool:
        """Create, edit, pause campaigns and generate their vouchers (campaign staff)."""
        return self.has(Perm.MANAGE_CAMPAIGNS)

    def may_see_campaign_report(self) -> bool:
        """What a campaign sold and cost: campaign staff and programme reporters."""
        return self.has(Perm.MANAGE_CAMPAIGNS) or self.has(Perm.VIEW_PROGRAMME_REPORTS)

    def may_opt_in_campaign(self, seller) -> bool:
        """Join or leave a seller-funded campaign: it costs the lembaga money (pengurus)."""
        return self.may_manage_seller_id(seller.pk, full_rights=True)

    def may_keep_buyer_lists(self) -> bool:
        """Keep one's own address book and wishlist: any signed-in person."""
        return self.signed_in_person

    def may_keep_asn_profile(self) -> bool:
        """Record or delete one's own NIP: any signed-in person."""
        return self.signed_in_person

    def may_see_nip_of(self, participant) -> bool:
        """A NIP whole: only its owner (UU 27/2022); everyone else sees it masked."""
        return self.authenticated and participant.user_id == self.user.pk

    def is_buyer_of(self, order) -> bool:
        return self.authenticated and order.user_id == self.user.pk

    def may_see_order(self, order) -> bool:
        return self.is_buyer_of(order) or self.may_manage_order(order)

    # ---------------------------------------------------------- complaints

    def may_open_complaint(self, order) -> bool:
        return self.is_buyer_of(order)

    def may_answer_complaint(self, complaint) -> bool:
        """Answer for the lembaga: its pengurus only, since accepting may refund money."""
        return self.may_manage_seller_id(complaint.order.seller_id, full_rights=True)

    def may_decide_complaints(self) -> bool:
        """Decide complaints the buyer and the lembaga did not settle (programme staff)."""
        return self.has(Perm.MANAGE_ORDERS)

    def may_see_complaint(self, complaint) -> bool:
        return (
            (self.authenticated and complaint.buyer_id == self.user.pk)
            or self.is_buyer_of(complaint.order)
            or self.may_manage_seller_id(complaint.order.seller_id)
            or self.may_decide_complaints()
        )

    def may_moderate_reviews(self) -> bool:
        """Hide a review from the public (with a reason): staff who manage all orders."""
        return self.has(Perm.MANAGE_ORDERS)

    def may_see_transfer_proof(self, proof, orders) -> bool:
        """A buyer's transfer proof: its uploader, and who may see an order it pays
        (``orders``: the orders of the proof's payment)."""
        if self.authenticated and proof.uploaded_by_id == self.user.pk:
            return True
        return any(self.may_see_order(order) for order in orders)

    # ---------------------------------------------------------- monitoring

    @cached_property
    def programme_regencies(self) -> frozenset[str] | None:
        """Kabupaten whose programme figures the user sees; None for the whole province."""
        if self.has(Perm.VIEW_PROGRAMME_REPORTS):
            return None
        if not self.has(Perm.VIEW_PROGRAMME_REPORTS_OWN_REGENCY):
            return frozenset()
        return frozenset(self.user.officer_regencies.values_list("regency_id", flat=True))

    def may_view_programme_reports(self) -> bool:
        """Sees the monitoring dashboard at all (the province or some kabupaten)."""
        regencies = self.programme_regencies
        return regencies is None or bool(regencies)

    def may_see_programme_regency(self, regency_code: str) -> bool:
        regencies = self.programme_regencies
        return regencies is None or regency_code in regencies

    def may_see_seller_figures(self, seller) -> bool:
        """A lembaga's own sales figures: its managers, and who sees its kabupaten."""
        return self.may_manage_seller_id(seller.pk) or self.may_see_programme_regency(
            seller.regency_code
        )

    def may_manage_programme_reports(self) -> bool:
        return self.has(Perm.MANAGE_PROGRAMME_REPORTS)

    def may_review_programme_reports(self) -> bool:
        return self.has(Perm.REVIEW_PROGRAMME_REPORTS)

    def may_record_interventions(self) -> bool:
        return self.has(Perm.RECORD_INTERVENTIONS)

    def may_vet_grants(self) -> bool:
        return self.has(Perm.VET_GRANTS)


def require(allowed: bool, message: str | None = None) -> None:
    """Refuse with ``PermissionDenied`` (PERMISSION_DENIED in GraphQL, 403 on a page)."""
    if not allowed:
        raise PermissionDenied(message or _("Anda tidak memiliki izin untuk tindakan ini."))


def request_access(request) -> Access:
    """The request's ``Access``, made once: lists ask it per row without a query per row."""
    access = getattr(request, "_ovop_access", None)
    if access is None or access.user is not request.user:
        access = Access(request.user)
        request._ovop_access = access
    return access
