import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .permissions import PERMISSION_LABELS


def _new_token_key() -> str:
    return secrets.token_urlsafe(16)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; roles are groups."""

    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("nama depan"), max_length=150, blank=True)
    last_name = models.CharField(_("nama belakang"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    language = models.CharField(_("bahasa"), max_length=5, default="id")
    is_staff = models.BooleanField(_("staf admin"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    date_joined = models.DateTimeField(_("bergabung"), default=timezone.now)
    # Rotating this key revokes every token issued to the user.
    jwt_token_key = models.CharField(max_length=32, default=_new_token_key)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        permissions = [(p.value, label) for p, label in PERMISSION_LABELS.items()]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email
