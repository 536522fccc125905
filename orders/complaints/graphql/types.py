import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from orders.complaints.models import Complaint, Reason, Remedy
from orders.complaints.selectors import complaints_visible
from orders.graphql.types import OrderType
from shop.graphql.base import CountableConnection, Money

ComplaintReasonEnum = graphene.Enum.from_enum(
    Reason, name="ComplaintReason", description="What is wrong with the parcel."
)
ComplaintRemedyEnum = graphene.Enum.from_enum(
    Remedy, name="ComplaintRemedy", description="What the buyer asks for (or is offered)."
)
ComplaintStatusEnum = graphene.Enum.from_enum(
    Complaint.Status, name="ComplaintStatus", description="Where the complaint stands."
)
ComplaintResponseEnum = graphene.Enum.from_enum(
    Complaint.Response, name="ComplaintResponse", description="The lembaga's answer."
)


class ComplaintDecisionEnum(graphene.Enum):
    REFUND = "REFUND"
    PARTIAL_REFUND = "PARTIAL_REFUND"
    REPLACEMENT = "REPLACEMENT"
    REJECT = "REJECT"

    class Meta:
        name = "ComplaintDecision"
        description = "Staff's decision: a remedy, or REJECT (no remedy)."


class ComplaintType(DjangoObjectType):
    order = graphene.Field(OrderType, required=True, description="The order complained about.")
    reason = ComplaintReasonEnum(required=True, description="What is wrong.")
    description = graphene.String(required=True, description="The buyer's account.")
    remedy = ComplaintRemedyEnum(required=True, description="What the buyer asks for.")
    amount = graphene.Field(
        Money, required=True, description="Disputed rupiah (held from the lembaga's payout)."
    )
    status = ComplaintStatusEnum(required=True, description="Where the complaint stands.")
    respond_by = graphene.DateTime(
        required=True, description="Deadline of the side whose turn it is (WITA offset)."
    )
    response = ComplaintResponseEnum(description="The lembaga's answer, once given.")
    response_note = graphene.String(required=True, description="The lembaga's note or reason.")
    offer_remedy = ComplaintRemedyEnum(description="The lembaga's offer, if it made one.")
    offer_amount = graphene.Field(Money, description="The offered refund.")
    outcome = ComplaintRemedyEnum(description="The remedy carried out (null if rejected/open).")
    refund_amount = graphene.Field(Money, required=True, description="Refunded by the complaint.")
    decision_note = graphene.String(required=True, description="Staff's note.")
    photo_count = graphene.Int(required=True, description="Photos attached (served privately).")
    created_at = graphene.DateTime(required=True, description="Filed.")
    closed_at = graphene.DateTime(description="Settled.")

    class Meta:
        model = Complaint
        name = "Complaint"
        interfaces = (relay.Node,)
        description = "A buyer's complaint about a delivered order (komplain)."
        fields = (
            "id",
            "order",
            "reason",
            "description",
            "remedy",
            "amount",
            "status",
            "respond_by",
            "response",
            "response_note",
            "offer_remedy",
            "offer_amount",
            "outcome",
            "refund_amount",
            "decision_note",
            "created_at",
            "closed_at",
        )

    @classmethod
    def get_queryset(cls, queryset, info):
        return complaints_visible(user=info.context.user)

    @staticmethod
    def resolve_response(root: Complaint, info):
        return root.response or None

    @staticmethod
    def resolve_offer_remedy(root: Complaint, info):
        return root.offer_remedy or None

    @staticmethod
    def resolve_outcome(root: Complaint, info):
        return root.outcome or None

    @staticmethod
    def resolve_photo_count(root: Complaint, info):
        return len(root.photos.all())


class ComplaintCountableConnection(CountableConnection):
    class Meta:
        node = ComplaintType
        description = "A page of complaints."
