"""Complaint mutations: thin, each calls one service."""

import graphene

from orders.complaints import services
from orders.complaints.errors import ComplaintErrorCode
from orders.complaints.models import Complaint
from orders.complaints.selectors import complaints_visible
from orders.models import Order
from orders.selectors import orders_visible_to
from shop.graphql.base import BaseMutation, Upload, enum_value, error_type

from .types import (
    ComplaintDecisionEnum,
    ComplaintReasonEnum,
    ComplaintRemedyEnum,
    ComplaintResponseEnum,
    ComplaintType,
)

ComplaintError = error_type(
    "ComplaintError", ComplaintErrorCode, "An error from a complaint mutation."
)


class ComplaintCreateInput(graphene.InputObjectType):
    order = graphene.ID(required=True, description="The delivered order.")
    reason = ComplaintReasonEnum(required=True, description="What is wrong.")
    description = graphene.String(required=True, description="What happened.")
    remedy = ComplaintRemedyEnum(required=True, description="What the buyer asks for.")
    amount = graphene.Int(
        description="Rupiah asked for PARTIAL_REFUND (at most what was paid and not refunded)."
    )
    photos = graphene.List(
        graphene.NonNull(Upload), description="Up to 3 JPEG, PNG or WebP photos (multipart)."
    )


class ReturnLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True, description="SKU of the order line.")
    quantity = graphene.Int(required=True, description="Units that come back to the shelf.")


def _returns(complaint: Complaint, items) -> list[services.ReturnInput]:
    """The order's lines named by SKU (a SKU not in the order is a line id of 0: NOT_FOUND)."""
    by_sku = {line.sku: line.pk for line in complaint.order.lines.all()}
    return [
        services.ReturnInput(line_id=by_sku.get(item["sku"], 0), quantity=item["quantity"])
        for item in items or []
    ]


class ComplaintMutation(BaseMutation):
    complaint = graphene.Field(ComplaintType, description="The complaint.")

    class Meta:
        abstract = True

    @classmethod
    def complaint_of(cls, info, id) -> Complaint:
        return cls.get_node_or_error(
            info, id, model=Complaint, qs=complaints_visible(user=info.context.user)
        )


class ComplaintCreate(ComplaintMutation):
    class Arguments:
        input = ComplaintCreateInput(required=True, description="The complaint.")

    class Meta:
        description = "The buyer complains about a delivered order (within the window)."
        error_type = ComplaintError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        user = info.context.user
        order = cls.get_node_or_error(
            info, input["order"], model=Order, field="order", qs=orders_visible_to(user=user)
        )
        complaint = services.complaint_create(
            user=user,
            order=order,
            reason=enum_value(input["reason"]),
            description=input["description"],
            remedy=enum_value(input["remedy"]),
            amount=input.get("amount"),
            photos=input.get("photos") or [],
        )
        return cls(complaint=complaint)


class ComplaintRespond(ComplaintMutation):
    class Arguments:
        id = graphene.ID(required=True, description="Complaint ID.")
        response = ComplaintResponseEnum(required=True, description="ACCEPT, OFFER or REJECT.")
        note = graphene.String(description="Note; the reason is required to REJECT.")
        remedy = ComplaintRemedyEnum(description="OFFER: the remedy offered.")
        amount = graphene.Int(description="OFFER of a PARTIAL_REFUND: the rupiah offered.")
        returns = graphene.List(
            graphene.NonNull(ReturnLineInput), description="ACCEPT: units sent back."
        )

    class Meta:
        description = "The lembaga's pengurus answers a complaint before its deadline."
        error_type = ComplaintError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, response, **data):
        complaint = cls.complaint_of(info, id)
        complaint = services.complaint_respond(
            user=info.context.user,
            complaint=complaint,
            response=enum_value(response),
            note=data.get("note") or "",
            remedy=enum_value(data.get("remedy")),
            amount=data.get("amount"),
            returns=_returns(complaint, data.get("returns")),
        )
        return cls(complaint=complaint)


class ComplaintOfferAnswer(ComplaintMutation):
    class Arguments:
        id = graphene.ID(required=True, description="Complaint ID.")
        accept = graphene.Boolean(required=True, description="Take the offer (else staff decide).")

    class Meta:
        description = "The buyer takes or declines the lembaga's offer."
        error_type = ComplaintError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, accept):
        complaint = services.complaint_offer_answer(
            user=info.context.user, complaint=cls.complaint_of(info, id), accept=accept
        )
        return cls(complaint=complaint)


class ComplaintDecide(ComplaintMutation):
    class Arguments:
        id = graphene.ID(required=True, description="Complaint ID.")
        decision = ComplaintDecisionEnum(required=True, description="A remedy, or REJECT.")
        amount = graphene.Int(description="PARTIAL_REFUND: the rupiah refunded.")
        returns = graphene.List(
            graphene.NonNull(ReturnLineInput), description="Units sent back (restocked)."
        )
        note = graphene.String(description="Reasoning; required to REJECT.")

    class Meta:
        description = "Programme staff decide a complaint the two sides did not settle."
        error_type = ComplaintError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, decision, **data):
        complaint = cls.complaint_of(info, id)
        complaint = services.complaint_decide(
            user=info.context.user,
            complaint=complaint,
            decision=enum_value(decision),
            amount=data.get("amount"),
            returns=_returns(complaint, data.get("returns")),
            note=data.get("note") or "",
        )
        return cls(complaint=complaint)


class ComplaintMutations(graphene.ObjectType):
    complaint_create = ComplaintCreate.Field()
    complaint_respond = ComplaintRespond.Field()
    complaint_offer_answer = ComplaintOfferAnswer.Field()
    complaint_decide = ComplaintDecide.Field()
