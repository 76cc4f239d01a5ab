from idp.organizations.models import Organization


def organization_for(key: str) -> Organization | None:
    """The organization `/authorize?organization=` names: Auth0 accepts its id or its name."""
    if not key:
        return None
    if key.startswith("org_"):
        return Organization.objects.filter(pk=key).first()
    return Organization.objects.filter(name=key.lower()).first()
