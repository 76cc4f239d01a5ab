"""People who sign in through the idp, their sign-in sessions, and one-time tickets."""

import hashlib
import re
import secrets
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone

USER_ID_PREFIX = "auth0|"
CONNECTION_NAME = "Username-Password-Authentication"
_HEX_ID = re.compile(r"^[0-9a-f]{24}$")


def new_user_pk() -> str:
    return secrets.token_hex(12)


def normalize_email_address(email: str) -> str:
    """Auth0 stores database-connection emails lower-cased; so do we, whole address."""
    return email.strip().lower()


def pk_from_user_id(user_id: str) -> str | None:
    """`auth0|<24 hex>` -> `<24 hex>`; None when the id is not one of ours."""
    if not user_id.startswith(USER_ID_PREFIX):
        return None
    pk = user_id.removeprefix(USER_ID_PREFIX)
    return pk if _HEX_ID.match(pk) else None


def hash_ticket_token(token: str) -> str:
    # Tokens carry 256 random bits, so an unsalted digest is enough to make a leaked table
    # useless without slowing every lookup down to password-hash speed.
    return hashlib.sha256(token.encode()).hexdigest()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email=normalize_email_address(username or ""))

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=normalize_email_address(email), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    id = models.CharField(primary_key=True, max_length=24, default=new_user_pk, editable=False)
    email = models.EmailField(unique=True)
    email_verified = models.BooleanField(default=False)
    blocked = models.BooleanField(default=False)
    app_metadata = models.JSONField(default=dict, blank=True)
    user_metadata = models.JSONField(default=dict, blank=True)
    name = models.CharField(max_length=300, blank=True)
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    # Auth0 root attributes; empty means the default Auth0 derives (see the properties below).
    nickname = models.CharField(max_length=150, blank=True)
    picture = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.email

    @property
    def user_id(self) -> str:
        return USER_ID_PREFIX + self.pk

    @property
    def display_name(self) -> str:
        return self.name or self.email

    @property
    def display_nickname(self) -> str:
        """Auth0's default nickname: the part of the email address before the @."""
        return self.nickname or self.email.split("@", 1)[0]

    @property
    def picture_url(self) -> str:
        """The stored picture, else an avatar drawn by this service from the initials. Auth0
        falls back to Gravatar, which would tell a third party who signs in to a law firm."""
        if self.picture:
            return self.picture
        return f"{settings.IDP_ISSUER}avatars/{quote(self.initials)}.svg"

    @property
    def initials(self) -> str:
        words = (self.name or self.display_nickname).replace(".", " ").split()
        return "".join(word[0] for word in words[:2]).upper() or "?"


class SignInSession(models.Model):
    """One sign-in at the idp: ties the Django session to the `sid` claim in ID tokens, so
    deleting a person can end their sessions and RPs can tell sign-ins apart."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_sessions")
    session_key = models.CharField(max_length=40, db_index=True)
    sid = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"sign-in {self.sid} for {self.user_id}"


class Ticket(models.Model):
    """A single-use link sent to a person: set a password, or confirm an email address."""

    class Kind(models.TextChoices):
        PASSWORD_CHANGE = "password_change", "Password change"
        EMAIL_VERIFICATION = "email_verification", "Email verification"

    class Source(models.TextChoices):
        MANAGEMENT_API = "management_api", "Management API"
        SELF_SERVICE = "self_service", "Forgot password"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tickets")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    source = models.CharField(max_length=32, choices=Source.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    result_url = models.URLField(max_length=2000, blank=True)
    client_id = models.CharField(max_length=100, blank=True)
    mark_email_as_verified = models.BooleanField(default=False)
    include_email_in_redirect = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} ticket for {self.user_id}"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
