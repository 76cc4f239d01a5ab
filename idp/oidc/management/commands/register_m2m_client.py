from django.core.management.base import BaseCommand, CommandError, CommandParser

from idp.oidc.actions import ClientInvalid, register_m2m_client


class Command(BaseCommand):
    help = (
        "Create or update a machine-to-machine application (client credentials) and grant it "
        "scopes on one API, such as the Management API at <issuer>api/v2/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--audience", required=True, help="The API's identifier.")
        parser.add_argument(
            "--scopes", required=True, help='Space-separated, e.g. "read:users create:users".'
        )

    def handle(self, *args, **options) -> None:
        try:
            application = register_m2m_client(
                client_id=options["client_id"],
                client_secret=options["client_secret"],
                name=options["name"],
                audience=options["audience"],
                scopes=options["scopes"].split(),
            )
        except (ValueError, ClientInvalid) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Registered machine-to-machine application {application.client_id} "
            f"for {options['audience']}"
        )
