from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "portico.live"
    label = "live"
    verbose_name = "Live updates"

    def ready(self) -> None:
        from portico.core.events import subscribe
        from portico.live.record import record_live_event

        # Every domain event, once committed, is kept for its audiences and sent to the streams.
        subscribe(None, record_live_event)
