"""Control characters are refused in one place, for every text input (issue #10 items 7, 8, 10)."""

import pytest
from django import forms

from shop.roles import Role
from shop.text import ControlCharacterValidator, control_character_problem, guard_form_fields

pytestmark = pytest.mark.django_db

NUL = "a\x00b"

QUERIES = {
    "product slug": ("query($v: String) { product(slug: $v) { id } }", "slug"),
    "seller slug": ("query($v: String) { seller(slug: $v) { id } }", "slug"),
    "zone slug": ("query($v: String) { zone(slug: $v) { id } }", "slug"),
    "zones regency": ("query($v: String) { zones(regency: $v) { id } }", "regency"),
    "districts": ("query($v: String!) { districts(regency: $v) { code } }", "regency"),
    "villages": ("query($v: String!) { villages(district: $v) { code } }", "district"),
    "sellers search": (
        "query($v: String) { sellers(filter: {search: $v}) { totalCount } }",
        "search",
    ),
    "sellers regency": (
        "query($v: String) { sellers(filter: {regency: $v}) { totalCount } }",
        "regency",
    ),
    "products search": (
        "query($v: String) { products(filter: {search: $v}) { totalCount } }",
        "search",
    ),
    "checkout token": ("query($v: String!) { checkout(token: $v) { token } }", "token"),
    "node id": ("query($v: ID!) { node(id: $v) { id } }", "id"),
    "__type name": ("query($v: String!) { __type(name: $v) { name } }", "name"),
}


@pytest.mark.parametrize("case", QUERIES)
def test_nul_in_a_query_argument_never_reaches_postgresql(gql, case, django_assert_num_queries):
    query, field = QUERIES[case]
    gql.language = "en"
    with django_assert_num_queries(0):
        body = gql(query, {"v": NUL})
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": field}
    assert body["errors"][0]["message"] == "Text must not contain the NUL character."
    assert "PostgreSQL" not in str(body)


def test_a_literal_nul_is_refused_too(gql):
    body = gql('{ product(slug: "a\\u0000b") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


MUTATIONS = {
    "tokenCreate email": (
        'mutation($v: String!) { tokenCreate(email: $v, password: "x") { errors { field code } } }',
        "tokenCreate",
        "email",
    ),
    "tokenCreate password": (
        'mutation($v: String!) { tokenCreate(email: "a@b.id", password: $v) '
        "{ errors { field code } } }",
        "tokenCreate",
        "password",
    ),
    "sellerRegister name": (
        """mutation($v: String!) { sellerRegister(input: {name: $v, kind: BUMDES,
          villageCode: "53.07.01.2001", nib: "9120000012345", phone: "081234567890",
          email: "x@desa.id"}) { errors { field code } } }""",
        "sellerRegister",
        "name",
    ),
    "zoneCreate name": (
        """mutation($v: String!) { zoneCreate(input: {regencyCode: "53.07", name: $v,
          commodity: "Tenun", productionVillageCodes: ["53.07.01.2001"]}) {
          errors { field code } } }""",
        "zoneCreate",
        "name",
    ),
}


@pytest.mark.parametrize("case", MUTATIONS)
@pytest.mark.parametrize("value", [NUL, "a\r\nb"])
def test_a_mutation_answers_refused_text_in_its_errors(gql, make_user, case, value):
    query, mutation, field = MUTATIONS[case]
    gql.login(make_user(Role.PROGRAMME_OFFICER))
    body = gql(query, {"v": value})
    assert "errors" not in body, body
    assert body["data"][mutation]["errors"] == [{"field": field, "code": "INVALID"}]


@pytest.mark.parametrize(
    ("value", "multiline", "refused"),
    [
        ("Tenun Nita", False, False),
        ("Tenun\tNita", False, True),
        ("Tenun\rNita", False, True),
        ("Tenun\nNita", False, True),
        ("Tenun\u2028Nita", False, True),
        ("Tenun\x7fNita", False, True),
        ("Tenun\x00Nita", True, True),
        ("Tenun\r\nNita\tikat", True, False),
        ("Tenun\x0bNita", True, True),
        ("Tenun \u00e9 \U0001f600", False, False),
    ],
)
def test_the_rule(value, multiline, refused):
    assert (control_character_problem(value, multiline=multiline) is not None) is refused


class _Form(forms.Form):
    name = forms.CharField()
    story = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_form_fields(self.fields)


def test_forms_get_the_same_rule():
    assert _Form({"name": "Tenun", "story": "a\r\nb"}).is_valid()
    form = _Form({"name": "Tenun\r\nBcc: x@y.id", "story": "a\x01b"})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["name"]] == ["INVALID"]
    assert [e.code for e in form.errors.as_data()["story"]] == ["INVALID"]
    assert ControlCharacterValidator() == ControlCharacterValidator(multiline=False)


def test_the_stores_own_forms_refuse_a_line_break_in_a_single_line_field():
    from orders.forms import CheckoutForm
    from sellers.forms import SellerForm
    from shop.forms import RegisterForm

    register = RegisterForm({"email": "a@b.id", "first_name": "Ani\r\nBcc: x", "password": "x"})
    assert not register.is_valid()
    assert [e.code for e in register.errors.as_data()["first_name"]] == ["INVALID"]
    for form_class, field in ((SellerForm, "name"), (CheckoutForm, "email")):
        form = form_class({field: "a\r\nb"})
        form.is_valid()
        assert "INVALID" in [e.code for e in form.errors.as_data().get(field, [])], form_class
