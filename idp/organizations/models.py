"""Auth0's Organizations, as far as Portico uses them: a law firm's name and branding, shown
on the sign-in page when sign-in starts with `organization=<id or name>`."""

import secrets
import string

from django.db import models
from django.utils import timezone

_ALPHABET = string.ascii_letters + string.digits


def new_organization_id() -> str:
    return "org_" + "".join(secrets.choice(_ALPHABET) for _ in range(16))


class Organization(models.Model):
    id = models.CharField(primary_key=True, max_length=40, default=new_organization_id)
    # Auth0: lower-case letters, digits, "-" and "_", at most 50 characters; unique.
    name = models.CharField(max_length=50, unique=True)
    display_name = models.CharField(max_length=255, blank=True)
    logo_url = models.URLField(max_length=2000, blank=True)
    primary_colour = models.CharField(max_length=7, blank=True)
    page_background = models.CharField(max_length=7, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name or self.name
