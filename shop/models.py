import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .permissions import PERMISSION_LABELS

SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


def _new_token_key() -> str:
    """The default of the former ``jwt_token_key`` field; migration 0001 still names it."""
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
    # Every token carries the version it was issued under; raising it (a password
    # change, a deactivation, "sign out everywhere") revokes all tokens and sessions.
    token_version = models.PositiveIntegerField(default=0, editable=False)
    # What the API shows as the user's ID: random, so IDs reveal neither how many
    # accounts there are nor, in ``accountRegister``'s answer, whether one existed.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

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

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_is_active = dict(zip(field_names, values, strict=True)).get("is_active")
        return instance

    def save(self, *args, **kwargs):
        """Raise the token version when the password changes or the account is deactivated.

        Only a new password (``set_password`` then ``save``, as the admin, the
        ``changepassword`` command and password forms do) counts: Django's
        rehash of an unchanged password on sign-in saves with ``_password``
        cleared and keeps everyone signed in.
        """
        revoke = not self._state.adding and (
            self._password is not None
            or (getattr(self, "_loaded_is_active", None) is True and not self.is_active)
        )
        if revoke:
            self.token_version = models.F("token_version") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "token_version"}
        super().save(*args, **kwargs)
        if revoke:
            self.refresh_from_db(fields=["token_version"])
        self._loaded_is_active = self.is_active

    def get_session_auth_hash(self) -> str:
        return self._session_auth_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(secret=fallback_secret)

    def _session_auth_hash(self, *, secret: str | None) -> str:
        """Django's HMAC of the password hash, plus the token version once it was raised.

        So "sign out everywhere" ends browser sessions too; at version 0 the
        value is Django's own, so sessions opened before this existed stay valid.
        """
        value = self.password if not self.token_version else f"{self.password}:{self.token_version}"
        return salted_hmac(SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()


class Consent(models.Model):
    """A person's consent to the processing of their personal data (UU 27/2022, Pasal 20-22).

    Written where consent is asked (sign-up): for which purpose, under which version of
    the privacy policy, and when. Deleting the account deletes its consents with it.
    """

    class Purpose(models.TextChoices):
        ACCOUNT = "ACCOUNT", _("Akun dan pesanan (pendaftaran)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("tujuan"), max_length=16, choices=Purpose.choices)
    policy_version = models.CharField(_("versi kebijakan privasi"), max_length=20)
    given_at = models.DateTimeField(_("diberikan"), default=timezone.now)

    class Meta:
        ordering = ["given_at", "pk"]
        verbose_name = _("persetujuan data pribadi")
        verbose_name_plural = _("persetujuan data pribadi")


class RefreshTokenFamily(models.Model):
    """One sign-in's chain of refresh tokens: only its newest token (``current_jti``) works.

    Each refresh answers a new refresh token and retires the one used. A
    retired token coming back means it was copied: the whole family is revoked,
    so neither the thief nor the owner can go on with it (the owner signs in
    again), and access tokens issued in the family stop working at once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="token_families")
    current_jti = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sesi token")
        verbose_name_plural = _("sesi token")
        indexes = [models.Index(fields=["rotated_at"], name="token_family_rotated_idx")]


class OutboxMessage(models.Model):
    """Work to do after a change commits (an e-mail, a search re-index), kept until done.

    Written in the same transaction as the change it follows, so a rolled-back
    change leaves no message and a committed one always has its message, even
    when the broker is down. ``shop.outbox`` creates, delivers and re-sends
    these rows; ``delivered_at`` makes delivery happen once.
    """

    class Kind(models.TextChoices):
        NOTIFICATION = "NOTIFICATION", _("Pemberitahuan")
        WORK = "WORK", _("Pekerjaan latar")

    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    handler = models.CharField(_("penangan"), max_length=200)
    kwargs = models.JSONField(_("argumen"), default=dict)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    last_attempt_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    last_error = models.CharField(_("galat terakhir"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan outbox")
        verbose_name_plural = _("pesan outbox")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.handler} #{self.pk}"
