"""Accounts: sign-in tokens, registration and ``me``."""

import uuid

import graphene
from graphene import relay

from catalog.graphql.types import ProductType
from catalog.selectors import wishlist_products
from orders.graphql.addresses import BuyerAddressType
from orders.selectors import buyer_addresses
from sellers.graphql.types import SellerType
from sellers.selectors import sellers_for_user
from shop import services
from shop.access import Access
from shop.errors import AccountErrorCode
from shop.models import User as UserModel
from shop.roles import Role
from shop.selectors import user_roles

from .base import BaseMutation, error_type


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


AccountError = error_type("AccountError", AccountErrorCode, "An error from an account mutation.")


class User(graphene.ObjectType):
    email = graphene.String(required=True, description="Sign-in e-mail address.")
    first_name = graphene.String(required=True, description="Given name.")
    last_name = graphene.String(required=True, description="Family name.")
    phone = graphene.String(required=True, description="Phone number in +62 form, or empty.")
    roles = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Role codes: consumer, seller_member, pendamping, campaign_staff, "
        "ntt_mart_operator, programme_officer, kabupaten_officer, superuser.",
    )
    sellers = graphene.List(
        graphene.NonNull(SellerType),
        required=True,
        description="The lembaga the user belongs to or is the pendamping of.",
    )

    addresses = graphene.List(
        graphene.NonNull(BuyerAddressType),
        required=True,
        description="The address book, the default first (yours only: empty for anyone else).",
    )
    wishlist = graphene.List(
        graphene.NonNull(ProductType),
        required=True,
        description="Products saved for later that are still for sale, last saved first "
        "(yours only: empty for anyone else).",
    )

    class Meta:
        interfaces = (relay.Node,)
        description = "A signed-in person."

    @classmethod
    def is_type_of(cls, root, info):
        return isinstance(root, UserModel)

    @staticmethod
    def resolve_id(root: UserModel, info):
        return str(root.public_id)

    @classmethod
    def get_node(cls, info, id):
        if Access(info.context.user).may_see_user(id):
            return UserModel.objects.filter(public_id=_uuid_or_none(id)).first()
        return None

    # ``accountRegister`` answers an unsaved user for an e-mail that already has an
    # account; it reads as a new consumer would.
    @staticmethod
    def resolve_roles(root: UserModel, info):
        return user_roles(user=root) if root.pk else [Role.CONSUMER.value]

    @staticmethod
    def resolve_sellers(root: UserModel, info):
        return sellers_for_user(user=root) if root.pk else []

    # A buyer's own lists: staff who may see a user by id do not see these.
    @staticmethod
    def resolve_addresses(root: UserModel, info):
        return buyer_addresses(user=root) if _is_self(root, info) else []

    @staticmethod
    def resolve_wishlist(root: UserModel, info):
        return wishlist_products(user=root) if _is_self(root, info) else []


def _is_self(root: UserModel, info) -> bool:
    user = info.context.user
    return bool(root.pk) and user.is_authenticated and user.pk == root.pk


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="The signed-in user, or null.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None


class TokenCreate(BaseMutation):
    token = graphene.String(description="Access token for `Authorization: Bearer`.")
    refresh_token = graphene.String(description="Long-lived token for `tokenRefresh`.")
    user = graphene.Field(User)

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    class Meta:
        description = "Sign in with e-mail and password; answers an access and a refresh token."
        error_type = AccountError

    @classmethod
    def perform(cls, root, info, email, password):
        request = info.context
        pair = services.token_create(
            email=email, password=password, client_ip=request.META.get("REMOTE_ADDR", "")
        )
        return cls(token=pair.token, refresh_token=pair.refresh_token, user=pair.user)


class TokenRefresh(BaseMutation):
    token = graphene.String(description="A new access token.")
    refresh_token = graphene.String(
        description="The refresh token to use next time; the one sent no longer works."
    )
    user = graphene.Field(User)

    class Arguments:
        refresh_token = graphene.String(required=True)

    class Meta:
        description = (
            "Exchange a refresh token for a new access token and a new refresh token. "
            "Each refresh token works once; sending a used one again signs that sign-in out."
        )
        error_type = AccountError

    @classmethod
    def perform(cls, root, info, refresh_token):
        issued = services.token_refresh(refresh_token=refresh_token)
        return cls(token=issued.token, refresh_token=issued.refresh_token, user=issued.user)


class TokensDeactivateAll(BaseMutation):
    class Meta:
        description = (
            "Sign out everywhere: every access and refresh token of the user and every "
            "browser session stop working."
        )
        error_type = AccountError
        login_required = True

    @classmethod
    def perform(cls, root, info):
        services.tokens_deactivate_all(user=info.context.user)
        return cls()


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True, description="E-mail address to sign in with.")
    password = graphene.String(required=True, description="At least 8 characters, not common.")
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    phone = graphene.String(description="Indonesian phone number, any common form.")
    privacy_consent = graphene.Boolean(
        description="The person consents to the privacy policy (recorded with its version)."
    )


class AccountRegister(BaseMutation):
    user = graphene.Field(User)

    class Arguments:
        input = AccountRegisterInput(required=True)

    class Meta:
        description = (
            "Create a consumer account. An e-mail address that already has an account "
            "gets the same answer (its owner is e-mailed; nothing is created)."
        )
        error_type = AccountError

    @classmethod
    def perform(cls, root, info, input):
        user = services.account_register(
            email=input.email,
            password=input.password,
            first_name=input.get("first_name") or "",
            last_name=input.get("last_name") or "",
            phone=input.get("phone") or "",
            privacy_consent=bool(input.get("privacy_consent")),
        )
        return cls(user=user)


class AccountMutations(graphene.ObjectType):
    token_create = TokenCreate.Field()
    token_refresh = TokenRefresh.Field()
    tokens_deactivate_all = TokensDeactivateAll.Field()
    account_register = AccountRegister.Field()
