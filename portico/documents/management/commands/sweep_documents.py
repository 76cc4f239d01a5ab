from django.core.management.base import BaseCommand

from portico.documents.tasks import sweep_orphans


class Command(BaseCommand):
    help = (
        "Delete stored document files that no record names, and temporary files of uploads "
        "that never finished, once older than the grace period (an hour unless --grace)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--grace", type=int, default=None, help="seconds")

    def handle(self, *args, grace: int | None = None, **options):
        deleted = sweep_orphans.call(grace_seconds=grace)
        self.stdout.write(f"{deleted} file(s) deleted.")
