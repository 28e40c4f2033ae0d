from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "事项处置"

    def ready(self):
        from events.live import open_events_snapshot
        from events.query_layers import register_query_layers
        from realtime.registry import register_snapshot

        register_snapshot(open_events_snapshot)
        register_query_layers()
