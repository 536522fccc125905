import graphene

from catalog import services
from catalog.errors import CatalogErrorCode
from catalog.models import Category, Certificate, Product, ProductVariant
from catalog.selectors import products_visible
from sellers.models import Seller
from shop.graphql.base import BaseMutation, Upload, enum_value, error_type

from .types import (
    CategoryType,
    CertificateNode,
    CertificateTypeEnum,
    OvopStatusEnum,
    ProductAssessmentDecisionEnum,
    ProductMediaType,
    ProductType,
    ProductVariantType,
)

CatalogError = error_type("CatalogError", CatalogErrorCode, "An error from a catalog mutation.")


class ProductFieldsInput(graphene.InputObjectType):
    name = graphene.String(description="Product name.")
    category = graphene.ID(description="Its category.")
    description = graphene.String(description="Description.")
    origin_village_code = graphene.String(
        description="Village it is made in (default: the seller's)."
    )
    attributes = graphene.JSONString(description="Free attributes.")
    raw_material = graphene.String(description="Raw material.")
    buffer_village_codes = graphene.List(
        graphene.NonNull(graphene.String), description="Buffer villages supplying raw material."
    )
    technique = graphene.String(description="Technique.")
    motif = graphene.String(description="Motif.")
    ovop_status = OvopStatusEnum(description="OVOP designation.")
    ovop_decree_number = graphene.String(description="Decree number (designated products).")
    ovop_decree_date = graphene.Date(description="Decree date (designated products).")
    is_halal = graphene.Boolean(description="False for a non-halal product (needs a statement).")
    non_halal_statement = graphene.String(description="The 'tidak halal' statement.")


class ProductCreateInput(ProductFieldsInput):
    seller = graphene.ID(required=True, description="The seller listing it.")
    category = graphene.ID(required=True, description="Its category.")


def _product_data(input) -> dict:
    data = {k: v for k, v in dict(input).items() if k not in ("seller", "category")}
    if "ovop_status" in data:
        data["ovop_status"] = enum_value(data["ovop_status"])
    return data


class ProductCreate(BaseMutation):
    product = graphene.Field(ProductType, description="The new product (unpublished).")

    class Arguments:
        input = ProductCreateInput(required=True, description="Fields of the product.")

    class Meta:
        description = "List a new product for a seller you manage."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        seller = cls.get_node_or_error(info, input.seller, model=Seller, field="seller")
        category = None
        if input.get("category"):
            category = cls.get_node_or_error(info, input.category, model=Category, field="category")
        data = _product_data(input)
        name = data.pop("name", None)
        product = services.product_create(
            user=info.context.user, seller=seller, category=category, name=name, **data
        )
        return cls(product=product)


class ProductUpdate(BaseMutation):
    product = graphene.Field(ProductType, description="The changed product.")

    class Arguments:
        id = graphene.ID(required=True, description="The product.")
        input = ProductFieldsInput(required=True, description="Fields to change.")

    class Meta:
        description = "Change a product of a seller you manage."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, input):
        product = cls.get_node_or_error(
            info, id, model=Product, field="id", qs=Product.objects.select_related("seller")
        )
        data = _product_data(input)
        if input.get("category"):
            data["category"] = cls.get_node_or_error(
                info, input.category, model=Category, field="category"
            )
        product = services.product_update(user=info.context.user, product=product, **data)
        return cls(product=product)


class ProductVariantCreateInput(graphene.InputObjectType):
    product = graphene.ID(required=True, description="The product.")
    sku = graphene.String(required=True, description="Unique SKU.")
    name = graphene.String(description="Variant name, e.g. 250 g.")
    price = graphene.Int(required=True, description="Price in whole rupiah.")
    weight_grams = graphene.Int(description="Shipping weight in grams.")


class ProductVariantCreate(BaseMutation):
    variant = graphene.Field(ProductVariantType, description="The new variant.")

    class Arguments:
        input = ProductVariantCreateInput(required=True, description="Fields of the variant.")

    class Meta:
        description = "Add a variant (SKU, price, weight) to a product."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        product = cls.get_node_or_error(
            info,
            input.product,
            model=Product,
            field="product",
            qs=Product.objects.select_related("seller"),
        )
        variant = services.product_variant_create(
            user=info.context.user,
            product=product,
            sku=input.sku,
            name=input.get("name") or "",
            price=input.price,
            weight_grams=input.get("weight_grams"),
        )
        return cls(variant=variant)


class ProductVariantUpdateInput(graphene.InputObjectType):
    sku = graphene.String(description="Unique SKU.")
    name = graphene.String(description="Variant name.")
    price = graphene.Int(description="Price in whole rupiah.")
    weight_grams = graphene.Int(description="Shipping weight in grams.")


class ProductVariantUpdate(BaseMutation):
    variant = graphene.Field(ProductVariantType, description="The changed variant.")

    class Arguments:
        id = graphene.ID(required=True, description="The variant.")
        input = ProductVariantUpdateInput(required=True, description="Fields to change.")

    class Meta:
        description = "Change a variant's SKU, name, price or weight."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, input):
        variant = cls.get_node_or_error(
            info,
            id,
            model=ProductVariant,
            field="id",
            qs=ProductVariant.objects.select_related("product__seller"),
        )
        variant = services.product_variant_update(
            user=info.context.user,
            variant=variant,
            sku=input.get("sku"),
            name=input.get("name"),
            price=input.get("price"),
            weight_grams=input.get("weight_grams"),
        )
        return cls(variant=variant)


class ProductVariantStockSet(BaseMutation):
    variant = graphene.Field(ProductVariantType, description="The variant, with its availability.")
    quantity = graphene.Int(description="Units now in the seller's own location.")

    class Arguments:
        variant = graphene.ID(required=True, description="The variant.")
        quantity = graphene.Int(
            required=True, description="Units counted in the seller's own location."
        )
        note = graphene.String(description="Why (kept in the stock ledger).")

    class Meta:
        description = "Set a variant's stock in its seller's own location (ledgered)."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, variant, quantity, note=""):
        obj = cls.get_node_or_error(
            info,
            variant,
            model=ProductVariant,
            field="variant",
            qs=ProductVariant.objects.select_related("product__seller"),
        )
        stock = services.stock_set(
            user=info.context.user, variant=obj, quantity=quantity, note=note or ""
        )
        return cls(variant=obj, quantity=stock.quantity)


class ProductMediaCreate(BaseMutation):
    media = graphene.Field(ProductMediaType, description="The stored image.")

    class Arguments:
        product = graphene.ID(required=True, description="The product.")
        image = Upload(required=True, description="A JPEG, PNG or WebP image.")
        alt = graphene.String(description="Alternative text (default: the product name).")

    class Meta:
        description = "Add an image to a product; EXIF is removed and thumbnails are made."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, product, image, alt=""):
        obj = cls.get_node_or_error(
            info,
            product,
            model=Product,
            field="product",
            qs=Product.objects.select_related("seller"),
        )
        media = services.product_media_create(
            user=info.context.user, product=obj, image=image, alt=alt or ""
        )
        return cls(media=media)


class CertificateCreateInput(graphene.InputObjectType):
    product = graphene.ID(description="The product (product certificates).")
    seller = graphene.ID(description="The seller (NIB, HKI, IG).")
    type = CertificateTypeEnum(required=True, description="Kind of certificate.")
    number = graphene.String(required=True, description="Number as printed.")
    issuer = graphene.String(description="Issuing body.")
    issued_at = graphene.Date(description="Issue date.")
    expires_at = graphene.Date(description="Last valid day (none for halal).")
    document = Upload(description="Scan of the certificate (PDF or image).")


class CertificateCreate(BaseMutation):
    certificate = graphene.Field(CertificateNode, description="The certificate, pending review.")

    class Arguments:
        input = CertificateCreateInput(required=True, description="Fields of the certificate.")

    class Meta:
        description = "Submit a legality certificate for review."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, input):
        product = (
            cls.get_node_or_error(
                info,
                input.product,
                model=Product,
                field="product",
                qs=Product.objects.select_related("seller"),
            )
            if input.get("product")
            else None
        )
        seller = (
            cls.get_node_or_error(info, input.seller, model=Seller, field="seller")
            if input.get("seller")
            else None
        )
        cert = services.certificate_create(
            user=info.context.user,
            product=product,
            seller=seller,
            type=enum_value(input.type),
            number=input.number,
            issuer=input.get("issuer") or "",
            issued_at=input.get("issued_at"),
            expires_at=input.get("expires_at"),
            document=input.get("document"),
        )
        return cls(certificate=cert)


class CertificateDecision(graphene.Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"

    class Meta:
        description = "Outcome of a certificate review."


class CertificateReview(BaseMutation):
    certificate = graphene.Field(CertificateNode, description="The reviewed certificate.")

    class Arguments:
        id = graphene.ID(required=True, description="The certificate.")
        decision = CertificateDecision(required=True, description="APPROVE or REJECT.")
        note = graphene.String(description="Reason (required to reject).")

    class Meta:
        description = "Approve or reject a certificate (programme staff)."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, decision, note=""):
        cert = cls.get_node_or_error(info, id, model=Certificate, field="id")
        cert = services.certificate_review(
            user=info.context.user, certificate=cert, decision=enum_value(decision), note=note or ""
        )
        return cls(certificate=cert)


class ProductPublish(BaseMutation):
    product = graphene.Field(ProductType, description="The product.")

    class Arguments:
        id = graphene.ID(required=True, description="The product.")
        published = graphene.Boolean(required=True, description="Show (true) or withdraw (false).")

    class Meta:
        description = "Publish a product (all required certificates approved) or withdraw it."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, published):
        product = cls.get_node_or_error(
            info, id, model=Product, field="id", qs=Product.objects.select_related("seller")
        )
        product = services.product_publish(
            user=info.context.user, product=product, published=published
        )
        return cls(product=product)


class CategoryRulesInput(graphene.InputObjectType):
    required_certificates = graphene.List(
        graphene.NonNull(graphene.List(graphene.NonNull(CertificateTypeEnum), required=True)),
        description="Groups of certificate types; one approved, unexpired type per group. "
        "An empty list means the category needs no certificate (beyond the seller's NIB), "
        "even when its parent does.",
    )
    inherit_required_certificates = graphene.Boolean(
        description="True: drop the category's own groups and follow its parent's again."
    )
    halal_applicable = graphene.Boolean(
        description="Needs HALAL or a 'tidak halal' statement (false: not, even when the "
        "parent does)."
    )
    inherit_halal_applicable = graphene.Boolean(
        description="True: drop the category's own halal flag and follow its parent's again."
    )
    min_buyer_age = graphene.Int(description="Minimum buyer age; 0 removes the limit.")
    restriction_note = graphene.String(description="Sale restriction shown to buyers.")


class CategoryRulesUpdate(BaseMutation):
    category = graphene.Field(CategoryType, description="The category with its new rules.")

    class Arguments:
        id = graphene.ID(required=True, description="The category.")
        input = CategoryRulesInput(required=True, description="Rules to change.")

    class Meta:
        description = (
            "Change a category's legality rules (programme staff); products that no "
            "longer qualify are withdrawn."
        )
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, input):
        category = cls.get_node_or_error(
            info, id, model=Category, field="id", qs=Category.objects.select_related("parent")
        )
        groups = input.get("required_certificates")
        age = input.get("min_buyer_age")
        category = services.category_rules_update(
            user=info.context.user,
            category=category,
            certificate_rules=[[enum_value(t) for t in g] for g in groups]
            if groups is not None
            else None,
            halal_applicable=input.get("halal_applicable"),
            inherit_certificate_rules=bool(input.get("inherit_required_certificates")),
            inherit_halal_applicable=bool(input.get("inherit_halal_applicable")),
            min_buyer_age=age or None,
            clear_min_buyer_age=age == 0,
            restriction_note=input.get("restriction_note"),
        )
        return cls(category=category)


class OvopCriterionInput(graphene.InputObjectType):
    met = graphene.Boolean(required=True, description="The criterion is met.")
    evidence = graphene.String(required=True, description="What shows it (required).")
    note = graphene.String(description="The assessor's note.")


class OvopCriteriaInput(graphene.InputObjectType):
    raw_material_local = OvopCriterionInput(
        required=True, description="a) local wisdom and the village's raw material."
    )
    raw_material_from_buffer_villages = OvopCriterionInput(
        required=True, description="b) raw material from buffer villages of the same zone."
    )
    economic_value = OvopCriterionInput(
        required=True, description="c) significant economic impact for the area."
    )
    market_potential = OvopCriterionInput(
        required=True, description="d) market potential, room to develop."
    )


class ProductAssessmentSubmit(BaseMutation):
    product = graphene.Field(ProductType, description="The product, now a candidate.")

    class Arguments:
        product = graphene.ID(required=True, description="The product to propose.")
        note = graphene.String(description="Why it qualifies (local wisdom, raw material).")

    class Meta:
        description = "Propose a product as an OVOP candidate (the lembaga or its pendamping)."
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(cls, root, info, product, note=""):
        obj = cls.get_node_or_error(
            info,
            product,
            model=Product,
            field="product",
            qs=products_visible(user=info.context.user),
        )
        obj = services.product_assessment_submit(
            user=info.context.user, product=obj, note=note or ""
        )
        return cls(product=obj)


class ProductDesignate(BaseMutation):
    product = graphene.Field(ProductType, description="The assessed product.")

    class Arguments:
        product = graphene.ID(required=True, description="The candidate product.")
        criteria = OvopCriteriaInput(required=True, description="Criteria II.3 a-d.")
        decision = ProductAssessmentDecisionEnum(required=True, description="DESIGNATE or DECLINE.")
        decree_number = graphene.String(description="Decree number (to designate).")
        decree_date = graphene.Date(description="Decree date, not in the future (to designate).")
        decree_issuer = graphene.String(
            description="Agency issuing the decree (to designate); Dinas PMD NTT if omitted."
        )
        note = graphene.String(description="Note; the reason when declining (required then).")

    class Meta:
        description = (
            "Record the II.3 assessment and designate (decree) or decline (programme "
            "staff of Dinas PMD only)."
        )
        error_type = CatalogError
        login_required = True

    @classmethod
    def perform(
        cls,
        root,
        info,
        product,
        criteria,
        decision,
        decree_number=None,
        decree_date=None,
        decree_issuer=None,
        note="",
    ):
        obj = cls.get_node_or_error(
            info,
            product,
            model=Product,
            field="product",
            qs=products_visible(user=info.context.user),
        )
        obj = services.product_designate(
            user=info.context.user,
            product=obj,
            criteria={key: dict(value) for key, value in dict(criteria).items() if value},
            decision=enum_value(decision),
            decree_number=decree_number,
            decree_date=decree_date,
            decree_issuer=decree_issuer,
            note=note or "",
        )
        return cls(product=obj)


class ProductMutations(graphene.ObjectType):
    product_assessment_submit = ProductAssessmentSubmit.Field()
    product_designate = ProductDesignate.Field()
    category_rules_update = CategoryRulesUpdate.Field()
    product_create = ProductCreate.Field()
    product_update = ProductUpdate.Field()
    product_variant_create = ProductVariantCreate.Field()
    product_variant_update = ProductVariantUpdate.Field()
    product_variant_stock_set = ProductVariantStockSet.Field()
    product_media_create = ProductMediaCreate.Field()
    certificate_create = CertificateCreate.Field()
    certificate_review = CertificateReview.Field()
    product_publish = ProductPublish.Field()
