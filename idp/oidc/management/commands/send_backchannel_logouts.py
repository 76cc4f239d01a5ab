from django.core.management.base import BaseCommand

from idp.oidc.backchannel import deliver, pending_deliveries


class Command(BaseCommand):
    help = (
        "Send back-channel logout tokens still waiting (for example after a restart cut the "
        "retries short). Safe to run at any time, e.g. from cron."
    )

    def handle(self, *args, **options) -> None:
        ids = list(pending_deliveries().order_by("pk").values_list("pk", flat=True))
        delivered = sum(1 for delivery_id in ids if deliver(delivery_id))
        self.stdout.write(f"Delivered {delivered} of {len(ids)} waiting back-channel logouts")
