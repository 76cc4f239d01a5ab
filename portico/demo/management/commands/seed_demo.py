import time

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portico.demo.seed import demo_file, seed_demo


class Command(BaseCommand):
    help = "Seed the demo firms, staff and API tokens (once; later runs keep existing data)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait", type=float, default=0, help="Seconds to wait for the identity service."
        )
        parser.add_argument(
            "--banner", action="store_true", help="Print where to click and how to sign in."
        )

    def handle(self, *args, wait: float, banner: bool, **options):
        self._wait_for_identity(wait)
        data = seed_demo()
        if banner:
            self.stdout.write(render_banner(data))
        else:
            self.stdout.write(f"Demo seeded; sign-in details in {demo_file()}")

    def _wait_for_identity(self, wait: float) -> None:
        url = f"{settings.IDP_ISSUER}.well-known/openid-configuration"
        deadline = time.monotonic() + wait
        while True:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() >= deadline:
                raise CommandError(f"The identity service is not answering at {url}.")
            time.sleep(0.5)


def render_banner(data: dict) -> str:
    base = settings.PORTICO_BASE_URL
    lines = [
        "",
        "=" * 72,
        "  Portico is running.",
        f"  Open {base}/ and choose staff or client sign-in: both happen at the identity",
        f"  service ({settings.IDP_ISSUER}); Portico itself never sees a password.",
        "",
    ]
    for firm in data["firms"]:
        lines.append(f"  {firm['name']}")
        for person in firm["staff"]:
            lines.append(
                f"    {person['role']:<10} {person['email']:<30} password: {person['password']}"
            )
        for client in firm["clients"]:
            if client["password"]:
                lines.append(f"    client     {client['email']:<30} password: {client['password']}")
            else:
                lines.append(
                    f"    client     {client['email']:<30} not invited yet: grant access from their page"
                )
        lines.append(f"    staff API token: {firm['api_token']}")
    lines += [
        "",
        f"  Client portal: {base}/portal/  (clients sign in there, also at the identity service)",
        f"  Staff API: {base}/api/v1/  (OpenAPI: {base}/api/v1/openapi.json)",
        f"  Dev mailbox: {base}/_dev/mail/",
        f"  All of this is also in {demo_file()}",
        "  Press Ctrl-C to stop.",
        "=" * 72,
        "",
    ]
    return "\n".join(lines)
