"""Create a firm and invite its first partner: `python manage.py create_firm --name ... --slug
... --currency ... --timezone ... --partner-email ...`.

The partner gets a login at the identity service and an email with a set-password link (sent
by the worker); no password is printed or stored here. Running it again changes nothing and
says what is there; it refuses, having made nothing, when the identity service cannot be
reached.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portico.accounts.actions import invite_staff
from portico.core.errors import InvalidInput
from portico.core.rls import activate_firm
from portico.identity.admin import IdentityAdmin, IdentityError, IdentityUnavailable
from portico.tenancy.actions import FirmDetailsInput, create_firm, firm_id_for_slug
from portico.tenancy.models import Firm, StaffMember


class Command(BaseCommand):
    help = "Create a firm and invite its first partner by email (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", required=True, help="The firm's name, as clients see it.")
        parser.add_argument("--slug", required=True, help="Short unique name, e.g. harbor-vale.")
        parser.add_argument("--currency", default="USD", help="ISO 4217 code (default USD).")
        parser.add_argument(
            "--timezone",
            default="America/New_York",
            help="IANA time zone (default America/New_York).",
        )
        parser.add_argument("--partner-email", required=True, help="The first partner's email.")
        parser.add_argument(
            "--partner-name", default="", help="The first partner's name (default: from the email)."
        )

    def handle(self, *args, **options) -> None:
        email = options["partner_email"].strip().lower()
        name = options["partner_name"] or email.split("@")[0].replace(".", " ").title()
        admin = IdentityAdmin.from_settings()
        self._identity_reachable(admin)

        firm = self._firm(options)
        with transaction.atomic():
            activate_firm(firm.id)
            existing = (
                StaffMember.objects.for_firm(firm.id)
                .filter(email__iexact=email, is_active=True)
                .first()
            )
        if existing is not None and existing.role == StaffMember.Role.PARTNER:
            state = "invited, not signed in yet" if existing.is_pending else "signed in before"
            self.stdout.write(f"{email} is already a partner of {firm.name} ({state}).")
            if existing.is_pending:
                self.stdout.write("To send a fresh link, use Staff → Resend in the workspace.")
            return
        if existing is not None:
            raise CommandError(
                f"{email} already works at {firm.name} as {existing.get_role_display().lower()}; "
                "a partner can make them a partner in the workspace (Staff)."
            )
        try:
            member = invite_staff(
                firm=firm,
                email=email,
                name=name,
                role=StaffMember.Role.PARTNER,
                actor=None,
                admin=admin,
            )
        except InvalidInput as invalid:
            raise CommandError(_plain(invalid)) from None
        except IdentityError as error:
            raise CommandError(_unreachable(admin, error)) from None
        self.stdout.write(
            f"Invited {member.email} as partner of {firm.name}. The worker (python manage.py "
            "run_worker) emails them a link to choose their password; then they sign in at "
            f"{settings.PORTICO_BASE_URL}/accounts/sign-in/."
        )

    def _identity_reachable(self, admin: IdentityAdmin) -> None:
        try:
            admin.users_by_email("reachability-check@portico.invalid")
        except IdentityError as error:
            raise CommandError(_unreachable(admin, error)) from None

    def _firm(self, options) -> Firm:
        slug = options["slug"].strip().lower()
        firm_id = firm_id_for_slug(slug)
        with transaction.atomic():
            activate_firm(firm_id)
            found = Firm.objects.filter(pk=firm_id).first()
        if found is not None:
            self.stdout.write(f"Firm {found.name} ({found.slug}) exists; left as it is.")
            return found
        data = FirmDetailsInput(
            name=options["name"], currency=options["currency"], timezone=options["timezone"]
        )
        try:
            firm = create_firm(slug=slug, data=data)
        except InvalidInput as invalid:
            raise CommandError(_plain(invalid)) from None
        self.stdout.write(f"Created firm {firm.name} ({firm.slug}).")
        return firm


def _plain(invalid: InvalidInput) -> str:
    return "Nothing was created: " + " ".join(
        f"--{field.replace('_', '-')}: {' '.join(messages)}"
        for field, messages in invalid.errors.items()
    )


def _unreachable(admin: IdentityAdmin, error: IdentityError) -> str:
    if isinstance(error, IdentityUnavailable):
        return (
            f"The identity service at {admin.issuer} cannot be reached ({error.message or error}). "
            "Start it, or set IDP_SCHEME and IDP_DOMAIN to where it runs, and run this again. "
            "Nothing was created."
        )
    return (
        f"The identity service at {admin.issuer} refused Portico's management client "
        f"({error.status} {error.message or error.error}). Check IDP_MGMT_CLIENT_ID and "
        "IDP_MGMT_CLIENT_SECRET against `python -m idp register_m2m_client` (or your Auth0 "
        "machine-to-machine application). Nothing was created."
    )
