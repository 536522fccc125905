from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": _("E-mail atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }


class RegisterForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput)
