"""The buyer's address book over GraphQL: ``me { addresses }`` and its mutations.

Names follow Saleor's (``accountAddressCreate``, ``accountSetDefaultAddress``), so
a phone app written against a Saleor-like API finds them where it expects; each
mutation calls one service of ``orders.services.addresses``, which checks who may.
"""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from orders.models import BuyerAddress
from orders.services import addresses as address_services
from sellers.graphql.dataloaders import VillageByCodeLoader
from sellers.graphql.types import VillageType
from shop.graphql.base import BaseMutation, global_id_to_pk

from .mutations import AddressInput, CheckoutError, address_from_input, checkout_for
from .types import CheckoutType


class BuyerAddressType(DjangoObjectType):
    label = graphene.String(required=True, description='The buyer\'s name for it ("Rumah").')
    name = graphene.String(required=True, description="Recipient's name.")
    phone = graphene.String(required=True, description="Phone in +62 form.")
    street = graphene.String(required=True, description="Street, house number, RT/RW.")
    village = graphene.Field(VillageType, description="Desa/kelurahan in NTT (null outside).")
    city = graphene.String(required=True, description="City outside NTT, or empty.")
    province = graphene.String(required=True, description="Province outside NTT, or empty.")
    postal_code = graphene.String(required=True, description="Five-digit postal code.")
    place = graphene.String(
        required=True, description="Desa, kecamatan, kabupaten (or city, province) on one line."
    )
    is_default = graphene.Boolean(
        required=True, description="The address each new checkout starts from."
    )

    class Meta:
        model = BuyerAddress
        name = "BuyerAddress"
        interfaces = (relay.Node,)
        fields = (
            "label",
            "name",
            "phone",
            "street",
            "village",
            "city",
            "province",
            "postal_code",
            "is_default",
        )
        description = "A delivery address the signed-in buyer keeps for the next checkout."

    @classmethod
    def get_node(cls, info, id):
        return None  # read through ``me { addresses }``, never by id

    @staticmethod
    def resolve_village(root: BuyerAddress, info):
        return VillageByCodeLoader(info.context).load(root.village_id) if root.village_id else None


def _pk(global_id: str, *, field: str = "id") -> int:
    return int(global_id_to_pk(global_id, "BuyerAddress", field=field))


class AccountAddressCreate(BaseMutation):
    address = graphene.Field(BuyerAddressType, description="The address as kept.")

    class Arguments:
        input = AddressInput(required=True, description="The address; checked as at checkout.")
        label = graphene.String(description='A name for it, e.g. "Rumah" or "Kantor".')
        make_default = graphene.Boolean(description="Make it the default (the first one is).")

    class Meta:
        description = "Add an address to the signed-in buyer's book (at most 20)."
        error_type = CheckoutError
        login_required = True

    @classmethod
    def perform(cls, root, info, input, label="", make_default=False):
        address = address_services.buyer_address_save(
            user=info.context.user,
            address=address_from_input(input),
            label=label or "",
            make_default=bool(make_default),
        )
        return cls(address=address)


class AccountAddressUpdate(BaseMutation):
    address = graphene.Field(BuyerAddressType, description="The address as kept.")

    class Arguments:
        id = graphene.ID(required=True, description="BuyerAddress ID.")
        input = AddressInput(required=True, description="The whole address, checked again.")
        label = graphene.String(description="Its name.")
        make_default = graphene.Boolean(description="Make it the default.")

    class Meta:
        description = "Change one of the signed-in buyer's addresses."
        error_type = CheckoutError
        login_required = True

    @classmethod
    def perform(cls, root, info, id, input, label="", make_default=False):
        address = address_services.buyer_address_save(
            user=info.context.user,
            address=address_from_input(input),
            label=label or "",
            make_default=bool(make_default),
            address_id=_pk(id),
        )
        return cls(address=address)


class AccountAddressDelete(BaseMutation):
    deleted = graphene.Boolean(description="True when it was removed (null with errors).")

    class Arguments:
        id = graphene.ID(required=True, description="BuyerAddress ID.")

    class Meta:
        description = "Remove an address; when it was the default, the last used one takes over."
        error_type = CheckoutError
        login_required = True

    @classmethod
    def perform(cls, root, info, id):
        address_services.buyer_address_delete(user=info.context.user, address_id=_pk(id))
        return cls(deleted=True)


class AccountSetDefaultAddress(BaseMutation):
    address = graphene.Field(BuyerAddressType, description="The new default.")

    class Arguments:
        id = graphene.ID(required=True, description="BuyerAddress ID.")

    class Meta:
        description = "Make one of the signed-in buyer's addresses the default."
        error_type = CheckoutError
        login_required = True

    @classmethod
    def perform(cls, root, info, id):
        address = address_services.buyer_address_default_set(
            user=info.context.user, address_id=_pk(id)
        )
        return cls(address=address)


class CheckoutAddressUse(BaseMutation):
    checkout = graphene.Field(CheckoutType, description="The cart, to be delivered there.")

    class Arguments:
        token = graphene.String(required=True, description="The cart's token.")
        address = graphene.ID(required=True, description="One of the buyer's BuyerAddress IDs.")

    class Meta:
        description = "Deliver the signed-in buyer's cart to one of their saved addresses."
        error_type = CheckoutError
        login_required = True

    @classmethod
    def perform(cls, root, info, token, address):
        user = info.context.user
        saved = address_services.buyer_address_own(
            user=user, address_id=_pk(address, field="address")
        )
        checkout = address_services.checkout_address_use(
            checkout=checkout_for(info, token), address=saved
        )
        return cls(checkout=checkout)


class AddressMutations(graphene.ObjectType):
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
    checkout_address_use = CheckoutAddressUse.Field()
