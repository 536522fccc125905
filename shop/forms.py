from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services import user_authenticate
from .text import TextGuardFormMixin


class LoginForm(TextGuardFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": _("E-mail atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif."),
    }

    def clean(self):
        """Same generic error and rate limit as the API's ``tokenCreate``."""
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            try:
                self.user_cache = user_authenticate(
                    email=email,
                    password=password,
                    client_ip=self.request.META.get("REMOTE_ADDR", "") if self.request else "",
                    request=self.request,
                )
            except ValidationError as exc:
                raise ValidationError(exc.messages[0], code=exc.error_list[0].code) from exc
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class RegisterForm(TextGuardFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=20, required=False)
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput)
    privacy_consent = forms.BooleanField(
        label=_("Saya menyetujui pemrosesan data pribadi saya sesuai Kebijakan Privasi"),
        help_text=_("Wajib untuk membuat akun (UU 27/2022 tentang Pelindungan Data Pribadi)."),
        error_messages={"required": _("Persetujuan diperlukan untuk membuat akun.")},
    )
