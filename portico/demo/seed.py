"""The demo world of DESIGN.md, seeded once and kept on every later run.

Identities are made through the same Management API adapter production uses, so a demo run
also proves the path a real firm takes.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from portico.clients.models import Contact
from portico.core.rls import activate_firm
from portico.demo.practice import seed_practice
from portico.identity.admin import IdentityAdmin
from portico.identity.grants import PORTAL_GRANTS_KEY, STAFF_GRANTS_KEY
from portico.portal.access import portal_account_for_contact, primary_email_of
from portico.portal.actions import grant_portal_access
from portico.portal.tasks import show_firm_at_identity_service
from portico.tenancy.actions import FirmFaceInput, create_api_key, update_firm_face
from portico.tenancy.keys import fingerprint_api_key
from portico.tenancy.models import ApiKey, Firm, StaffMember


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    password: str
    role: str = StaffMember.Role.ASSOCIATE


@dataclass(frozen=True)
class DemoFirm:
    name: str
    slug: str
    staff: tuple[Person, ...]


DEMO_FIRMS = (
    DemoFirm(
        "Harbor & Vale LLP",
        "harbor-vale",
        (
            Person("Alice Harbor", "alice@harborvale.example", "Sextant-Lamp-Orchid-7", "partner"),
            Person("Bob Vale", "bob@harborvale.example", "Copper-Meadow-Kite-3", "associate"),
        ),
    ),
    DemoFirm(
        "Other Firm",
        "other-firm",
        (Person("Dave Other", "dave@otherfirm.example", "Granite-Willow-Fern-5", "partner"),),
    ),
)


# Clients who already use the portal in the demo, and the passwords they chose. The others (dan)
# are left for a newcomer to invite, and to follow the invitation in the dev mailbox.
CLIENT_PASSWORDS = {
    "carol@marsh.example": "Juniper-Signal-Ledger-8",
    "erin@walsh.example": "Meadow-Copper-Beacon-4",
}


def demo_file() -> Path:
    return Path(settings.PORTICO_VAR_DIR) / "demo.json"


def _ensure_identity(admin: IdentityAdmin, person: Person, firm: Firm) -> str:
    found = admin.users_by_email(person.email)
    if found:
        return found[0]["user_id"]
    user = admin.create_user(
        email=person.email,
        password=person.password,
        email_verified=True,
        name=person.name,
        app_metadata={STAFF_GRANTS_KEY: [str(firm.id)]},
    )
    return user["user_id"]


def _ensure_api_token(firm: Firm, previous: dict | None) -> str:
    token = (previous or {}).get("api_token")
    if (
        token
        and ApiKey.objects.for_firm(firm.id)
        .filter(fingerprint=fingerprint_api_key(token), revoked_at__isnull=True)
        .exists()
    ):
        return token
    _key, raw = create_api_key(firm=firm, name="Demo integration", actor=None)
    return raw


def _ensure_portal_access(
    admin: IdentityAdmin, contact: Contact, password: str, actor: StaffMember | None
) -> None:
    """Portal access as if the client had followed their invitation and chosen `password`."""
    if portal_account_for_contact(contact.firm_id, contact.id) is not None:
        return
    email = primary_email_of(contact)
    if not admin.users_by_email(email):
        admin.create_user(
            email=email,
            password=password,
            email_verified=True,
            name=contact.display_name,
            app_metadata={PORTAL_GRANTS_KEY: {str(contact.firm_id): str(contact.id)}},
        )
    # The real grant, which finds that user and sends the invitation (see the dev mailbox).
    grant_portal_access(contact=contact, actor=actor, admin=admin)


# The demo's face for Harbor & Vale: its own colour and a drawn monogram, so the portal, the
# invitation and the sign-in page show what a firm's branding looks like.
HARBOR_ACCENT = "#1d4e89"


def _monogram(text: str, colour: str) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 239, 239), radius=48, fill=colour)
    font = ImageFont.load_default(size=96)
    draw.text((120, 124), text, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("harbor-vale.png", out.getvalue(), content_type="image/png")


def _ensure_face(firm: Firm) -> None:
    """Harbor & Vale shows its logo and colour; the firm is made known to the identity service
    either way (its worker does it after commit), so sign-in pages can carry its name."""
    if firm.slug == "harbor-vale" and not firm.logo and not firm.accent_colour:
        partner = StaffMember.objects.for_firm(firm.id).filter(role="partner").first()
        update_firm_face(
            firm=firm,
            data=FirmFaceInput(accent_colour=HARBOR_ACCENT, logo=_monogram("H&V", HARBOR_ACCENT)),
            actor=partner,
        )
    elif not firm.identity_organization_id:
        firm_id = str(firm.id)
        transaction.on_commit(lambda: show_firm_at_identity_service.enqueue(firm_id=firm_id))


def seed_demo(admin: IdentityAdmin | None = None, *, path: Path | None = None) -> dict:
    """Create what is missing of the demo world; return (and write) its sign-in details."""
    admin = admin or IdentityAdmin.from_settings()
    path = path or demo_file()
    previous = json.loads(path.read_text()) if path.exists() else {"firms": []}
    previous_by_slug = {f["slug"]: f for f in previous.get("firms", [])}
    out = {"firms": []}
    for spec in DEMO_FIRMS:
        with transaction.atomic():
            firm = Firm.objects.filter(slug=spec.slug).first()
            if firm is None:
                firm = Firm(name=spec.name, slug=spec.slug)
                activate_firm(firm.id)
                firm.save()
            activate_firm(firm.id)
            for person in spec.staff:
                sub = _ensure_identity(admin, person, firm)
                StaffMember.objects.for_firm(firm.id).get_or_create(
                    firm=firm,
                    sub=sub,
                    defaults={"email": person.email, "name": person.name, "role": person.role},
                )
            token = _ensure_api_token(firm, previous_by_slug.get(spec.slug))
            _ensure_face(firm)
            clients = seed_practice(firm)
            for client in clients:
                client["password"] = CLIENT_PASSWORDS.get(client["email"])
                if client["password"]:
                    contact = Contact.objects.for_firm(firm.id).get(pk=client["contact_id"])
                    partner = (
                        StaffMember.objects.for_firm(firm.id)
                        .filter(role=StaffMember.Role.PARTNER)
                        .order_by("created_at")
                        .first()
                    )
                    _ensure_portal_access(admin, contact, client["password"], partner)
        out["firms"].append(
            {
                "name": firm.name,
                "slug": firm.slug,
                "api_token": token,
                "staff": [
                    {"email": p.email, "password": p.password, "role": p.role} for p in spec.staff
                ],
                "clients": clients,
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2))
    return out
