"""Account writes: registration and sign-in for the API."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from .errors import AccountErrorCode
from .models import User
from .phone import normalize_phone
from .roles import Role
from .tokens import TokenError, token_issue, token_user


@dataclass(frozen=True)
class TokenPair:
    token: str
    refresh_token: str
    user: User


def _failure_key(email: str, client_ip: str) -> str:
    return f"login-failures:{email.lower()}:{client_ip}"


def user_authenticate(*, email: str, password: str, client_ip: str = "", request=None) -> User:
    """Check an e-mail and password, for the API and the sign-in page alike.

    Every failure answers the same generic error so that nobody can learn which
    e-mail addresses have an account; repeated failures for one address from
    one client are refused for a while to slow password guessing. The attempt
    is counted (atomically, in the shared cache) before the password is
    checked, so parallel guesses cannot slip past the limit.
    """
    email = (email or "").strip().lower()
    key = _failure_key(email, client_ip)
    cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)
        attempts = 1
    if attempts > settings.LOGIN_MAX_FAILURES:
        raise ValidationError(
            _("Terlalu banyak percobaan masuk. Coba lagi dalam beberapa menit."),
            code=AccountErrorCode.TOO_MANY_ATTEMPTS,
        )
    user = authenticate(request, username=email, password=password)
    if user is None:
        raise ValidationError(
            _("E-mail atau kata sandi salah."), code=AccountErrorCode.INVALID_CREDENTIALS
        )
    cache.delete(key)
    return user


def token_create(*, email: str, password: str, client_ip: str = "") -> TokenPair:
    """Sign a user in through the API and issue an access and a refresh token."""
    user = user_authenticate(email=email, password=password, client_ip=client_ip)
    return TokenPair(
        token=token_issue(user=user, kind="access"),
        refresh_token=token_issue(user=user, kind="refresh"),
        user=user,
    )


def token_refresh(*, refresh_token: str) -> str:
    """Exchange a valid refresh token for a new access token."""
    try:
        user = token_user(token=refresh_token, kind="refresh")
    except TokenError as exc:
        raise ValidationError(
            {
                "refresh_token": ValidationError(
                    _("Token penyegar tidak valid atau kedaluwarsa."),
                    code=AccountErrorCode.INVALID_TOKEN,
                )
            }
        ) from exc
    return token_issue(user=user, kind="access")


def account_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
) -> User:
    """Create a consumer account and queue the welcome e-mail."""
    from .tasks import send_welcome_email

    errors: dict[str, list[ValidationError]] = {}
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [ValidationError(_("Alamat e-mail tidak valid."), code="invalid")]
    else:
        if User.objects.filter(email=email).exists():
            errors["email"] = [
                ValidationError(_("E-mail ini sudah terdaftar."), code=AccountErrorCode.UNIQUE)
            ]
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.error_list
    try:
        validate_password(password, User(email=email, first_name=first_name, last_name=last_name))
    except ValidationError as exc:
        errors["password"] = [
            ValidationError(m, code=AccountErrorCode.PASSWORD_TOO_WEAK) for m in exc.messages
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            phone=phone,
        )
        user.groups.add(Group.objects.get(name=Role.CONSUMER))
        transaction.on_commit(lambda: send_welcome_email.delay(user.pk))
    return user
