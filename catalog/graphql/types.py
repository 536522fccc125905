import graphene
from django.urls import reverse
from django.utils import timezone
from graphene import relay
from graphene_django import DjangoObjectType

from catalog import legality
from catalog.legality import certificate_is_valid
from catalog.models import (
    Category,
    Certificate,
    CertificateType,
    Product,
    ProductAssessment,
    ProductMedia,
    ProductVariant,
    StockLocation,
)
from catalog.offers import campaign_price_for_request
from catalog.search import SearchResult, search_products
from catalog.selectors import (
    certificate_visible,
    product_get,
    variant_quantity_available,
    variants_with_availability,
)
from sellers.graphql.dataloaders import RegencyByCodeLoader, SellerByIdLoader, VillageByCodeLoader
from sellers.graphql.types import RatingType, RegencyType, SellerType, VillageType
from shop.access import request_access
from shop.graphql.base import CountableConnection, Money, absolute_url, money

from .dataloaders import (
    BufferVillagesByProductIdLoader,
    CategoryByIdLoader,
    CertificatesByProductIdLoader,
    MediaByProductIdLoader,
    VariantsByProductIdLoader,
)

CertificateTypeEnum = graphene.Enum.from_enum(
    CertificateType, name="CertificateType", description="Kind of legality certificate."
)
CertificateStatusEnum = graphene.Enum.from_enum(
    Certificate.Status, name="CertificateStatus", description="Review state of a certificate."
)
OvopStatusEnum = graphene.Enum.from_enum(
    Product.OvopStatus, name="OvopStatus", description="OVOP designation of a product."
)
StockLocationKindEnum = graphene.Enum.from_enum(
    StockLocation.Kind, name="StockLocationKind", description="SELLER or NTT_MART."
)
StockLocationChannelEnum = graphene.Enum.from_enum(
    StockLocation.Channel,
    name="StockLocationChannel",
    description="The offline channel of an outlet.",
)


def _viewer_may_see(info, product: Product) -> bool:
    return request_access(info.context).may_see_product(product)


_absolute = absolute_url


class CategoryType(DjangoObjectType):
    name = graphene.String(required=True, description="Name in Bahasa Indonesia.")
    name_en = graphene.String(required=True, description="Name in English.")
    slug = graphene.String(required=True, description="URL slug.")
    parent = graphene.Field(lambda: CategoryType, description="The parent category, if any.")
    required_certificates = graphene.List(
        graphene.NonNull(graphene.List(graphene.NonNull(CertificateTypeEnum), required=True)),
        required=True,
        description="Groups of certificate types: a product must hold an approved, unexpired "
        "certificate of one type in every group to be published (inherited from the parent).",
    )
    halal_applicable = graphene.Boolean(
        required=True,
        description="Products need a HALAL certificate or a clear 'tidak halal' statement "
        "(inherited from the parent unless the category sets its own).",
    )
    min_buyer_age = graphene.Int(description="Minimum buyer age, e.g. 21 for sopi/moke.")
    restriction_note = graphene.String(
        required=True, description="Sale restriction shown to buyers."
    )

    class Meta:
        model = Category
        name = "Category"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "name",
            "name_en",
            "slug",
            "parent",
            "halal_applicable",
            "min_buyer_age",
            "restriction_note",
        )
        description = "A node of the OVOP product taxonomy."

    @staticmethod
    def resolve_parent(root: Category, info):
        return CategoryByIdLoader(info.context).load(root.parent_id) if root.parent_id else None

    @staticmethod
    def resolve_required_certificates(root: Category, info):
        return legality.category_rule_groups(root)

    @staticmethod
    def resolve_halal_applicable(root: Category, info):
        return legality.category_halal_applicable(root)

    @staticmethod
    def resolve_min_buyer_age(root: Category, info):
        return legality.category_min_buyer_age(root)


class ProductVariantType(DjangoObjectType):
    sku = graphene.String(required=True, description="Stock keeping unit, unique.")
    name = graphene.String(required=True, description="Variant name, e.g. 250 g.")
    price = graphene.Field(Money, required=True, description="Unit price.")
    weight_grams = graphene.Int(required=True, description="Shipping weight in grams.")
    quantity_available = graphene.Int(
        required=True,
        description="Units available online: the seller's online stock minus reservations.",
    )
    is_available = graphene.Boolean(
        required=True, description="At least one unit available online."
    )

    class Meta:
        model = ProductVariant
        name = "ProductVariant"
        interfaces = (relay.Node,)
        fields = ("id", "sku", "name", "price", "weight_grams")
        description = "A sellable variant of a product."

    @classmethod
    def get_node(cls, info, id):
        variant = (
            variants_with_availability(ProductVariant.objects.filter(pk=id))
            .select_related("product__seller")
            .first()
        )
        return variant if variant and _viewer_may_see(info, variant.product) else None

    @staticmethod
    def resolve_quantity_available(root: ProductVariant, info):
        value = getattr(root, "quantity_available", None)
        if value is None:
            value = variant_quantity_available(root.pk)
        return max(int(value), 0)

    @staticmethod
    def resolve_is_available(root: ProductVariant, info):
        return ProductVariantType.resolve_quantity_available(root, info) > 0


class CertificateNode(DjangoObjectType):
    type = graphene.Field(CertificateTypeEnum, required=True, description="Kind of certificate.")
    number = graphene.String(required=True, description="Certificate number as issued.")
    issuer = graphene.String(required=True, description="Issuing body.")
    issued_at = graphene.Date(description="Issue date.")
    expires_at = graphene.Date(
        description="Last valid day; null for halal (valid while the recipe is unchanged)."
    )
    status = graphene.Field(CertificateStatusEnum, required=True, description="Review state.")
    document_url = graphene.String(
        description="Where to download the scan (an attachment; send the same Bearer token). "
        "Null without a scan, and for anyone but the lembaga's members and pendamping, "
        "certificate reviewers and the seller reviewers of its kabupaten."
    )

    class Meta:
        model = Certificate
        name = "Certificate"
        interfaces = (relay.Node,)
        fields = ("id", "type", "number", "issuer", "issued_at", "expires_at", "status")
        description = "A legality certificate of a product or of its seller."

    @classmethod
    def get_node(cls, info, id):
        cert = Certificate.objects.select_related("product__seller", "seller").filter(pk=id).first()
        if cert is None or not certificate_visible(user=info.context.user, certificate=cert):
            return None
        return cert

    @staticmethod
    def resolve_document_url(root: Certificate, info):
        # The request's Access: a list of certificates costs no query per row.
        if not root.document or not request_access(info.context).may_see_certificate_document(root):
            return None
        path = reverse("catalog:certificate_document", args=[root.pk])
        return info.context.build_absolute_uri(path)


class ProductMediaType(DjangoObjectType):
    url = graphene.String(required=True, description="URL of the (EXIF-free) image.")
    thumbnail_url = graphene.String(
        required=True,
        size=graphene.Int(description="Wanted width in pixels; the nearest made is answered."),
        description="URL of a WebP thumbnail; the image itself until thumbnails are made.",
    )
    alt = graphene.String(required=True, description="Alternative text.")
    width = graphene.Int(required=True, description="Width in pixels.")
    height = graphene.Int(required=True, description="Height in pixels.")

    class Meta:
        model = ProductMedia
        name = "ProductMedia"
        interfaces = (relay.Node,)
        fields = ("id", "alt", "width", "height")
        description = "An image of a product."

    @classmethod
    def get_node(cls, info, id):
        media = ProductMedia.objects.select_related("product__seller").filter(pk=id).first()
        return media if media and _viewer_may_see(info, media.product) else None

    @staticmethod
    def resolve_url(root: ProductMedia, info):
        return _absolute(info, root.image.url)

    @staticmethod
    def resolve_thumbnail_url(root: ProductMedia, info, size: int | None = 400):
        # An explicit null means "no preference", as leaving the argument out does.
        return _absolute(info, media_thumbnail_url(root, 400 if size is None else size))


def media_thumbnail_url(media: ProductMedia, size: int = 400) -> str:
    if not media.thumbnails:
        return media.image.url
    width = min(media.thumbnails, key=lambda w: (int(w) < size, abs(int(w) - size)))
    return media.image.storage.url(media.thumbnails[width])


class PriceRange(graphene.ObjectType):
    start = graphene.Field(Money, description="Lowest variant price.")
    stop = graphene.Field(Money, description="Highest variant price.")

    class Meta:
        description = "The range of a product's variant prices."


class ProductPricing(graphene.ObjectType):
    price_range = graphene.Field(PriceRange, required=True, description="Undiscounted prices.")
    discounted = graphene.Field(
        Money, description="Lowest price after the best running campaign; null without one."
    )

    class Meta:
        description = "What a product costs."


class StockLocationType(DjangoObjectType):
    name = graphene.String(required=True, description="Name of the location.")
    kind = graphene.Field(StockLocationKindEnum, required=True, description="SELLER or NTT_MART.")
    seller = graphene.Field(SellerType, description="The seller owning it (SELLER kind).")
    regency = graphene.Field(RegencyType, description="Its kabupaten/kota.")
    sells_online = graphene.Boolean(
        required=True, description="Its units count as available online."
    )
    channel = graphene.Field(StockLocationChannelEnum, description="An outlet's offline channel.")
    address = graphene.String(required=True, description="Street address.")
    opening_hours = graphene.String(required=True, description="An outlet's opening hours.")

    class Meta:
        model = StockLocation
        name = "StockLocation"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "name",
            "kind",
            "seller",
            "regency",
            "sells_online",
            "channel",
            "address",
            "opening_hours",
        )
        description = "Where units are kept: a seller's store room or an NTT Mart outlet."

    @staticmethod
    def resolve_seller(root: StockLocation, info):
        return SellerByIdLoader(info.context).load(root.seller_id) if root.seller_id else None

    @staticmethod
    def resolve_regency(root: StockLocation, info):
        return RegencyByCodeLoader(info.context).load(root.regency_id) if root.regency_id else None

    @staticmethod
    def resolve_channel(root, info):
        return root.channel or None


class ProductType(DjangoObjectType):
    name = graphene.String(required=True, description="Product name.")
    slug = graphene.String(required=True, description="URL slug.")
    description = graphene.String(required=True, description="Description.")
    seller = graphene.Field(SellerType, required=True, description="The lembaga selling it.")
    category = graphene.Field(CategoryType, required=True, description="Its category.")
    origin_village = graphene.Field(
        VillageType, required=True, description="Village it is made in."
    )
    buffer_villages = graphene.List(
        graphene.NonNull(VillageType),
        required=True,
        description="Buffer villages supplying raw material.",
    )
    raw_material = graphene.String(required=True, description="Raw material.")
    technique = graphene.String(required=True, description="Technique, e.g. natural dye ikat.")
    motif = graphene.String(required=True, description="Motif, for textiles.")
    ovop_status = graphene.Field(OvopStatusEnum, required=True, description="OVOP designation.")
    ovop_decree_number = graphene.String(
        required=True, description="Number of the designation decree."
    )
    ovop_decree_date = graphene.Date(description="Date of the designation decree.")
    ovop_decree_issuer = graphene.String(
        required=True, description="Agency that issued the designation decree."
    )
    ovop_assessment = graphene.Field(
        lambda: ProductAssessmentType,
        description="The latest OVOP assessment (criteria II.3 a-d, decision, reason): for "
        "the lembaga, its pendamping and programme staff; null for others.",
    )
    is_halal = graphene.Boolean(
        description="The lembaga's own statement: true declared halal, false declared not "
        "halal (see nonHalalStatement; always false for alcoholic drinks), null not "
        "applicable. Not a certification: see halalCertified."
    )
    halal_certified = graphene.Boolean(
        required=True,
        description="True only with an approved, unexpired HALAL certificate (BPJPH).",
    )
    non_halal_statement = graphene.String(
        required=True, description="The 'tidak halal' statement, if any."
    )
    min_buyer_age = graphene.Int(description="Buyers must be at least this old (category rule).")
    restriction_note = graphene.String(
        required=True, description="Sale restriction shown to buyers."
    )
    attributes = graphene.JSONString(
        required=True, description="Free attributes (size, colour, ...)."
    )
    is_published = graphene.Boolean(required=True, description="Shown in the store.")
    is_available = graphene.Boolean(
        required=True, description="Some variant has units available online."
    )
    created_at = graphene.DateTime(required=True, description="When it was listed.")
    pricing = graphene.Field(ProductPricing, required=True, description="Prices.")
    rating = graphene.Field(
        RatingType,
        required=True,
        description="Buyers' rating of the product (visible reviews of completed orders).",
    )
    certificates = graphene.List(
        graphene.NonNull(CertificateNode),
        required=True,
        description="Approved, unexpired certificates of the product and its seller (all, for its managers).",
    )
    media = graphene.List(graphene.NonNull(ProductMediaType), required=True, description="Images.")
    variants = graphene.List(
        graphene.NonNull(ProductVariantType), required=True, description="Sellable variants."
    )

    class Meta:
        model = Product
        name = "Product"
        interfaces = (relay.Node,)
        fields = (
            "id",
            "name",
            "slug",
            "description",
            "seller",
            "category",
            "origin_village",
            "buffer_villages",
            "raw_material",
            "technique",
            "motif",
            "ovop_status",
            "ovop_decree_number",
            "ovop_decree_date",
            "ovop_decree_issuer",
            "is_halal",
            "non_halal_statement",
            "attributes",
            "is_published",
            "created_at",
        )
        description = "An OVOP product."

    @classmethod
    def get_node(cls, info, id):
        if not str(id).isdigit():
            return None
        return product_get(user=info.context.user, pk=id)[0]

    @staticmethod
    def resolve_halal_certified(root: Product, info):
        return legality.halal_certified(root.certificates.all())

    @staticmethod
    def resolve_ovop_assessment(root: Product, info):
        if not request_access(info.context).may_see_ovop_assessment_of(root.seller_id):
            return None
        return root.assessments.first()

    @staticmethod
    def resolve_rating(root: Product, info):
        return root

    @staticmethod
    def resolve_seller(root: Product, info):
        return SellerByIdLoader(info.context).load(root.seller_id)

    @staticmethod
    def resolve_category(root: Product, info):
        return CategoryByIdLoader(info.context).load(root.category_id)

    @staticmethod
    def resolve_origin_village(root: Product, info):
        return VillageByCodeLoader(info.context).load(root.origin_village_id)

    @staticmethod
    def resolve_buffer_villages(root: Product, info):
        return BufferVillagesByProductIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_variants(root: Product, info):
        return VariantsByProductIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_media(root: Product, info):
        return MediaByProductIdLoader(info.context).load(root.pk)

    @staticmethod
    def resolve_certificates(root: Product, info):
        certificates = CertificatesByProductIdLoader(info.context).load(root.pk)
        seller = SellerByIdLoader(info.context).load(root.seller_id)
        if request_access(info.context).may_preview_catalog_of(seller):
            return certificates
        today = timezone.localdate()
        return [c for c in certificates if certificate_is_valid(c, today)]

    @staticmethod
    def resolve_is_available(root: Product, info):
        return any(
            ProductVariantType.resolve_quantity_available(v, info) > 0
            for v in VariantsByProductIdLoader(info.context).load(root.pk)
        )

    @staticmethod
    def resolve_min_buyer_age(root: Product, info):
        return legality.category_min_buyer_age(
            CategoryByIdLoader(info.context).load(root.category_id)
        )

    @staticmethod
    def resolve_restriction_note(root: Product, info):
        category = CategoryByIdLoader(info.context).load(root.category_id)
        return category.restriction_note or (
            category.parent.restriction_note if category.parent else ""
        )

    @staticmethod
    def resolve_pricing(root: Product, info):
        prices = [v.price for v in VariantsByProductIdLoader(info.context).load(root.pk)]
        offer = campaign_price_for_request(info.context, root, prices)
        return ProductPricing(
            price_range=PriceRange(
                start=money(min(prices)) if prices else None,
                stop=money(max(prices)) if prices else None,
            ),
            discounted=money(offer.price) if offer else None,
        )


class OvopCriterionResult(graphene.ObjectType):
    met = graphene.Boolean(required=True, description="The criterion is met.")
    evidence = graphene.String(required=True, description="The evidence recorded.")
    note = graphene.String(required=True, description="The assessor's note.")

    class Meta:
        description = "One II.3 criterion as assessed."


class OvopCriteriaResult(graphene.ObjectType):
    raw_material_local = graphene.Field(
        OvopCriterionResult, description="a) local wisdom and the village's raw material."
    )
    raw_material_from_buffer_villages = graphene.Field(
        OvopCriterionResult, description="b) raw material from buffer villages of the zone."
    )
    economic_value = graphene.Field(
        OvopCriterionResult, description="c) significant economic impact for the area."
    )
    market_potential = graphene.Field(
        OvopCriterionResult, description="d) market potential, room to develop."
    )

    class Meta:
        description = "The II.3 criteria a-d of an assessment."


ProductAssessmentDecisionEnum = graphene.Enum.from_enum(
    ProductAssessment.Decision,
    name="ProductAssessmentDecision",
    description="DESIGNATE or DECLINE.",
)


class ProductAssessmentType(graphene.ObjectType):
    proposal_note = graphene.String(required=True, description="Note of the proposal.")
    proposed_at = graphene.DateTime(required=True, description="When it was proposed.")
    criteria = graphene.Field(OvopCriteriaResult, description="Criteria a-d (once assessed).")
    decision = graphene.Field(
        ProductAssessmentDecisionEnum, description="The decision, null while waiting."
    )
    reason = graphene.String(required=True, description="Reason or note of the decision.")
    decree_number = graphene.String(required=True, description="Decree number (designated).")
    decree_date = graphene.Date(description="Decree date (designated).")
    decree_issuer = graphene.String(required=True, description="Issuing agency (designated).")
    decided_at = graphene.DateTime(description="When the decision was recorded.")

    class Meta:
        description = "One round of the OVOP product assessment (Pergub II.3)."

    @staticmethod
    def resolve_criteria(root: ProductAssessment, info):
        if not root.criteria:
            return None
        return OvopCriteriaResult(
            **{key: OvopCriterionResult(**value) for key, value in root.criteria.items()}
        )

    @staticmethod
    def resolve_decision(root: ProductAssessment, info):
        return root.decision or None


class FacetValue(graphene.ObjectType):
    key = graphene.String(required=True, description="Filter value to send back, e.g. 53.07.")
    label = graphene.String(required=True, description="What to show, e.g. Sikka.")
    count = graphene.Int(required=True, description="Matching products.")

    class Meta:
        description = "One value of a facet with its count."


class ProductFacet(graphene.ObjectType):
    name = graphene.String(required=True, description="regency, category, certificate or price.")
    values = graphene.List(graphene.NonNull(FacetValue), required=True, description="Its values.")

    class Meta:
        description = "Counts of the matching products by one attribute."


class ProductCountableConnection(CountableConnection):
    facets = graphene.List(
        graphene.NonNull(ProductFacet), required=True, description="Facet counts for the filters."
    )
    total_count_capped = graphene.Boolean(
        required=True,
        description="True when more products match than totalCount says: a text search "
        "counts exactly up to 10,000 matches, then stops (show it as 10.000+); its facets "
        "then count those first 10,000.",
    )

    class Meta:
        node = ProductType
        description = "A page of products."

    @staticmethod
    def resolve_facets(root, info):
        if getattr(root, "facets", None) is None and getattr(root, "facet_query", None):
            # A seller's product page counts its facets only when a client asks.
            root.facets = facets_of(search_products(root.facet_query))
        return getattr(root, "facets", None) or []

    @staticmethod
    def resolve_total_count_capped(root, info):
        return bool(getattr(root, "total_capped", False))


def facets_of(result: SearchResult) -> list[ProductFacet]:
    """The facet counts of a search result as GraphQL objects."""
    return [
        ProductFacet(
            name=name,
            values=[FacetValue(key=f.key, label=f.label, count=f.count) for f in values],
        )
        for name, values in (result.facets or {}).items()
    ]
