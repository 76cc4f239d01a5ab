from django.core.management.base import BaseCommand, CommandParser

from idp.oidc.actions import register_api


class Command(BaseCommand):
    help = "Create or update an API that access tokens can be requested for (an audience)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--identifier", required=True, help="The audience, usually a URL.")
        parser.add_argument("--name", required=True)

    def handle(self, *args, **options) -> None:
        api = register_api(identifier=options["identifier"], name=options["name"])
        self.stdout.write(f"Registered API {api.identifier}")
