"""What DOT does not model: APIs (audiences), which apps may call them, and the idp session
behind each authorization code."""

from django.db import models
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings


class ApiResource(models.Model):
    """An API an access token can be issued for (Auth0's "API", keyed by its audience)."""

    identifier = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=255)
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
