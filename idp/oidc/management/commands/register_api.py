from django.core.management.base import BaseCommand, CommandError, CommandParser

from idp.oidc.actions import register_api


class Command(BaseCommand):
    help = "Create or update an API that access tokens can be requested for (an audience)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--identifier", required=True, help="The audience, usually a URL.")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--token-lifetime",
            type=int,
            default=None,
            help=(
                "Seconds an access token for this API lasts (Auth0's token expiration). "
                "Default: IDP_ACCESS_TOKEN_LIFETIME for people, one day for applications."
            ),
        )

    def handle(self, *args, **options) -> None:
        try:
            api = register_api(
                identifier=options["identifier"],
                name=options["name"],
                token_lifetime=options["token_lifetime"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Registered API {api.identifier}")
