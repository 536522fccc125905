"""Account writes: registration, sign-in and sign-out for the API and the pages."""

import logging

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import outbox
from .errors import AccountErrorCode
from .models import Consent, User
from .phone import normalize_phone
from .roles import Role
from .tokens import (
    IssuedTokens,
    TokenError,
    refresh_token_rotate,
    token_pair_issue,
    user_tokens_revoke,
)

logger = logging.getLogger(__name__)


def _failure_key(email: str, client_ip: str) -> str:
    return f"login-failures:{email.lower()}:{client_ip}"


def _count_attempt(key: str) -> int | None:
    """Count one sign-in attempt in the shared cache; None when the cache cannot count."""
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    try:
        cache.add(key, 0, window)
        try:
            attempts = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window)
            attempts = 1
    except Exception:  # any cache failure (Redis down, timeout): the limit cannot be kept
        logger.warning("Sign-in refused: the attempt counter (cache) is unavailable", exc_info=True)
        return None
    # django-redis configured to ignore connection errors answers None instead of raising.
    return attempts if isinstance(attempts, int) else None


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
    attempts = _count_attempt(key)
    if attempts is None:
        # Fail closed: without the counter, password guessing would be unlimited.
        raise ValidationError(
            _("Layanan masuk sedang terganggu. Coba lagi dalam beberapa menit."),
            code=AccountErrorCode.TEMPORARILY_UNAVAILABLE,
        )
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
    try:
        cache.delete(key)
    except Exception:  # the count expires by itself
        logger.warning("Could not reset the sign-in counter", exc_info=True)
    return user


def token_create(*, email: str, password: str, client_ip: str = "") -> IssuedTokens:
    """Sign a user in through the API: a new token family with an access and a refresh token."""
    user = user_authenticate(email=email, password=password, client_ip=client_ip)
    return token_pair_issue(user=user)


def token_refresh(*, refresh_token: str) -> IssuedTokens:
    """Spend a refresh token for a new access token and a new refresh token (rotation).

    The token used stops working; using it again revokes its whole family.
    """
    try:
        return refresh_token_rotate(token=refresh_token)
    except TokenError as exc:
        raise ValidationError(
            {
                "refresh_token": ValidationError(
                    _("Token penyegar tidak valid atau kedaluwarsa."),
                    code=AccountErrorCode.INVALID_TOKEN,
                )
            }
        ) from exc


def tokens_deactivate_all(*, user: User) -> None:
    """Sign the user out everywhere: every token and every browser session stops working."""
    user_tokens_revoke(user=user)


def account_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    privacy_consent: bool = False,
) -> User:
    """Create a consumer account and queue the welcome e-mail.

    ``privacy_consent``: the person ticked their consent to the privacy policy; it is
    recorded (``Consent``: purpose, policy version, time) with the new account.

    An e-mail address that already has an account gets the same answer as a
    new one (a user, not stored) so that nobody learns who is registered; the
    owner is told by e-mail instead. Callers tell the two apart by ``pk``.
    """
    errors: dict[str, list[ValidationError]] = {}
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [ValidationError(_("Alamat e-mail tidak valid."), code="invalid")]
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
    fields = {"first_name": first_name.strip(), "last_name": last_name.strip(), "phone": phone}
    existing = User.objects.filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=password, **fields)
                user.groups.add(Group.objects.get(name=Role.CONSUMER))
                if privacy_consent:
                    Consent.objects.create(
                        user=user,
                        purpose=Consent.Purpose.ACCOUNT,
                        policy_version=settings.PRIVACY_POLICY_VERSION,
                    )
                outbox.notify("shop.tasks.send_welcome_email", user_id=user.pk)
            return user
        except IntegrityError:  # registered a moment ago by a parallel request
            existing = User.objects.get(email=email)
    else:
        make_password(password)  # as long as a real registration takes
    outbox.notify("shop.tasks.send_account_exists_email", user_id=existing.pk)
    return User(email=email, **fields)
