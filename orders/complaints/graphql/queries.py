import graphene

from orders.complaints import selectors
from shop.graphql.base import PagedConnectionField

from .types import ComplaintCountableConnection, ComplaintStatusEnum, ComplaintType


class ComplaintQueries(graphene.ObjectType):
    complaints = PagedConnectionField(
        ComplaintCountableConnection,
        status=ComplaintStatusEnum(description="Only complaints in this status."),
        description="Complaints you may see: yours, your lembaga's, or all (programme staff).",
    )
    complaint = graphene.Field(
        ComplaintType,
        id=graphene.ID(required=True, description="Complaint ID."),
        description="One complaint, if you may see it (else null).",
    )

    @staticmethod
    def resolve_complaints(root, info, status=None, **kwargs):
        return selectors.complaints_visible(
            user=info.context.user, status=getattr(status, "value", status) or ""
        )

    @staticmethod
    def resolve_complaint(root, info, id):
        return graphene.Node.get_node_from_global_id(info, id, only_type=ComplaintType)
