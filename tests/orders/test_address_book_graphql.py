"""The address book over GraphQL: me { addresses }, accountAddressCreate/Update/Delete,
accountSetDefaultAddress and checkoutAddressUse; each mutation only for one's own book."""

import pytest
from graphql_relay import to_global_id

from catalog.services.wishlist import wishlist_add
from orders.models import BuyerAddress, Checkout
from orders.services.addresses import buyer_address_save
from tests.shopping import KUPANG_ADDRESS, KUPANG_VILLAGE

pytestmark = pytest.mark.django_db

FIELDS = "id label name phone street village { code name } postalCode place isDefault"
CREATE = f"""mutation($input: AddressInput!, $label: String, $makeDefault: Boolean) {{
  accountAddressCreate(input: $input, label: $label, makeDefault: $makeDefault) {{
    address {{ {FIELDS} }} errors {{ field code message }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: AddressInput!, $label: String) {{
  accountAddressUpdate(id: $id, input: $input, label: $label) {{
    address {{ {FIELDS} }} errors {{ field code }} }} }}"""
DELETE = (
    """mutation($id: ID!) { accountAddressDelete(id: $id) { deleted errors { field code } } }"""
)
DEFAULT = """mutation($id: ID!) {
  accountSetDefaultAddress(id: $id) { address { label isDefault } errors { field code } } }"""
ME = "{ me { addresses { label isDefault } } }"
USE = """mutation($token: String!, $address: ID!) {
  checkoutAddressUse(token: $token, address: $address) {
    checkout { token } errors { field code } } }"""
CHECKOUT = """mutation($variant: ID!) {
  checkoutCreate(input: { lines: [{ variant: $variant, quantity: 1 }] }) {
    checkout { token } errors { code } } }"""

KUPANG = {
    "name": "Maria Goreti",
    "phone": "0812 3456 7890",
    "street": "Jl. El Tari 5",
    "villageCode": KUPANG_VILLAGE,
    "postalCode": "85228",
}


def _labels(gql) -> list[tuple[str, bool]]:
    return [(a["label"], a["isDefault"]) for a in gql(ME)["data"]["me"]["addresses"]]


def test_a_buyer_keeps_an_address_book_over_graphql(gql, make_user):
    gql.login(make_user())
    home = gql(CREATE, {"input": KUPANG, "label": "Rumah"})["data"]["accountAddressCreate"]
    assert home["errors"] == []
    address = home["address"]
    assert (address["label"], address["phone"], address["isDefault"]) == (
        "Rumah",
        "+6281234567890",  # normalised as at checkout
        True,  # the first one is the default
    )
    assert address["village"]["code"] == KUPANG_VILLAGE
    assert address["place"].endswith("Kota Kupang")
    office = gql(CREATE, {"input": {**KUPANG, "street": "Jl. Polisi Militer 2"}, "label": "Kantor"})
    office_id = office["data"]["accountAddressCreate"]["address"]["id"]
    assert _labels(gql) == [("Rumah", True), ("Kantor", False)]

    made = gql(DEFAULT, {"id": office_id})["data"]["accountSetDefaultAddress"]
    assert made == {"address": {"label": "Kantor", "isDefault": True}, "errors": []}
    assert _labels(gql) == [("Kantor", True), ("Rumah", False)]

    changed = gql(UPDATE, {"id": office_id, "input": {**KUPANG, "street": "Jl. Baru 9"}})
    assert changed["data"]["accountAddressUpdate"]["address"]["street"] == "Jl. Baru 9"
    assert changed["data"]["accountAddressUpdate"]["address"]["label"] == ""

    gone = gql(DELETE, {"id": office_id})["data"]["accountAddressDelete"]
    assert gone == {"deleted": True, "errors": []}
    assert _labels(gql) == [("Rumah", True)]  # the default moved to the one left


def test_a_bad_address_answers_field_codes_and_keeps_nothing(gql, make_user):
    gql.login(make_user())
    result = gql(CREATE, {"input": {**KUPANG, "phone": "123", "postalCode": "8522"}})
    errors = result["data"]["accountAddressCreate"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("phone", "INVALID"),
        ("postalCode", "INVALID"),
    }
    assert result["data"]["accountAddressCreate"]["address"] is None
    assert BuyerAddress.objects.count() == 0


def test_the_book_is_full_at_the_limit(gql, make_user, settings):
    settings.BUYER_ADDRESS_LIMIT = 2
    gql.login(make_user())
    for _ in range(2):
        assert gql(CREATE, {"input": KUPANG})["data"]["accountAddressCreate"]["errors"] == []
    third = gql(CREATE, {"input": KUPANG})["data"]["accountAddressCreate"]
    assert [e["code"] for e in third["errors"]] == ["INVALID"]
    assert BuyerAddress.objects.count() == 2


def test_another_persons_address_is_not_found_and_not_listed(gql, make_user):
    owner, other = make_user(), make_user()
    kept = buyer_address_save(user=owner, address=KUPANG_ADDRESS, label="Rumah")
    their_id = to_global_id("BuyerAddress", kept.pk)
    gql.login(other)
    assert gql(ME)["data"]["me"]["addresses"] == []
    for query, variables in (
        (DELETE, {"id": their_id}),
        (DEFAULT, {"id": their_id}),
        (UPDATE, {"id": their_id, "input": {**KUPANG, "street": "Diganti"}}),
    ):
        data = next(iter(gql(query, variables)["data"].values()))
        assert [e["code"] for e in data["errors"]] == ["NOT_FOUND"]
    kept.refresh_from_db()
    assert (kept.street, kept.is_default) == ("Jl. El Tari No. 5", True)
    # and an id of another type is not an address
    wrong = gql(DELETE, {"id": to_global_id("Product", kept.pk)})["data"]["accountAddressDelete"]
    assert [e["code"] for e in wrong["errors"]] == ["NOT_FOUND"]


def test_a_guest_may_not_keep_addresses(gql):
    result = gql(CREATE, {"input": KUPANG})["data"]["accountAddressCreate"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert gql(ME)["data"]["me"] is None
    assert BuyerAddress.objects.count() == 0


def test_registering_an_e_mail_that_has_an_account_shows_none_of_its_lists(gql, make_user, world):
    """accountRegister answers an unsaved look-alike for a taken e-mail (no enumeration):
    it must not carry the real account's addresses or wishlist."""
    owner = make_user(email="maria@contoh.id")
    buyer_address_save(user=owner, address=KUPANG_ADDRESS)
    wishlist_add(user=owner, product_id=world.tenun.product_id)
    result = gql(
        """mutation($i: AccountRegisterInput!) { accountRegister(input: $i) {
             user { email addresses { name } wishlist { name } } errors { code } } }""",
        {"i": {"email": "maria@contoh.id", "password": "rahasia-kuat-456", "privacyConsent": True}},
    )["data"]["accountRegister"]
    assert result["user"] == {"email": "maria@contoh.id", "addresses": [], "wishlist": []}
    gql.login(owner)  # the owner sees them
    me = gql("{ me { addresses { name } wishlist { name } } }")["data"]["me"]
    assert me == {
        "addresses": [{"name": "Maria Goreti"}],
        "wishlist": [{"name": world.tenun.product.name}],
    }


def test_a_cart_is_sent_to_a_saved_address(gql, make_user, world):
    buyer = make_user()
    saved = buyer_address_save(user=buyer, address=KUPANG_ADDRESS)
    gql.login(buyer)
    created = gql(CHECKOUT, {"variant": to_global_id("ProductVariant", world.tenun.pk)})
    token = created["data"]["checkoutCreate"]["checkout"]["token"]
    used = gql(USE, {"token": token, "address": to_global_id("BuyerAddress", saved.pk)})
    assert used["data"]["checkoutAddressUse"] == {"checkout": {"token": token}, "errors": []}
    checkout = Checkout.objects.get(token=token)
    assert (checkout.ship_name, checkout.ship_village_id, checkout.ship_postal_code) == (
        "Maria Goreti",
        KUPANG_VILLAGE,
        "85228",
    )
    # someone else's saved address cannot be used
    other = buyer_address_save(user=make_user(), address=KUPANG_ADDRESS)
    refused = gql(USE, {"token": token, "address": to_global_id("BuyerAddress", other.pk)})
    assert [e["code"] for e in refused["data"]["checkoutAddressUse"]["errors"]] == ["NOT_FOUND"]
