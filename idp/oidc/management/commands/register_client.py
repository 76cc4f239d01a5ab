from django.core.management.base import BaseCommand, CommandError, CommandParser

from idp.oidc.actions import ClientInvalid, register_client


class Command(BaseCommand):
    help = (
        "Create or update an application that signs people in (authorization code, RS256 ID "
        "tokens, no consent screen): a confidential web application with a secret, or with "
        "--public a single-page or native application that uses PKCE instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument(
            "--client-secret", default="", help="Required unless --public is given."
        )
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--public",
            action="store_true",
            help="A single-page or native application: no secret, PKCE required.",
        )
        parser.add_argument(
            "--redirect-uri",
            action="append",
            required=True,
            dest="redirect_uris",
            help="Allowed callback URL, matched exactly; repeat for several.",
        )
        parser.add_argument(
            "--logout-uri",
            action="append",
            default=[],
            dest="logout_uris",
            help="Allowed URL to return to after sign-out; repeat for several.",
        )
        parser.add_argument(
            "--web-origin",
            action="append",
            default=[],
            dest="web_origins",
            help=(
                "Origin (https://app.example.com) whose pages may call the token, revoke and "
                "userinfo endpoints and use silent sign-in or a popup; repeat for several."
            ),
        )
        parser.add_argument(
            "--backchannel-logout-uri",
            default="",
            help="Where this service posts a signed logout token when a person is signed out.",
        )

    def handle(self, *args, **options) -> None:
        if options["public"] and options["client_secret"]:
            raise CommandError("A public application has no secret; leave out --client-secret.")
        try:
            application = register_client(
                client_id=options["client_id"],
                client_secret=options["client_secret"],
                name=options["name"],
                redirect_uris=options["redirect_uris"],
                logout_uris=options["logout_uris"],
                public=options["public"],
                web_origins=options["web_origins"],
                backchannel_logout_uri=options["backchannel_logout_uri"],
            )
        except ClientInvalid as error:
            raise CommandError(str(error)) from error
        kind = "public" if options["public"] else "web"
        self.stdout.write(f"Registered {kind} application {application.client_id}")
