"""The staff API and the portal API, assembled from the routers each domain offers.

This is the one module that imports every domain's API views: the domains never import each
other's (see the import contracts in pyproject.toml).
"""

from __future__ import annotations

from portico.accounts.views.api import router as staff
from portico.api.auth import StaffBearer
from portico.api.build import build_api
from portico.clients.views.api import router as contacts
from portico.documents.views.api import router as documents
from portico.intake.views.api import router as intake
from portico.matters.views.api import router as matters
from portico.money.views.api import router as money
from portico.payments.views.portal_api import router as payments_portal
from portico.portal.views.api import router as portal_access
from portico.portal.views.portal_api import PortalSession
from portico.portal.views.portal_api import router as portal
from portico.tenancy.views.api import router as firm

staff_api = build_api(
    title="Portico staff API",
    description=(
        "For a firm's own staff and integrations. Authenticate with a staff member's access "
        "token from the identity service or with a firm API key (`Authorization: Bearer ...`)."
    ),
    namespace="api-v1",
    auth=StaffBearer(),
    unauthenticated="A valid bearer token or API key is required.",
    challenge='Bearer realm="portico"',
)
for router in (firm, staff, contacts, matters, documents, intake, money, portal_access):
    staff_api.add_router("/", router)

portal_api = build_api(
    title="Portico portal API",
    description="For the signed-in client: their own details and matters, nothing else.",
    namespace="portal-api-v1",
    auth=PortalSession(),
    unauthenticated="Please sign in to the portal.",
)
portal_api.add_router("/", portal)
portal_api.add_router("/", payments_portal)
