"""One helper shows a service's ValidationError on a page: field errors on fields, the rest aside."""

from django import forms
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from shop.form_errors import form_errors_add


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def bound_form() -> NameForm:
    form = NameForm({"name": "Tenun"})
    assert form.is_valid()
    return form


def service_error() -> ValidationError:
    return ValidationError(
        {
            "name": ValidationError("Nama %(n)s sudah dipakai.", code="UNIQUE", params={"n": "A"}),
            "village_code": ValidationError("Kode desa tidak dikenal.", code="NOT_FOUND"),
        }
    )


def request_with_messages():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def test_field_message_goes_on_its_field_and_the_rest_to_non_field_errors():
    form = bound_form()
    form_errors_add(service_error(), form=form)
    assert form.errors == {
        "name": ["Nama A sudah dipakai."],
        "__all__": ["Kode desa tidak dikenal."],
    }


def test_with_a_request_the_messages_without_a_field_become_flash_messages():
    form = bound_form()
    request = request_with_messages()
    form_errors_add(service_error(), form=form, request=request)
    assert form.errors == {"name": ["Nama A sudah dipakai."]}
    assert [str(m) for m in messages.get_messages(request)] == ["Kode desa tidak dikenal."]


def test_without_a_form_every_message_is_flashed_with_its_prefix():
    request = request_with_messages()
    form_errors_add(service_error(), request=request, prefix="SKU-1: ")
    form_errors_add(ValidationError("Stok tidak mencukupi."), request=request)
    assert [str(m) for m in messages.get_messages(request)] == [
        "SKU-1: Nama A sudah dipakai.",
        "SKU-1: Kode desa tidak dikenal.",
        "Stok tidak mencukupi.",
    ]
