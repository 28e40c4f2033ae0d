from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "事项处置"

    def ready(self):
        from events.forces import register_provider
        from events.live import open_events_snapshot
        from events.nearby import WORKERS
        from realtime.registry import register_snapshot

        register_snapshot(open_events_snapshot)
        register_provider(WORKERS)
