import graphene
from django.urls import reverse
from django.utils.translation import pgettext
from graphene import relay
from graphene_django import DjangoObjectType

from shop.graphql.base import CountableConnection, absolute_url

from ..models import Review, ReviewPhoto


class ReviewPhotoType(DjangoObjectType):
    url = graphene.String(required=True, description="URL of the cleaned photo.")
    width = graphene.Int(required=True, description="Width in pixels.")
    height = graphene.Int(required=True, description="Height in pixels.")

    class Meta:
        model = ReviewPhoto
        name = "ReviewPhoto"
        fields = ("width", "height")
        description = "A buyer's photo of a review (re-encoded, without EXIF)."

    @staticmethod
    def resolve_url(root: ReviewPhoto, info):
        return absolute_url(info, root.image.url)


class ReviewType(DjangoObjectType):
    rating = graphene.Int(required=True, description="Stars, 1-5.")
    comment = graphene.String(required=True, description="The buyer's words (may be empty).")
    author_name = graphene.String(required=True, description="First name and initial of the buyer.")
    verified_purchase = graphene.Boolean(
        required=True,
        description="Always true: only the buyer of a completed order can review (pembelian "
        "terverifikasi).",
    )
    reply = graphene.String(description="The lembaga's answer, null until it answers.")
    replied_at = graphene.DateTime(description="When the lembaga answered.")
    created_at = graphene.DateTime(required=True, description="When it was written.")
    photos = graphene.List(
        graphene.NonNull(ReviewPhotoType), required=True, description="Up to 3 photos."
    )
    is_hidden = graphene.Boolean(
        required=True, description="Hidden by staff (only the staff and the lembaga see it)."
    )

    class Meta:
        model = Review
        name = "Review"
        interfaces = (relay.Node,)
        connection_class = CountableConnection
        fields = (
            "id",
            "rating",
            "comment",
            "author_name",
            "reply",
            "replied_at",
            "created_at",
            "is_hidden",
        )
        description = "A buyer's review of a product of a completed order."

    @classmethod
    def get_node(cls, info, id):
        return Review.objects.filter(pk=id, is_hidden=False).first()

    @staticmethod
    def resolve_author_name(root: Review, info):
        return root.author_name or pgettext("review author", "Pembeli")

    @staticmethod
    def resolve_verified_purchase(root: Review, info):
        return True

    @staticmethod
    def resolve_reply(root: Review, info):
        return root.reply or None

    @staticmethod
    def resolve_photos(root: Review, info):
        return root.photos.all()


def order_invoice_url(root, info):
    """The invoice PDF's address once the order is paid (buyer, lembaga, staff)."""
    if not root.paid_at:
        return None
    return absolute_url(info, reverse("reviews:invoice", args=[root.number]))
