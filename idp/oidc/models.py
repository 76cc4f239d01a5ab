"""What DOT does not model: APIs (audiences), which apps may call them, an application's
Auth0-style settings, the idp session behind each authorization code and refresh token, which
applications each sign-in reached, and the back-channel logouts owed to them."""

from django.db import models
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings


class ApiResource(models.Model):
    """An API an access token can be issued for (Auth0's "API", keyed by its audience)."""

    identifier = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=255)
    # Auth0's per-API "token expiration"; empty means the idp-wide default.
    token_lifetime = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.identifier


class ClientGrant(models.Model):
    """Lets a client-credentials application get tokens for one API, with these scopes."""

    application = models.ForeignKey(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="client_grants"
    )
    audience = models.ForeignKey(
        ApiResource,
        on_delete=models.CASCADE,
        to_field="identifier",
        db_column="audience",
        related_name="client_grants",
    )
    scopes = models.TextField(blank=True, help_text="Space-separated scopes.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "audience"], name="one_grant_per_api")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} -> {self.audience_id}"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()


class GrantContext(models.Model):
    """The idp sign-in and requested audience behind one authorization code.

    The code is redeemed server-to-server, where the browser's session is out of reach, so the
    `sid`, `auth_time` and `audience` that belong in the tokens travel with the code.
    """

    grant = models.OneToOneField(
        oauth2_settings.GRANT_MODEL, on_delete=models.CASCADE, related_name="idp_context"
    )
    sid = models.CharField(max_length=64, blank=True)
    auth_time = models.DateTimeField(null=True, blank=True)
    audience = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"context for grant {self.grant_id}"


class ClientSettings(models.Model):
    """What Auth0 keeps on an application and DOT does not: its type, the origins its pages
    run on, the grants it may use and where it hears about sign-outs."""

    class AppType(models.TextChoices):
        SPA = "spa", "Single-page application"
        NATIVE = "native", "Native application"
        REGULAR_WEB = "regular_web", "Regular web application"
        NON_INTERACTIVE = "non_interactive", "Machine to machine"

    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="idp_settings"
    )
    app_type = models.CharField(max_length=20, choices=AppType.choices)
    description = models.CharField(max_length=140, blank=True)
    # Space-separated origins (scheme://host[:port]). Web origins may frame the silent
    # sign-in page and call the token, revocation and userinfo endpoints; allowed origins
    # may only call those endpoints (Auth0's "Allowed Origins (CORS)").
    web_origins = models.TextField(blank=True)
    allowed_origins = models.TextField(blank=True)
    grant_types = models.CharField(max_length=200, blank=True)
    token_endpoint_auth_method = models.CharField(max_length=32, default="client_secret_post")
    backchannel_logout_uri = models.URLField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return f"settings of {self.application_id}"

    @property
    def web_origin_list(self) -> list[str]:
        return self.web_origins.split()

    @property
    def cors_origin_list(self) -> list[str]:
        return [*self.web_origins.split(), *self.allowed_origins.split()]

    @property
    def grant_type_list(self) -> list[str]:
        return self.grant_types.split()


class TokenFamilyContext(models.Model):
    """The sign-in and audience behind a chain of rotated refresh tokens (DOT's token family),
    so a refreshed access token keeps its audience and a refreshed ID token its `sid`."""

    token_family = models.UUIDField(unique=True)
    sid = models.CharField(max_length=64, blank=True, db_index=True)
    auth_time = models.DateTimeField(null=True, blank=True)
    audience = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"context for token family {self.token_family}"


class AppSignIn(models.Model):
    """An application a person signed in to from one idp sign-in (`sid`): who gets a
    back-channel logout when that sign-in, or the person, is signed out."""

    user = models.ForeignKey(
        "idp_accounts.User", on_delete=models.CASCADE, related_name="app_sign_ins"
    )
    application = models.ForeignKey(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sid = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sid", "application"], name="one_app_sign_in_per_sid")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.application_id} ({self.sid})"


class BackchannelLogout(models.Model):
    """One logout token owed to one application. Kept after delivery as a record; the token
    itself is signed at each attempt, so a retry never sends an expired one."""

    application = models.ForeignKey(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uri = models.URLField(max_length=2000)
    sub = models.CharField(max_length=64)
    sid = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["delivered_at", "gave_up_at"], name="backchannel_pending")]

    def __str__(self) -> str:
        return f"logout of {self.sub} for {self.application_id}"
