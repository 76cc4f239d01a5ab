from django.core.management.base import BaseCommand, CommandParser

from idp.oidc.actions import register_client


class Command(BaseCommand):
    help = (
        "Create or update a confidential web application that signs people in "
        "(authorization code with PKCE, RS256 ID tokens, no consent screen)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--redirect-uri",
            action="append",
            required=True,
            dest="redirect_uris",
            help="Allowed callback URL; repeat for several.",
        )
        parser.add_argument(
            "--logout-uri",
            action="append",
            default=[],
            dest="logout_uris",
            help="Allowed URL to return to after sign-out; repeat for several.",
        )

    def handle(self, *args, **options) -> None:
        application = register_client(
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            name=options["name"],
            redirect_uris=options["redirect_uris"],
            logout_uris=options["logout_uris"],
        )
        self.stdout.write(f"Registered web application {application.client_id}")
